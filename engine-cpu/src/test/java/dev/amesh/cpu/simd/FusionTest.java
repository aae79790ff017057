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
        Graph fused = Fusion.apply(g, true);
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
        assertSame(fused, Fusion.apply(fused, true), "nothing left to fold");
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

    /**
     * The stride-2 block's residual branch: x -> MAX_POOL_2D -> PAD (channels cr -> out) -> ADD with the
     * convolution of the depthwise branch -> PRELU; plus a PAD that also pads a spatial axis and one whose
     * output is a model output (neither folds).
     */
    private static Graph paddedResidualBlocks(int cr, int out, String addActivation) {
        GraphBuilder g = new GraphBuilder();
        int x = g.input("x", 1, 10, 14, cr);
        int pool = g.node(OpType.MAX_POOL_2D, attrs("padding", "VALID", "stride_h", 2, "stride_w", 2, "filter_h",
                2, "filter_w", 2), "pool", dims(1, 5, 7, cr), x);
        int pad = g.node(OpType.PAD, attrs("paddings", new int[] {0, 0, 0, 0, 0, 0, 0, out - cr}), "pad",
                dims(1, 5, 7, out), pool);
        int dw = g.node(OpType.DEPTHWISE_CONV_2D, attrs("padding", "SAME", "stride_h", 2, "stride_w", 2), "dw",
                dims(1, 5, 7, cr), x, g.constant("dww", RandomData.uniform(61, 9 * cr), 1, 3, 3, cr));
        var pw = attrs("padding", "VALID", "stride_h", 1, "stride_w", 1, "activation", "NONE");
        int conv = g.node(OpType.CONV_2D, pw, "conv", dims(1, 5, 7, out), dw,
                g.constant("w", RandomData.uniform(62, out * cr), out, 1, 1, cr),
                g.constant("b", RandomData.uniform(63, out), out));
        int add = g.node(OpType.ADD, attrs("activation", addActivation), "add", dims(1, 5, 7, out), pad, conv);
        int prelu = g.node(OpType.PRELU, attrs(), "prelu", dims(1, 5, 7, out), add,
                g.constant("alpha", RandomData.uniform(64, out), 1, 1, out));
        int pad2 = g.node(OpType.PAD, attrs("paddings", new int[] {0, 0, 1, 0, 0, 0, 0, out - cr}), "pad2",
                dims(1, 6, 7, out), pool);
        int conv2 = g.node(OpType.CONV_2D, pw, "conv2", dims(1, 6, 7, out), g.input("y", 1, 6, 7, cr),
                g.constant("w2", RandomData.uniform(65, out * cr), out, 1, 1, cr));
        int add2 = g.node(OpType.ADD, attrs(), "add2", dims(1, 6, 7, out), conv2, pad2);
        int pad3 = g.node(OpType.PAD, attrs("paddings", new int[] {0, 0, 0, 0, 0, 0, 0, out - cr}), "pad3",
                dims(1, 5, 7, out), pool);
        int conv3 = g.node(OpType.CONV_2D, pw, "conv3", dims(1, 5, 7, out), dw,
                g.constant("w3", RandomData.uniform(66, out * cr), out, 1, 1, cr));
        int add3 = g.node(OpType.ADD, attrs(), "add3", dims(1, 5, 7, out), conv3, pad3);
        return g.output(prelu).output(add2).output(add3).output(pad3).build("padded-residual");
    }

    @Test
    void foldsAChannelPadIntoTheResidualItFeeds() {
        Graph fused = Fusion.apply(paddedResidualBlocks(Simd.L, 2 * Simd.L, "NONE"), false);
        Set<String> written = new LinkedHashSet<>();
        for (Node n : fused.nodes()) {
            written.add(fused.tensor(n.output(0)).name());
        }
        // "pad" folds into the prelu node; "pad2" pads a spatial axis, "pad3" is a model output: both stay
        assertEquals(Set.of("pool", "dw", "prelu", "pad2", "add2", "pad3", "add3"), written);
        Node prelu = fused.nodes().stream().filter(n -> fused.tensor(n.output(0)).name().equals("prelu"))
                .findFirst().orElseThrow();
        assertEquals("pool", fused.tensor(prelu.input(3)).name(), "the residual is the PAD's input");
        assertEquals(1, prelu.attributes().getInt(FusedOperands.RESIDUAL_CHANNEL_PADDED));
    }

    /**
     * The folded PAD's convolution against the scalar reference, bit for bit on 1 and 3 threads: whole vectors
     * (the fast epilogue), channel counts off the vector width and a clamping ADD (the general one).
     */
    @Test
    void foldedChannelPadGivesTheReferenceBits() {
        int l = Simd.L;
        int[][] cases = {{l, 2 * l}, {2 * l, 4 * l}, {l + 3, 2 * l + 1}, {3, 5}};
        long seed = 70;
        for (int[] c : cases) {
            for (String act : new String[] {"NONE", "RELU"}) {
                Graph g = paddedResidualBlocks(c[0], c[1], act);
                try (CpuCompiledModel m = new VectorBackend().compile(g, BackendOptions.defaults())) {
                    assertTrue(m.graph().nodes().size() < g.nodes().size() - 2, "the pad folded: " + c[0] + "->" + c[1]);
                }
                AgainstScalar.checkBits("padded residual " + c[0] + "->" + c[1] + " " + act, seed++, g);
            }
        }
    }


    /** x -> {depthwise 3x3 s2 SAME, max pool 2x2 s2} -> add of the two (both read the same input). */
    private static Graph stride2Branches(int h, int w, int c) {
        GraphBuilder g = new GraphBuilder();
        int x = g.input("x", 1, h, w, c);
        int oh = (h + 1) / 2;
        int ow = (w + 1) / 2;
        int dw = g.node(OpType.DEPTHWISE_CONV_2D, attrs("padding", "SAME", "stride_h", 2, "stride_w", 2,
                "depth_multiplier", 1), "dw", dims(1, oh, ow, c), x,
                g.constant("dww", RandomData.uniform(81, 9 * c), 1, 3, 3, c),
                g.constant("dwb", RandomData.uniform(82, c), c));
        int pool = g.node(OpType.MAX_POOL_2D, attrs("padding", "VALID", "stride_h", 2, "stride_w", 2, "filter_h",
                2, "filter_w", 2), "pool", dims(1, h / 2, w / 2, c), x);
        if (h % 2 != 0 || w % 2 != 0) {
            return g.output(dw).output(pool).build("stride2-odd");
        }
        int add = g.node(OpType.ADD, attrs(), "add", dims(1, oh, ow, c), dw, pool);
        return g.output(add).output(pool).build("stride2");
    }

    @Test
    void foldsAMaxPoolIntoTheStride2DepthwiseOverTheSameInput() {
        int l = Simd.L;
        Graph fused = Fusion.foldMaxPools(stride2Branches(10, 14, 2 * l));
        assertEquals(2, fused.nodes().size(), "depthwise+pool, add");
        Node both = fused.nodes().get(0);
        assertEquals(OpType.DEPTHWISE_CONV_2D, both.op());
        assertEquals("dw", fused.tensor(both.output(0)).name());
        assertEquals("pool", fused.tensor(both.output(1)).name());
        // odd sizes (pool and depthwise outputs differ) and channels off the vector width do not fold
        Graph odd = stride2Branches(9, 14, 2 * l);
        assertSame(odd, Fusion.foldMaxPools(odd));
        if (l > 1) {
            Graph narrow = stride2Branches(10, 14, l + 1);
            assertSame(narrow, Fusion.foldMaxPools(narrow));
        }
    }

    /** The folded pool and depthwise against the scalar reference, bit for bit on 1 and 3 threads. */
    @Test
    void foldedMaxPoolGivesTheReferenceBits() {
        int l = Simd.L;
        long seed = 90;
        for (int[] hwc : new int[][] {{2, 2, l}, {4, 6, 2 * l}, {10, 14, l}, {16, 16, 4 * l}, {12, 8, 8 * l}}) {
            Graph g = stride2Branches(hwc[0], hwc[1], hwc[2]);
            try (CpuCompiledModel m = new VectorBackend().compile(g, BackendOptions.defaults())) {
                assertEquals(2, m.graph().nodes().size(), "folded: " + java.util.Arrays.toString(hwc));
            }
            AgainstScalar.checkBits("depthwise+pool " + java.util.Arrays.toString(hwc), seed++, g);
        }
    }


    /**
     * BlazeFace-style blocks: x -> depthwise (stride 1, RELU6) -> 1x1 -> add x -> prelu, then depthwise
     * stride 2 -> 1x1 to twice the channels, then a depthwise whose output is also a model output (kept),
     * and one read by two convolutions (kept).
     */
    private static Graph depthwiseBlocks() {
        GraphBuilder g = new GraphBuilder();
        int c = C;
        int x = g.input("x", 1, 7, 21, c);
        var dw1Attrs = attrs("padding", "SAME", "stride_h", 1, "stride_w", 1, "depth_multiplier", 1, "activation",
                "RELU6");
        int dw1 = g.node(OpType.DEPTHWISE_CONV_2D, dw1Attrs, "dw1", dims(1, 7, 21, c), x,
                g.constant("dw1w", RandomData.uniform(31, 9 * c), 1, 3, 3, c),
                g.constant("dw1b", RandomData.uniform(32, c), c));
        var pw = attrs("padding", "VALID", "stride_h", 1, "stride_w", 1, "activation", "NONE");
        int pw1 = g.node(OpType.CONV_2D, pw, "pw1", dims(1, 7, 21, c), dw1,
                g.constant("pw1w", RandomData.uniform(33, c * c), c, 1, 1, c),
                g.constant("pw1b", RandomData.uniform(34, c), c));
        int add = g.node(OpType.ADD, attrs(), "add", dims(1, 7, 21, c), pw1, x);
        int prelu = g.node(OpType.PRELU, attrs(), "prelu", dims(1, 7, 21, c), add,
                g.constant("alpha", RandomData.uniform(35, c), 1, 1, c));
        int dw2 = g.node(OpType.DEPTHWISE_CONV_2D, attrs("padding", "SAME", "stride_h", 2, "stride_w", 2),
                "dw2", dims(1, 4, 11, c), prelu, g.constant("dw2w", RandomData.uniform(36, 9 * c), 1, 3, 3, c));
        int pw2 = g.node(OpType.CONV_2D, pw, "pw2", dims(1, 4, 11, 2 * c), dw2,
                g.constant("pw2w", RandomData.uniform(37, 2 * c * c), 2 * c, 1, 1, c));
        var s1 = attrs("padding", "SAME", "stride_h", 1, "stride_w", 1);
        int dw3 = g.node(OpType.DEPTHWISE_CONV_2D, s1, "dw3", dims(1, 4, 11, 2 * c), pw2,
                g.constant("dw3w", RandomData.uniform(38, 18 * c), 1, 3, 3, 2 * c));
        int pw3 = g.node(OpType.CONV_2D, pw, "pw3", dims(1, 4, 11, c), dw3,
                g.constant("pw3w", RandomData.uniform(39, 2 * c * c), c, 1, 1, 2 * c));
        int dw4 = g.node(OpType.DEPTHWISE_CONV_2D, s1, "dw4", dims(1, 4, 11, c), pw3,
                g.constant("dw4w", RandomData.uniform(40, 9 * c), 1, 3, 3, c));
        int pw4a = g.node(OpType.CONV_2D, pw, "pw4a", dims(1, 4, 11, c), dw4,
                g.constant("pw4aw", RandomData.uniform(41, c * c), c, 1, 1, c));
        int pw4b = g.node(OpType.CONV_2D, pw, "pw4b", dims(1, 4, 11, c), dw4,
                g.constant("pw4bw", RandomData.uniform(42, c * c), c, 1, 1, c));
        return g.output(pw4a).output(pw4b).output(dw3).build("depthwise-blocks");
    }

    @Test
    void foldsADepthwiseIntoThePointwiseConvolutionThatAloneReadsIt() {
        Graph g = depthwiseBlocks();
        Graph fused = Fusion.apply(g, true);
        Set<String> written = new LinkedHashSet<>();
        for (Node n : fused.nodes()) {
            written.add(fused.tensor(n.output(0)).name());
        }
        // dw1+pw1+add+prelu and dw2+pw2 fold; dw3 is a model output and dw4 has two readers, so both stay
        assertEquals(Set.of("prelu", "pw2", "dw3", "pw3", "dw4", "pw4a", "pw4b"), written);
        Node block = fused.nodes().get(0);
        assertEquals("x", fused.tensor(block.input(0)).name(), "the fused node reads the depthwise input");
        assertEquals("dw1w", fused.tensor(block.input(block.attributes().getInt(FusedOperands.DW_FILTER_INPUT)))
                .name());
        assertEquals("dw1b", fused.tensor(block.input(block.attributes().getInt(FusedOperands.DW_BIAS_INPUT)))
                .name());
        assertEquals("RELU6", block.attributes().getString(FusedOperands.DW_ATTRIBUTE_PREFIX + "activation"));
        assertEquals(-1, fused.nodes().get(1).attributes().getInt(FusedOperands.DW_BIAS_INPUT, -1), "dw2 has no bias");
        assertSame(fused, Fusion.apply(fused, true), "nothing left to fold");
    }

    @Test
    void foldedDepthwiseComputesWhatTheSeparateOpsCompute() {
        keepingDepthwiseProperty(() -> {
            System.setProperty(Fusion.DEPTHWISE_PROPERTY, "true"); // the default folds only at 512 bits
            checkFoldedDepthwise();
        });
    }

    private static void checkFoldedDepthwise() {
        Graph g = depthwiseBlocks();
        AgainstScalar.check("depthwise blocks", 12, g);
        try (CpuCompiledModel m = new VectorBackend().compile(g, BackendOptions.defaults().withThreads(2))) {
            assertTrue(m.kernel(0).name().contains("depthwise") && m.kernel(0).name().contains("+"),
                    m.kernel(0).name());
            Tensor x = new Tensor(g.inputTensors().get(0).shape(), RandomData.uniform(12, 7 * 21 * C));
            Tensor[] fast = m.run(x);
            float[][] fastCopy = new float[fast.length][];
            for (int i = 0; i < fast.length; i++) {
                fastCopy[i] = fast[i].toArray();
            }
            m.setObserver((node, outs, nanos) -> { });
            Tensor[] observed = m.run(x);
            m.setObserver(null);
            for (int i = 0; i < fast.length; i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(fastCopy[i], observed[i].toArray(),
                        "output " + i + ": folded vs separate depthwise and 1x1");
            }
        }
    }

    @Test
    void depthwiseFoldingCanBeSwitchedOffAlone() {
        keepingDepthwiseProperty(() -> {
            System.setProperty(Fusion.DEPTHWISE_PROPERTY, "false");
            Graph fused = Fusion.apply(depthwiseBlocks(), Fusion.foldDepthwise(2));
            int depthwise = 0;
            for (Node n : fused.nodes()) {
                depthwise += n.op() == OpType.DEPTHWISE_CONV_2D ? 1 : 0;
            }
            assertEquals(4, depthwise);
            assertTrue(fused.nodes().size() < depthwiseBlocks().nodes().size(), "conv chains still fold");
        });
    }

    @Test
    void depthwiseFoldsByDefaultOnlyForMoreThanOneThreadAt512Bits() {
        keepingDepthwiseProperty(() -> {
            System.clearProperty(Fusion.DEPTHWISE_PROPERTY);
            assertEquals(false, foldedFirstKernel(1), "1 thread, property unset");
            assertEquals(!PackedGemm.SIX_ROW_TILES, foldedFirstKernel(2),
                    "2 threads, property unset, " + Simd.describe());
            System.setProperty(Fusion.DEPTHWISE_PROPERTY, "true");
            assertEquals(true, foldedFirstKernel(1), "1 thread, forced on");
            System.setProperty(Fusion.DEPTHWISE_PROPERTY, "false");
            assertEquals(false, foldedFirstKernel(2), "2 threads, forced off");
        });
    }

    /** Runs {@code body}, then puts {@link Fusion#DEPTHWISE_PROPERTY} back as it was. */
    private static void keepingDepthwiseProperty(Runnable body) {
        String old = System.getProperty(Fusion.DEPTHWISE_PROPERTY);
        try {
            body.run();
        } finally {
            if (old == null) {
                System.clearProperty(Fusion.DEPTHWISE_PROPERTY);
            } else {
                System.setProperty(Fusion.DEPTHWISE_PROPERTY, old);
            }
        }
    }

    private static boolean foldedFirstKernel(int threads) {
        try (CpuCompiledModel m = new VectorBackend().compile(depthwiseBlocks(),
                BackendOptions.defaults().withThreads(threads))) {
            String name = m.kernel(0).name();
            return name.contains("depthwise") && name.contains("+");
        }
    }
}
