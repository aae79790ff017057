package dev.amesh.mesh.inspect;

import dev.amesh.api.graph.Graph;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.ModelStore;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The real models for this package's tests.
 * TODO(models): switch to dev.amesh.converter.models.TestModels once mesh-model has the weights-converter
 * test-jar as a test dependency.
 */
final class InspectModels {
    private static final Map<ModelId, Graph> GRAPHS = new EnumMap<>(ModelId.class);

    private InspectModels() {
    }

    static synchronized Graph graph(ModelId id) {
        Graph g = GRAPHS.get(id);
        if (g == null) {
            ModelStore store = ModelStore.defaultStore();
            String env = System.getenv("AMESH_OFFLINE");
            boolean offline = Boolean.getBoolean("amesh.offline") || "1".equals(env) || "true".equalsIgnoreCase(env);
            boolean skip;
            try {
                skip = offline && !store.hasTflite(id);
            } catch (IOException e) {
                skip = offline;
            }
            if (skip) {
                Assumptions.abort("model " + id.shortName() + " not cached and AMESH_OFFLINE is set");
            }
            try {
                g = store.load(id);
            } catch (Exception e) {
                throw new AssertionError("model '" + id.shortName() + "' is not available: " + e.getMessage()
                        + " Run ./amesh models fetch, or set AMESH_OFFLINE=1 to skip.", e);
            }
            GRAPHS.put(id, g);
        }
        return g;
    }

    static Graph attention() {
        return graph(ModelId.ATTENTION);
    }
}
