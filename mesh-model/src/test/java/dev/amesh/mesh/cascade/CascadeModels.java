package dev.amesh.mesh.cascade;

import static org.junit.jupiter.api.Assumptions.abort;

import dev.amesh.api.graph.Graph;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.TestModels;
import dev.amesh.converter.models.TfjsModelStore;

/** The real models for the cascade tests: MediaPipe's through TestModels, the iris model from its cache. */
final class CascadeModels {
    private static Graph iris;

    private CascadeModels() {
    }

    static Graph graph(ModelId id) {
        return TestModels.graph(id);
    }

    /** The converted iris graph, loaded once; aborts the test when offline and not cached. */
    static synchronized Graph iris() throws Exception {
        if (iris == null) {
            TfjsModelStore store = TfjsModelStore.defaultStore();
            if (TestModels.offline() && !store.hasFiles(TfjsModelStore.IRIS)) {
                abort("the iris model is not in the cache " + store.cacheDir() + " and downloading is off"
                        + " (AMESH_OFFLINE / amesh.offline)");
            }
            iris = store.load(TfjsModelStore.IRIS);
        }
        return iris;
    }
}
