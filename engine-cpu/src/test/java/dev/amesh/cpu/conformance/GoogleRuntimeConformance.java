package dev.amesh.cpu.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.TestModels;
import dev.amesh.testing.TestData;
import dev.amesh.testing.Tolerance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the three converted MediaPipe models on the reference inputs and compares every output, and
 * every intermediate tensor Google's runtime recorded, with {@link Tolerance#REFERENCE}. Each backend
 * runs the same cases by extending this class. The per-tensor differences are printed for the record.
 */
public abstract class GoogleRuntimeConformance {

    /** The backend under test, by {@link dev.amesh.api.backend.Backend#name()}. */
    protected abstract String backendName();

    protected BackendOptions options() {
        return BackendOptions.defaults();
    }

    public static Stream<Arguments> cases() {
        return Stream.of(
                // Attention model: TFLite for built-ins + MediaPipe's custom ops transcribed (raw/README.md).
                Arguments.of(ModelId.ATTENTION, "astronaut_face_192", List.of(
                        "raw/tflite-node+mpops/face_landmark_with_attention/astronaut_face_192",
                        "raw/tflite-node/face_landmark_with_attention.backbone/astronaut_face_192")),
                Arguments.of(ModelId.ATTENTION, "random_192_seed1", List.of(
                        "raw/tflite-node+mpops/face_landmark_with_attention/random_192_seed1",
                        "raw/tflite-node/face_landmark_with_attention.backbone/random_192_seed1")),
                Arguments.of(ModelId.MESH, "astronaut_face_192", List.of(
                        "raw/tflite-node/face_landmark/astronaut_face_192",
                        "raw/tflite-node/face_landmark.dbg/astronaut_face_192")),
                Arguments.of(ModelId.MESH, "random_192_seed1", List.of(
                        "raw/tflite-node/face_landmark/random_192_seed1",
                        "raw/tflite-node/face_landmark.dbg/random_192_seed1")),
                Arguments.of(ModelId.DETECTOR, "astronaut_full_128_pm1", List.of(
                        "raw/tflite-node/face_detection_short_range/astronaut_full_128_pm1",
                        "raw/tflite-node/face_detection_short_range.dbg/astronaut_full_128_pm1")),
                Arguments.of(ModelId.DETECTOR, "random_128_seed2_pm1", List.of(
                        "raw/tflite-node/face_detection_short_range/random_128_seed2_pm1",
                        "raw/tflite-node/face_detection_short_range.dbg/random_128_seed2_pm1")));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    public void matchesGoogleRuntime(ModelId model, String input, List<String> referenceDirs) throws IOException {
        Graph graph = TestModels.graph(model);
        Map<String, float[]> expected = new HashMap<>();
        Map<String, int[]> shapes = new HashMap<>();
        for (String dir : referenceDirs) {
            readIndex(TestData.reference(dir), expected, shapes);
        }
        float[] in = TestData.readF32("raw/inputs/" + input + ".f32");
        Tensor inputTensor = new Tensor(graph.inputTensors().get(0).shape(), in);

        Map<String, float[]> seen = new HashMap<>();
        List<String> report = new ArrayList<>();
        try (CompiledModel compiled = Backends.get(backendName()).compile(graph, options())) {
            compiled.setObserver((node, outputs, nanos) -> {
                for (Tensor t : outputs) {
                    if (expected.containsKey(t.name())) {
                        seen.put(t.name(), t.toArray());
                    }
                }
            });
            Tensor[] outputs = compiled.run(inputTensor);
            assertEquals(graph.outputs().length, outputs.length);
            for (Tensor t : outputs) {
                assertTrue(expected.containsKey(t.name()), "no reference for model output " + t.name());
                seen.put(t.name(), t.toArray());
            }
        }
        // Every reference tensor must be produced by our graph under the same name.
        assertEquals(expected.keySet(), seen.keySet(), "tensors with a reference vs tensors we produced");
        // Compare in graph order so that the first failure is the first diverging layer.
        for (var t : graph.tensors()) {
            float[] ref = expected.get(t.name());
            if (ref == null) {
                continue;
            }
            float[] ours = seen.get(t.name());
            assertEquals(ref.length, ours.length, t.name() + " element count");
            report.add(String.format("  %-36s max|diff| %.3e  mean %.3e", t.name(),
                    Tolerance.maxAbsDiff(ours, ref), Tolerance.meanAbsDiff(ours, ref)));
        }
        System.out.println("[conformance] " + backendName() + " " + model + " on " + input + ":\n"
                + String.join("\n", report));
        for (var t : graph.tensors()) {
            float[] ref = expected.get(t.name());
            if (ref != null) {
                Tolerance.REFERENCE.assertClose(model + "/" + input + " tensor " + t.name(), ref, seen.get(t.name()));
            }
        }
    }

    private static void readIndex(Path dir, Map<String, float[]> values, Map<String, int[]> shapes) throws IOException {
        JsonNode index = new ObjectMapper().readTree(dir.resolve("index.json").toFile());
        for (JsonNode t : index.get("tensors")) {
            String name = t.get("name").asText();
            int[] shape = new int[t.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).asInt();
            }
            values.putIfAbsent(name, TestData.readF32(dir.resolve(t.get("file").asText())));
            shapes.putIfAbsent(name, shape);
        }
    }
}
