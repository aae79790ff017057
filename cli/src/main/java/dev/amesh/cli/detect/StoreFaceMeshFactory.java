package dev.amesh.cli.detect;

import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.ModelStore;
import dev.amesh.mesh.FaceMesh;
import java.io.IOException;

/** The default models: BlazeFace and the attention mesh from the model cache, fetched on first use. */
public final class StoreFaceMeshFactory implements FaceMeshFactory {
    @Override
    public FaceMesh create(String backend, Integer threads, int maxFaces) throws IOException {
        ModelStore store = ModelStore.defaultStore();
        FaceMesh.Builder b = FaceMesh.builder()
                .models(store.load(ModelId.DETECTOR), store.load(ModelId.ATTENTION))
                .maxFaces(maxFaces);
        if (backend != null) {
            b.backend(backend);
        }
        if (threads != null) {
            b.threads(threads);
        }
        return b.build();
    }
}
