package dev.amesh.converter.models;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A hash of the compiled classes of some packages, so that cached conversions are redone whenever the
 * converter or the file format code changes, even if nobody remembers to bump a version number.
 */
final class CodeFingerprint {
    private CodeFingerprint() {
    }

    /**
     * SHA-256 (first 16 hex digits) over the names and bytes of every class file in the packages of
     * {@code anchors}; empty if a class was not loaded from a plain folder or jar.
     */
    static String of(Class<?>... anchors) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Class<?> anchor : anchors) {
                TreeMap<String, byte[]> classes = classesOfPackage(anchor);
                if (classes.isEmpty()) {
                    return "";
                }
                for (var e : classes.entrySet()) {
                    md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                    md.update(e.getValue());
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (IOException | URISyntaxException | NoSuchAlgorithmException | SecurityException e) {
            return "";
        }
    }

    private static TreeMap<String, byte[]> classesOfPackage(Class<?> anchor) throws IOException, URISyntaxException {
        TreeMap<String, byte[]> classes = new TreeMap<>();
        CodeSource source = anchor.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return classes;
        }
        String prefix = anchor.getPackageName().replace('.', '/') + "/";
        Path location = Paths.get(source.getLocation().toURI());
        if (Files.isDirectory(location)) {
            Path dir = location.resolve(prefix);
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".class")).forEach(files::add);
            }
            for (Path p : files) {
                classes.put(prefix + p.getFileName(), Files.readAllBytes(p));
            }
        } else if (Files.isRegularFile(location)) {
            try (JarFile jar = new JarFile(location.toFile())) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    String name = e.getName();
                    if (name.startsWith(prefix) && name.endsWith(".class") && name.indexOf('/', prefix.length()) < 0) {
                        try (InputStream in = jar.getInputStream(e)) {
                            classes.put(name, in.readAllBytes());
                        }
                    }
                }
            }
        }
        return classes;
    }
}
