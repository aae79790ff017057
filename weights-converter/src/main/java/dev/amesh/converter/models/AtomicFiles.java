package dev.amesh.converter.models;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Cache writes: every file is written under a temporary name in its final folder, checked, and then
 * renamed over the target in one step, so a crash or a failed check never leaves a half-written entry.
 */
final class AtomicFiles {
    /** Suffix of temporary files; anything with it in a cache folder is debris from a crashed process. */
    static final String PART_SUFFIX = ".part";

    @FunctionalInterface
    interface Writer {
        void write(Path tmp) throws IOException;
    }

    @FunctionalInterface
    interface Check {
        void verify(Path tmp) throws IOException;
    }

    private AtomicFiles() {
    }

    /** A fresh temporary path next to {@code target}; {@code keepSuffix} is appended after the random part. */
    static Path tempFor(Path target, String keepSuffix) {
        String rnd = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        return target.resolveSibling("." + target.getFileName() + "." + rnd + PART_SUFFIX + keepSuffix);
    }

    /** Writes through {@code writer} to a temporary file, runs {@code check} on it, then renames it to {@code target}. */
    static void write(Path target, Writer writer, Check check) throws IOException {
        write(target, "", writer, check);
    }

    static void write(Path target, String tmpSuffix, Writer writer, Check check) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = tempFor(target, tmpSuffix);
        try {
            writer.write(tmp);
            check.verify(tmp);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void write(Path target, byte[] bytes, Check check) throws IOException {
        write(target, tmp -> Files.write(tmp, bytes), check);
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes temporary files that a crashed process left in {@code dir}; call only while holding the cache lock. */
    static void deleteDebris(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*" + PART_SUFFIX + "*")) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
    }
}
