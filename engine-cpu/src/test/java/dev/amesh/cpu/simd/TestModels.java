package dev.amesh.cpu.simd;

import dev.amesh.api.graph.Graph;
import dev.amesh.converter.tflite.TfliteConverter;
import dev.amesh.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/** The three converted models and a real input for each, converted once per test JVM. */
final class TestModels {
    static final String ATTENTION = "face_landmark_with_attention.tflite";
    static final String MESH = "face_landmark.tflite";
    static final String DETECTOR = "face_detection_short_range.tflite";

    private static final Map<String, Graph> CACHE = new ConcurrentHashMap<>();

    private TestModels() {
    }

    // TODO(models): ModelStore
    static Path modelFile(String fileName) {
        Path p = Path.of("/work/models-tmp", fileName);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("model file " + p + " is missing");
        }
        return p;
    }

    static Graph graph(String fileName) {
        return CACHE.computeIfAbsent(fileName, f -> {
            try {
                return TfliteConverter.convert(modelFile(f)).graph();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The reference-data input image for a model: the 192x192 face crop, or the 128x128 detector input. */
    static float[] input(String fileName) {
        return TestData.readF32(fileName.equals(DETECTOR) ? "raw/inputs/astronaut_full_128_pm1.f32"
                : "raw/inputs/astronaut_face_192.f32");
    }
}
