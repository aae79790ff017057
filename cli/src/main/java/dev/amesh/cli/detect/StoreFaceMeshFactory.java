package dev.amesh.cli.detect;

import dev.amesh.mesh.FaceMesh;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The default models: BlazeFace and the attention mesh from the model cache, fetched on first use. */
public final class StoreFaceMeshFactory implements FaceMeshFactory {
    @Override
    public FaceMesh create(String backend, Integer threads, int maxFaces) throws IOException {
        FaceMesh.Builder b = FaceMesh.builder().maxFaces(maxFaces);
        try {
            b.defaultModels();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (backend != null) {
            b.backend(backend);
        }
        if (threads != null) {
            b.threads(threads);
        }
        return b.build();
    }
}
