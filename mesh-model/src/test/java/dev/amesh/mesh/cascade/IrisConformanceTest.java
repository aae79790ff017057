package dev.amesh.mesh.cascade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.converter.models.TfjsModelStore;
import dev.amesh.converter.tfjs.TfjsConverter;
import dev.amesh.testing.TestData;
import dev.amesh.testing.Tolerance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The converted TF.js iris model on the scalar backend against TF.js's own CPU backend
 * ({@code testdata/reference/raw/tfjs-cpu/iris/}): the 228-value output and the first conv + PReLU layer.
 * This is the numeric check of the TF.js import (conv, depthwise, PReLU, add, max-pool, channel pad,
 * concat), which weights-converter's own tests cannot run because engine-cpu depends on that module.
 */
class IrisConformanceTest {
    private static Graph graph;

    @BeforeAll
    static void convert() throws Exception {
        CascadeModels.iris(); // fetches the files, or aborts the test when offline and they are not cached
        graph = TfjsConverter.convert(TfjsModelStore.defaultStore().modelJson(TfjsModelStore.IRIS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"astronaut_left_eye_64", "astronaut_right_eye_64_flipped", "random_64_seed3"})
    void matchesTfjsCpu(String input) throws IOException {
        Path dir = TestData.reference("raw/tfjs-cpu/iris/" + input);
        JsonNode index = new ObjectMapper().readTree(dir.resolve("index.json").toFile());
        float[] x = TestData.readF32("raw/inputs/" + input + ".f32");
        TensorInfo in = graph.inputTensors().get(0);
        assertEquals(Shape.of(1, 64, 64, 3), in.shape());

        // Reference names -> our tensor names: the output is the graph output, intermediates use the TF node.
        Map<String, float[]> captured = new HashMap<>();
        Map<Integer, String> wanted = new HashMap<>();
        for (JsonNode t : index.get("tensors")) {
            if (t.get("role").asText().equals("intermediate")) {
                wanted.put(graph.tensor(t.get("tfjs_node").asText()).id(), t.get("name").asText());
            }
        }
        try (CompiledModel model = Backends.get("scalar").compile(graph, BackendOptions.defaults())) {
            model.setObserver((node, outs, nanos) -> {
                String name = wanted.get(node.output(0));
                if (name != null) {
                    captured.put(name, outs[0].toArray());
                }
            });
            Tensor out = model.run(new Tensor(in.shape(), x))[0];
            for (JsonNode t : index.get("tensors")) {
                String name = t.get("name").asText();
                float[] expected = TestData.readF32(dir.resolve(t.get("file").asText()));
                float[] actual;
                if (t.get("role").asText().equals("output")) {
                    assertEquals(Shape.of(1, 1, 1, 228), out.shape());
                    actual = out.toArray();
                } else {
                    actual = captured.get(name);
                    assertNotNull(actual, name + " was not observed");
                }
                Tolerance.REFERENCE.assertClose(input + "/" + name, expected, actual);
            }
        }
    }
}
