package dev.amesh.converter.tflite;

import dev.amesh.converter.models.ModelId;
import java.nio.file.Path;

/** Where the converter tests find the three MediaPipe models: the shared model store (fetched, cached, checked). */
final class TestModels {
    // Literals, because tests use them in annotations; model() checks them against ModelId.
    static final String ATTENTION = "face_landmark_with_attention.tflite";
    static final String FACE_LANDMARK = "face_landmark.tflite";
    static final String DETECTOR = "face_detection_short_range.tflite";

    private TestModels() {
    }

    static Path model(String fileName) {
        for (ModelId id : ModelId.values()) {
            if (id.fileName().equals(fileName)) {
                return dev.amesh.converter.models.TestModels.tflite(id);
            }
        }
        throw new IllegalArgumentException("not a MediaPipe model of this project: " + fileName);
    }
}
