package dev.amesh.mesh.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.TestModels;
import dev.amesh.testing.TestData;
import dev.amesh.testing.Tolerance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LayerCaptureTest {
    private static final String REF = "raw/tflite-node+mpops/face_landmark_with_attention/astronaut_face_192";

    private static Tensor faceInput() {
        return new Tensor("input_1", Shape.of(1, 192, 192, 3), TestData.readF32("raw/inputs/astronaut_face_192.f32"),
                0);
    }

    private static CompiledModel compile(Graph g) {
        return Backends.get("scalar").compile(g, BackendOptions.defaults().withThreads(1));
    }

    @Test
    void capturedLayersMatchGooglesRuntime() throws IOException {
        Graph g = TestModels.graph(ModelId.ATTENTION);
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestData.reference(REF))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".f32"))
                    .forEach(n -> names.add(n.substring(0, n.length() - 4)));
        }
        assertTrue(names.contains("p_re_lu_3") && names.contains("transform_tensor_bilinear_v2_2")
                && names.contains("landmarks_to_transform_matrix_v2_1"), names.toString());
        List<Pattern> patterns = names.stream().map(Pattern::quote).map(Pattern::compile).toList();
        List<LayerCapture.Captured> captured;
        try (CompiledModel m = compile(g)) {
            captured = LayerCapture.run(m, patterns, faceInput());
        }
        assertEquals(names.size(), captured.size(), "one capture per reference layer");
        for (LayerCapture.Captured c : captured) {
            assertEquals(g.tensor(c.name()).shape(), c.tensor().shape(), c.name());
            assertEquals(g.nodes().get(c.nodeIndex()).op().name(), c.op());
            Tolerance.REFERENCE.assertClose(c.name(), TestData.readF32(REF + "/" + c.name() + ".f32"),
                    c.tensor().toArray());
        }
    }

    @Test
    void capturesEqualWhatTheObserverSees() {
        Graph g = TestModels.graph(ModelId.ATTENTION);
        List<Pattern> all = LayerCapture.patterns(g, List.of(".*"));
        try (CompiledModel m = compile(g)) {
            List<LayerCapture.Captured> captured = LayerCapture.run(m, all, faceInput());
            assertEquals(g.nodes().size(), captured.size(), "'.*' takes every op output");
            Map<String, float[]> seen = new HashMap<>();
            m.setObserver((node, outputs, nanos) -> {
                for (int i = 0; i < outputs.length; i++) {
                    seen.put(g.tensor(node.output(i)).name(), outputs[i].toArray());
                }
            });
            m.run(faceInput());
            m.setObserver(null);
            for (LayerCapture.Captured c : captured) {
                Tolerance.EXACT.assertClose(c.name(), seen.get(c.name()), c.tensor().toArray());
            }
        }
    }

    @Test
    void capturesSurviveLaterOps() {
        // The backend reuses buffers; a capture must keep the value it had when its op ran.
        Graph g = TestModels.graph(ModelId.ATTENTION);
        try (CompiledModel m = compile(g)) {
            List<LayerCapture.Captured> early = LayerCapture.run(m, LayerCapture.patterns(g, List.of("conv2d")),
                    faceInput());
            Tolerance.REFERENCE.assertClose("conv2d", TestData.readF32(REF + "/conv2d.f32"),
                    early.get(0).tensor().toArray());
        }
    }

    @Test
    void badPatternsAreNamed() {
        Graph g = TestModels.graph(ModelId.ATTENTION);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> LayerCapture.patterns(g, List.of("p_re_lu_3", "no_such_layer")));
        assertTrue(none.getMessage().contains("'no_such_layer' matches no op output"), none.getMessage());
        IllegalArgumentException syntax = assertThrows(IllegalArgumentException.class,
                () -> LayerCapture.patterns(g, List.of("conv(")));
        assertTrue(syntax.getMessage().contains("'conv(' is not a valid regular expression"), syntax.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayerCapture.patterns(g, List.of()));
    }

    @Test
    void patternsMatchWholeNames() {
        Graph g = TestModels.graph(ModelId.ATTENTION);
        List<Integer> nodes = LayerCapture.selectedNodes(g, LayerCapture.patterns(g, List.of("p_re_lu_3")));
        assertEquals(1, nodes.size(), "p_re_lu_3 only, not p_re_lu_30..39");
        assertEquals("p_re_lu_3", g.tensor(g.nodes().get(nodes.get(0)).output(0)).name());
    }
}
