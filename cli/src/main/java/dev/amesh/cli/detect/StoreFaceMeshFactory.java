package dev.amesh.cli.detect;

import dev.amesh.mesh.FaceMesh;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The default models: BlazeFace and the attention mesh from the model cache, fetched on first use. */
public final class StoreFaceMeshFactory implements FaceMeshFactory {
    @Override
    public FaceMesh create(EngineChoice engine, int maxFaces) throws IOException {
        FaceMesh.Builder b = FaceMesh.builder().maxFaces(maxFaces);
        try {
            b.defaultModels();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (engine.backend() != null) {
            b.backend(engine.backend());
        }
        if (engine.threads() != null) {
            b.threads(engine.threads());
        }
        if (engine.device() != null) {
            b.device(engine.device());
        }
        b.parallelFaces(engine.parallelFaces());
        return b.build();
    }
}
