package dev.amesh.cli.detect;

import dev.amesh.mesh.FaceMesh;
import dev.amesh.mesh.LandmarkResult;
import dev.amesh.mesh.cascade.FaceCascade;
import dev.amesh.mesh.image.RgbImage;

/** The pipeline that {@code amesh detect} runs on each image, whichever {@link PipelineKind} it is. */
public interface FacePipeline extends AutoCloseable {
    LandmarkResult detect(RgbImage image);

    @Override
    void close();

    static FacePipeline of(FaceMesh mesh) {
        return new FacePipeline() {
            @Override
            public LandmarkResult detect(RgbImage image) {
                return mesh.detect(image);
            }

            @Override
            public void close() {
                mesh.close();
            }
        };
    }

    static FacePipeline of(FaceCascade cascade) {
        return new FacePipeline() {
            @Override
            public LandmarkResult detect(RgbImage image) {
                return cascade.detect(image);
            }

            @Override
            public void close() {
                cascade.close();
            }
        };
    }
}
