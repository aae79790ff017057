package dev.amesh.mesh.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.TestModels;
import dev.amesh.mesh.FaceMesh;
import dev.amesh.mesh.FaceMeshResult;
import dev.amesh.mesh.image.ImageLoader;
import dev.amesh.mesh.image.ImageSampling;
import dev.amesh.mesh.image.RgbImage;
import dev.amesh.mesh.landmarks.LandmarkRunner;
import dev.amesh.testing.TestData;
import dev.amesh.testing.Tolerance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FaceCropTest {
    @ParameterizedTest
    @EnumSource(ImageSampling.class)
    void cropIsTheInputTheFacePipelineUses(ImageSampling sampling) throws Exception {
        Graph detector = TestModels.graph(ModelId.DETECTOR);
        Graph attention = TestModels.graph(ModelId.ATTENTION);
        RgbImage photo = new ImageLoader().load(TestData.reference("images/astronaut.png"));
        BackendOptions one = BackendOptions.defaults().withThreads(1);
        FaceCrop crop;
        float[] fromCrop;
        try (CompiledModel det = Backends.get("scalar").compile(detector, one);
                CompiledModel lm = Backends.get("scalar").compile(attention, one)) {
            crop = FaceCrop.firstFace(photo, det, attention, sampling).orElseThrow();
            fromCrop = new LandmarkRunner(lm, sampling).decode(lm.run(crop.input()), crop.rect()).landmarks();
        }
        FaceMeshResult result;
        try (FaceMesh mesh = FaceMesh.builder().models(detector, attention).imageSampling(sampling)
                .backend("scalar").threads(1).build()) {
            result = mesh.detect(photo);
        }
        assertEquals(1, result.faces().size());
        float[] px = result.faces().get(0).landmarks();
        float[] expected = new float[fromCrop.length];
        for (int i = 0; i < fromCrop.length; i += 3) {
            expected[i] = fromCrop[i] * photo.width();
            expected[i + 1] = fromCrop[i + 1] * photo.height();
            expected[i + 2] = fromCrop[i + 2] * photo.width();
        }
        // Same crop, same model, same decoding: the same numbers.
        Tolerance.EXACT.assertClose("landmarks", expected, px);
        // The ROI map sends the input centre to the ROI centre.
        double[] centre = crop.roi().apply(96, 96);
        assertEquals(crop.rect().xCenter() * photo.width(), centre[0], 1e-3);
        assertEquals(crop.rect().yCenter() * photo.height(), centre[1], 1e-3);
        assertTrue(crop.detectionScore() > 0.5f);
    }
}
