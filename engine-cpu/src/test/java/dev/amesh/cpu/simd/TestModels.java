package dev.amesh.cpu.simd;

import dev.amesh.api.graph.Graph;
import dev.amesh.converter.models.ModelId;
import dev.amesh.testing.TestData;

/** The three converted models and a real input for each. */
final class TestModels {
    static final String ATTENTION = "face_landmark_with_attention.tflite";
    static final String MESH = "face_landmark.tflite";
    static final String DETECTOR = "face_detection_short_range.tflite";

    private TestModels() {
    }

    /** Through the shared model store (fetched, checked and converted once, cached on disk). */
    static Graph graph(String fileName) {
        for (ModelId id : ModelId.values()) {
            if (id.fileName().equals(fileName)) {
                return dev.amesh.converter.models.TestModels.graph(id);
            }
        }
        throw new IllegalArgumentException("not a MediaPipe model of this project: " + fileName);
    }

    /** The reference-data input image for a model: the 192x192 face crop, or the 128x128 detector input. */
    static float[] input(String fileName) {
        return TestData.readF32(fileName.equals(DETECTOR) ? "raw/inputs/astronaut_full_128_pm1.f32"
                : "raw/inputs/astronaut_face_192.f32");
    }
}
