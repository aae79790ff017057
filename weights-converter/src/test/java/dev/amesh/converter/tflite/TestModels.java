package dev.amesh.converter.tflite;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the three MediaPipe models. */
final class TestModels {
    static final String ATTENTION = "face_landmark_with_attention.tflite";
    static final String FACE_LANDMARK = "face_landmark.tflite";
    static final String DETECTOR = "face_detection_short_range.tflite";

    private TestModels() {
    }

    // TODO(models): ModelStore — switch to dev.amesh.converter.models.ModelStore once it exists.
    static Path model(String fileName) {
        Path p = Path.of("/work/models-tmp").resolve(fileName);
        assumeTrue(Files.isRegularFile(p), "model file " + p + " is not available");
        return p;
    }
}
