package dev.amesh.jmh;

import dev.amesh.api.backend.Backend;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.graph.Graph;
import dev.amesh.converter.tflite.TfliteConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Model files and backends for the benchmarks. */
final class Models {
    static final String ATTENTION = "face_landmark_with_attention.tflite";

    private Models() {
    }

    // TODO(models): ModelStore
    static Graph load(String fileName) throws IOException {
        Path dir = Path.of(System.getProperty("amesh.models", "/work/models-tmp"));
        Path file = dir.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("model " + file + " not found; pass -Damesh.models=<dir> via -jvmArgsAppend");
        }
        return TfliteConverter.convert(file).graph();
    }

    /** The backend named {@code name}; fails with the backend's own reason when it cannot run here. */
    static Backend backend(String name) {
        try {
            return Backends.get(name);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IllegalStateException("benchmark backend '" + name + "' cannot run: " + e.getMessage(), e);
        }
    }
}
