package dev.amesh.cpu.simd;

import static dev.amesh.cpu.GraphBuilder.attrs;
import static dev.amesh.cpu.GraphBuilder.dims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.GraphBuilder;
import dev.amesh.cpu.RandomData;
import dev.amesh.cpu.exec.CpuCompiledModel;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FusionTest {
    private static final int C = Simd.L + 3;

    /**
     * x -> conv1 -> add(conv1, side) -> prelu -> conv2 -> prelu2 (output), where side = depthwise(x) is
     * computed between conv1 and the add, and conv3 -> add3 whose intermediate is also a model output.
     */
    private static Graph blocks() {
        GraphBuilder g = new GraphBuilder();
        int x = g.input("x", 1, 5, 6, C);
        int w1 = g.constant("w1", RandomData.uniform(1, C * C), C, 1, 1, C);
        int b1 = g.constant("b1", RandomData.uniform(2, C), C);
        var pw = attrs("padding", "VALID", "stride_h", 1, "stride_w", 1, "activation", "NONE");
        int conv1 = g.node(OpType.CONV_2D, pw, "conv1", dims(1, 5, 6, C), x, w1, b1);
        int dwW = g.constant("dw", RandomData.uniform(3, 9 * C), 1, 3, 3, C);
        int side = g.node(OpType.DEPTHWISE_CONV_2D, attrs("padding", "SAME", "stride_h", 1, "stride_w", 1),
                "side", dims(1, 5, 6, C), x, dwW);
        int add = g.node(OpType.ADD, attrs("activation", "RELU"), "add", dims(1, 5, 6, C), side, conv1);
        int alpha = g.constant("alpha", RandomData.uniform(4, C), 1, 1, C);
        int prelu = g.node(OpType.PRELU, attrs(), "prelu", dims(1, 5, 6, C), add, alpha);
        int w2 = g.constant("w2", RandomData.uniform(5, C * 9 * C), C, 3, 3, C);
        int conv2 = g.node(OpType.CONV_2D, attrs("padding", "SAME", "stride_h", 2, "stride_w", 2), "conv2",
                dims(1, 3, 3, C), prelu, w2);
        int prelu2 = g.node(OpType.PRELU, attrs(), "prelu2", dims(1, 3, 3, C), conv2, alpha);
        int conv3 = g.node(OpType.CONV_2D, pw, "conv3", dims(1, 5, 6, C), x, w1, b1);
        int add3 = g.node(OpType.ADD, attrs(), "add3", dims(1, 5, 6, C), conv3, x);
        return g.output(prelu2).output(add3).output(conv3).build("blocks");
    }

    @Test
    void foldsConvAddPreluChainsAtTheLastNode() {
        Graph g = blocks();
        Graph fused = Fusion.apply(g);
        // conv1+add+prelu -> 1 node, conv2+prelu2 -> 1 node; conv3 is an output so add3 stays
        assertEquals(g.nodes().size() - 3, fused.nodes().size());
        Set<String> written = new LinkedHashSet<>();
        for (Node n : fused.nodes()) {
            written.add(fused.tensor(n.output(0)).name());
        }
        assertEquals(Set.of("side", "prelu", "prelu2", "conv3", "add3"), written);
        Node first = fused.nodes().get(1);
        assertEquals(OpType.CONV_2D, first.op());
        assertEquals("side", fused.tensor(first.input(3)).name(), "residual appended after x, w, b");
        assertEquals("alpha", fused.tensor(first.input(4)).name());
        assertEquals("RELU", first.attributes().getString(FusedOperands.ADD_ACTIVATION));
        assertSame(fused, Fusion.apply(fused), "nothing left to fold");
    }

    @Test
    void fusedModelMatchesScalarAndObserverSeesEveryTensor() {
        Graph g = blocks();
        AgainstScalar.check("fused blocks", 11, g);
        Set<String> seen = new LinkedHashSet<>();
        try (CpuCompiledModel m = new VectorBackend().compile(g, BackendOptions.defaults().withThreads(2))) {
            Tensor x = new Tensor(g.inputTensors().get(0).shape(), RandomData.uniform(11, 5 * 6 * C));
            float[] fast = m.run(x)[0].toArray();
            m.setObserver((node, outs, nanos) -> seen.add(outs[0].name()));
            float[] observed = m.run(x)[0].toArray();
            m.setObserver(null);
            float[] again = m.run(x)[0].toArray();
            org.junit.jupiter.api.Assertions.assertArrayEquals(fast, observed, "observed run computes the same");
            org.junit.jupiter.api.Assertions.assertArrayEquals(fast, again);
        }
        assertEquals(Set.of("conv1", "side", "add", "prelu", "conv2", "prelu2", "conv3", "add3"), seen);
    }

    @Test
    void fusionCanBeSwitchedOff() {
        String old = System.getProperty(VectorBackend.FUSE_PROPERTY);
        System.setProperty(VectorBackend.FUSE_PROPERTY, "false");
        try (CpuCompiledModel m = new VectorBackend().compile(blocks(), BackendOptions.defaults())) {
            assertEquals(blocks().nodes().size(), m.graph().nodes().size());
        } finally {
            if (old == null) {
                System.clearProperty(VectorBackend.FUSE_PROPERTY);
            } else {
                System.setProperty(VectorBackend.FUSE_PROPERTY, old);
            }
        }
        try (CpuCompiledModel m = new VectorBackend().compile(blocks(), BackendOptions.defaults())) {
            assertTrue(m.graph().nodes().size() < blocks().nodes().size());
        }
    }
}
