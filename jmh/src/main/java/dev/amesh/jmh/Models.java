package dev.amesh.jmh;

import dev.amesh.api.backend.Backend;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.ModelStore;
import java.io.IOException;
import java.util.Random;

/** Model files and backends for the benchmarks. */
final class Models {
    static final String ATTENTION = "face_landmark_with_attention.tflite";

    private Models() {
    }

    /** A MediaPipe model from the model store (~/.cache/amesh, or -Damesh.cache), fetched on first use. */
    static Graph load(String fileName) throws IOException {
        for (ModelId id : ModelId.values()) {
            if (id.fileName().equals(fileName)) {
                return ModelStore.defaultStore().load(id);
            }
        }
        throw new IllegalArgumentException("not a MediaPipe model of this project: " + fileName);
    }

    /** The backend named {@code name}; fails with the backend's own reason when it cannot run here. */
    static Backend backend(String name) {
        try {
            return Backends.get(name);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IllegalStateException("benchmark backend '" + name + "' cannot run: " + e.getMessage(), e);
        }
    }

    /** The model's single input filled with uniform [0, 1) values from {@code seed}. */
    static Tensor[] randomInput(Graph graph, long seed) {
        float[] pixels = new float[graph.inputTensors().get(0).shape().numElements()];
        Random r = new Random(seed);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextFloat();
        }
        return new Tensor[] {new Tensor(graph.inputTensors().get(0).shape(), pixels)};
    }
}
