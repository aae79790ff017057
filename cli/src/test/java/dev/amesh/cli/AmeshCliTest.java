package dev.amesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line behaviour that needs no model: help, usage errors (exit 2), failures (exit 1). */
class AmeshCliTest {
    @TempDir
    Path tmp;

    @Test
    void helpListsCommands() {
        CliRun r = CliRun.of("--help");
        assertEquals(0, r.code(), r.toString());
        for (String cmd : new String[] {"models", "convert", "run"}) {
            assertTrue(r.out().contains(cmd), r.toString());
        }
    }

    @Test
    void unknownCommandIsUsageError() {
        CliRun r = CliRun.of("frobnicate");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.oneErrorLine(), r.toString());
    }

    @Test
    void missingOptionIsUsageErrorOnOneLine() {
        CliRun r = CliRun.of("run", "attention", "--input", "x.npy");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.oneErrorLine(), r.toString());
        assertTrue(r.err().contains("--out"), r.toString());
    }

    @Test
    void rawInputWithoutShapeIsUsageError() {
        CliRun r = CliRun.of("run", "attention", "--input", "face.f32", "--out", tmp.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("amesh run: 1 raw float32 input but 0 --shape options"), r.toString());
    }

    @Test
    void unknownModelIsUsageError() throws IOException {
        Path in = tmp.resolve("in.npy");
        Files.write(in, new byte[0]);
        CliRun r = CliRun.of("run", "iris", "--input", in.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("MODEL 'iris' is neither attention, mesh, detector nor an existing .amesh file"),
                r.toString());
    }

    @Test
    void failedFetchIsOneLineAndExitOne() {
        Path missing = tmp.resolve("nothing-here.tgz");
        CliRun r = CliRun.of("models", "fetch", "--from", missing.toString(), "--cache-dir", tmp.resolve("c").toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.oneErrorLine(), r.toString());
        assertTrue(r.err().startsWith("amesh fetch: --from " + missing + " does not exist"), r.toString());
    }

    @Test
    void verboseAddsStackTrace() {
        Path missing = tmp.resolve("nothing-here.tgz");
        CliRun r = CliRun.of("models", "fetch", "--verbose", "--from", missing.toString(), "--cache-dir",
                tmp.resolve("c").toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("\tat dev.amesh.converter.models.ModelStore"), r.toString());
    }

    @Test
    void modelsPathShowsCacheAndState() {
        Path cache = tmp.resolve("cache");
        CliRun r = CliRun.of("models", "path", "--cache-dir", cache.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("cache      " + cache), r.toString());
        assertTrue(r.out().contains(cache.resolve("converted").resolve("face_landmark.amesh") + "  [missing"),
                r.toString());
    }

    @Test
    void convertRefusesToOverwriteItsInput() throws IOException {
        Path in = tmp.resolve("m.tflite");
        Files.write(in, new byte[] {1, 2, 3});
        CliRun r = CliRun.of("convert", in.toString(), tmp.resolve(".").resolve("m.tflite").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("refusing to overwrite"), r.toString());
        assertEquals(3, Files.size(in));
    }
}
