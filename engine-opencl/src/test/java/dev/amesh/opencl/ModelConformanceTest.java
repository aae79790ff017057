package dev.amesh.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.CpuBackend;
import dev.amesh.testing.TestData;
import dev.amesh.testing.Tolerance;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three models under "opencl" against "scalar" on the reference inputs: every output and, through an
 * observer on both backends, every intermediate tensor within {@link Tolerance#REFERENCE}.
 */
class ModelConformanceTest {
    private static OpenClBackend backend;

    @BeforeAll
    static void available() {
        backend = OpenClTestSupport.backend();
    }

    @Test
    void attentionMesh() {
        Graph g = OpenClTestSupport.model("face_landmark_with_attention.tflite");
        compare(g, "astronaut_face_192");
        compare(g, "random_192_seed1");
    }

    @Test
    void faceMesh() {
        compare(OpenClTestSupport.model("face_landmark.tflite"), "astronaut_face_192");
    }

    @Test
    void detector() {
        Graph g = OpenClTestSupport.model("face_detection_short_range.tflite");
        compare(g, "astronaut_full_128_pm1");
        compare(g, "random_128_seed2_pm1");
    }

    private static void compare(Graph g, String inputName) {
        Tensor input = new Tensor(g.inputTensors().get(0).shape(),
                TestData.readF32("raw/inputs/" + inputName + ".f32"));
        Map<String, float[]> expected = new LinkedHashMap<>();
        float[][] expectedOutputs;
        try (CompiledModel ref = new CpuBackend().compile(g, BackendOptions.defaults())) {
            ref.setObserver((node, outs, nanos) -> {
                for (Tensor t : outs) {
                    expected.put(t.name(), t.toArray());
                }
            });
            expectedOutputs = OpenClTestSupport.copies(ref.run(input));
        }
        Map<String, float[]> actual = new LinkedHashMap<>();
        try (OpenClCompiledModel m = backend.compile(g, BackendOptions.defaults())) {
            float[][] plain = OpenClTestSupport.copies(m.run(input));
            for (int i = 0; i < plain.length; i++) {
                Tolerance.REFERENCE.assertClose(g.name() + " output " + g.outputTensors().get(i).name() + " on "
                        + inputName, expectedOutputs[i], plain[i]);
            }
            m.setObserver((node, outs, nanos) -> {
                for (Tensor t : outs) {
                    actual.put(t.name(), t.toArray());
                }
            });
            float[][] observed = OpenClTestSupport.copies(m.run(input));
            for (int i = 0; i < observed.length; i++) {
                Tolerance.EXACT.assertClose("observed run equals plain run", plain[i], observed[i]);
            }
        }
        assertEquals(expected.keySet(), actual.keySet(), "intermediate tensors seen by the observers");
        assertTrue(expected.size() >= g.nodes().size(), "one observed tensor per node");
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            Tolerance.REFERENCE.assertClose(g.name() + " intermediate '" + e.getKey() + "' on " + inputName,
                    e.getValue(), actual.get(e.getKey()));
        }
    }
}
