package dev.amesh.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.CpuBackend;
import dev.amesh.testing.Tolerance;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three models under {@code cpu} against {@code scalar}: outputs and every intermediate tensor within
 * {@link Tolerance#CLOSE} for 1 and 2 threads, and bit-identical results for any thread count.
 */
class WholeModelTest {

    @ParameterizedTest
    @ValueSource(strings = {TestModels.ATTENTION, TestModels.MESH, TestModels.DETECTOR})
    void everyTensorMatchesScalarAndThreadsAgreeBitForBit(String model) {
        Graph graph = TestModels.graph(model);
        Tensor input = new Tensor(graph.inputTensors().get(0).shape(), TestModels.input(model));

        Map<String, float[]> scalar = observeAll(new CpuBackend().compile(graph, BackendOptions.defaults()), input);
        assertEquals(graph.tensors().stream().filter(t -> !t.isConstant()).count() - graph.inputs().length,
                scalar.size(), "the scalar run reports every computed tensor");
        Map<String, float[]> fastOutputs1 = null;
        for (int threads = 1; threads <= 2; threads++) {
            BackendOptions opts = BackendOptions.defaults().withThreads(threads);
            Map<String, float[]> observed = observeAll(new VectorBackend().compile(graph, opts), input);
            assertEquals(scalar.keySet(), observed.keySet(), "observer sees every tensor, threads=" + threads);
            for (Map.Entry<String, float[]> e : scalar.entrySet()) {
                Tolerance.CLOSE.assertClose(model + " threads=" + threads + " tensor '" + e.getKey() + "'",
                        e.getValue(), observed.get(e.getKey()));
            }
            Map<String, float[]> outs = outputs(new VectorBackend().compile(graph, opts), input);
            for (Map.Entry<String, float[]> e : outs.entrySet()) {
                Tolerance.CLOSE.assertClose(model + " fused threads=" + threads + " output '" + e.getKey() + "'",
                        scalar.get(e.getKey()), e.getValue());
                // fused and unfused kernels compute each element the same way
                assertArrayEquals(observed.get(e.getKey()), e.getValue(), "fused vs observed output " + e.getKey());
            }
            if (fastOutputs1 == null) {
                fastOutputs1 = outs;
            } else {
                for (Map.Entry<String, float[]> e : outs.entrySet()) {
                    assertArrayEquals(fastOutputs1.get(e.getKey()), e.getValue(),
                            model + ": output '" + e.getKey() + "' differs between 1 and " + threads + " threads");
                }
            }
        }
    }

    private static Map<String, float[]> observeAll(CompiledModel m, Tensor input) {
        Map<String, float[]> seen = new LinkedHashMap<>();
        try (m) {
            m.setObserver((node, outs, nanos) -> {
                for (Tensor t : outs) {
                    seen.put(t.name(), t.toArray());
                }
            });
            m.run(input);
        }
        assertTrue(!seen.isEmpty());
        return seen;
    }

    private static Map<String, float[]> outputs(CompiledModel m, Tensor input) {
        Map<String, float[]> outs = new LinkedHashMap<>();
        try (m) {
            m.run(input);
            Tensor[] r = m.run(input);
            for (Tensor t : r) {
                outs.put(t.name(), t.toArray());
            }
        }
        return outs;
    }
}
