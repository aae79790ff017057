package dev.amesh.opencl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/** The OpenCL C sources under {@code src/main/resources/cl/}, each prefixed with {@code common.cl}. */
final class KernelSources {
    private static final ConcurrentHashMap<String, String> SOURCES = new ConcurrentHashMap<>();

    private KernelSources() {
    }

    /** {@code common.cl} followed by {@code file}. */
    static String program(String file) {
        return SOURCES.computeIfAbsent(file, f -> read("common.cl") + "\n" + read(f));
    }

    private static String read(String file) {
        try (InputStream in = KernelSources.class.getResourceAsStream("/cl/" + file)) {
            if (in == null) {
                throw new IllegalStateException("kernel source cl/" + file + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source cl/" + file, e);
        }
    }
}
