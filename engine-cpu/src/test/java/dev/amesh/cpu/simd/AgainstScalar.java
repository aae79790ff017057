package dev.amesh.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.CpuBackend;
import dev.amesh.cpu.RandomData;
import dev.amesh.cpu.exec.CpuCompiledModel;
import dev.amesh.testing.Tolerance;

/** Runs a graph under {@code scalar} and under {@code cpu} with 1 and 3 threads and compares every output. */
final class AgainstScalar {
    private AgainstScalar() {
    }

    /**
     * Feeds every model input with uniform [-1, 1) data from {@code seed}; asserts {@code cpu} within
     * {@link Tolerance#CLOSE} of {@code scalar} and bit-identical across thread counts. {@code what} and the
     * seed and vector width head every failure message.
     */
    static void check(String what, long seed, Graph graph) {
        Tensor[] inputs = new Tensor[graph.inputs().length];
        for (int i = 0; i < inputs.length; i++) {
            var info = graph.inputTensors().get(i);
            inputs[i] = new Tensor(info.shape(), RandomData.uniform(seed + i, info.shape().numElements()));
        }
        String tag = what + " (seed " + seed + ", " + Simd.describe() + ")";
        float[][] expected = run(new CpuBackend().compile(graph, BackendOptions.defaults().withThreads(1)), inputs);
        float[][] one = run(new VectorBackend().compile(graph, BackendOptions.defaults().withThreads(1)), inputs);
        float[][] three = run(new VectorBackend().compile(graph, BackendOptions.defaults().withThreads(3)), inputs);
        for (int o = 0; o < expected.length; o++) {
            Tolerance.CLOSE.assertClose(tag + " output " + o, expected[o], one[o]);
            assertArrayEquals(one[o], three[o], tag + " output " + o + ": 1 vs 3 threads");
        }
    }

    /**
     * Feeds the graph's one input with {@code x}; asserts {@code cpu} with 1 and 3 threads gives the raw bits
     * of {@code scalar}'s every output element.
     */
    static void checkBits(String what, float[] x, Graph graph) {
        checkBits(what, new Tensor[] {new Tensor(graph.inputTensors().get(0).shape(), x)}, graph);
    }

    /** {@link #checkBits(String, float[], Graph)} with every input uniform [-1, 1) from {@code seed}. */
    static void checkBits(String what, long seed, Graph graph) {
        Tensor[] inputs = new Tensor[graph.inputs().length];
        for (int i = 0; i < inputs.length; i++) {
            var info = graph.inputTensors().get(i);
            inputs[i] = new Tensor(info.shape(), RandomData.uniform(seed + i, info.shape().numElements()));
        }
        checkBits(what + " (seed " + seed + ")", inputs, graph);
    }

    private static void checkBits(String what, Tensor[] inputs, Graph graph) {
        String tag = what + " (" + Simd.describe() + ")";
        float[][] expected = run(new CpuBackend().compile(graph, BackendOptions.defaults().withThreads(1)), inputs);
        for (int threads : new int[] {1, 3}) {
            float[][] got = run(new VectorBackend().compile(graph, BackendOptions.defaults().withThreads(threads)),
                    inputs);
            for (int o = 0; o < expected.length; o++) {
                for (int i = 0; i < expected[o].length; i++) {
                    if (Float.floatToRawIntBits(expected[o][i]) != Float.floatToRawIntBits(got[o][i])) {
                        throw new AssertionError(tag + " threads " + threads + " output " + o + " element " + i
                                + ": " + expected[o][i] + " vs " + got[o][i]);
                    }
                }
            }
        }
    }

    private static float[][] run(CpuCompiledModel m, Tensor[] inputs) {
        try (m) {
            Tensor[] outs = m.run(inputs);
            float[][] r = new float[outs.length][];
            for (int i = 0; i < outs.length; i++) {
                r[i] = outs[i].toArray();
            }
            return r;
        }
    }
}
