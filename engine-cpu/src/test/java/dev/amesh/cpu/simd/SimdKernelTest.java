package dev.amesh.cpu.simd;

import static dev.amesh.cpu.GraphBuilder.attrs;
import static dev.amesh.cpu.GraphBuilder.dims;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.OpType;
import dev.amesh.cpu.GraphBuilder;
import dev.amesh.cpu.RandomData;
import dev.amesh.cpu.ref.Padding;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Every SIMD kernel against the scalar reference ({@link AgainstScalar}) at the tile and vector
 * boundaries of the width this JVM runs (the build repeats this class at 128, 256 and 512 bits): channel
 * counts {1, L-1, L, L+1, 2L, 3L+1, odd}, pixel counts around the 4-pixel tile, stride 1 and 2, SAME and
 * VALID.
 */
class SimdKernelTest {
    private static final int L = Simd.L;

    /** Channel counts around vector multiples, deduplicated. */
    static int[] channelCounts() {
        return Arrays.stream(new int[] {1, L - 1, L, L + 1, 2 * L, 3 * L + 1, 7}).filter(c -> c > 0).distinct()
                .toArray();
    }

    private static int outSize(String padding, int in, int k, int stride, int dilation) {
        return Padding.compute(padding, in, k, stride, dilation).outSize();
    }

    private static Graph conv(long seed, int h, int w, int inC, int outC, int kh, int kw, int stride,
            int dilation, String padding, String activation, boolean bias) {
        GraphBuilder g = new GraphBuilder();
        int x = g.input("x", 1, h, w, inC);
        int f = g.constant("w", RandomData.uniform(seed * 31 + 1, outC * kh * kw * inC), outC, kh, kw, inC);
        int oh = outSize(padding, h, kh, stride, dilation);
        int ow = outSize(padding, w, kw, stride, dilation);
        var a = attrs("padding", padding, "stride_h", stride, "stride_w", stride, "dilation_h", dilation,
                "dilation_w", dilation, "activation", activation);
        int y = bias ? g.node(OpType.CONV_2D, a, "y", dims(1, oh, ow, outC), x, f,
                g.constant("b", RandomData.uniform(seed * 31 + 2, outC), outC))
                : g.node(OpType.CONV_2D, a, "y", dims(1, oh, ow, outC), x, f);
        return g.output(y).build("conv");
    }

    @Test
    void pointwiseConvolutionAtTileBoundaries() {
        long seed = 100;
        int[][] spatial = {{1, 1}, {1, 3}, {2, 2}, {1, 5}, {3, 3}, {2, 5}, {3, 7}};
        // K == O == L and 2L take the constant-stride 8-pixel tiles; 21 pixels end in a 4-tile and singles
        for (int inC : new int[] {1, 3, L, L + 1, 2 * L, 2 * L + 3}) {
            for (int outC : channelCounts()) {
                for (int[] hw : spatial) {
                    seed++;
                    String what = "1x1 conv " + Arrays.toString(hw) + " " + inC + "->" + outC;
                    AgainstScalar.check(what, seed, conv(seed, hw[0], hw[1], inC, outC, 1, 1, 1, 1, "VALID",
                            "NONE", seed % 2 == 0));
                }
            }
        }
    }

    @Test
    void pointwiseConvolutionWithFusedActivationAndLargeChannelCounts() {
        AgainstScalar.check("1x1 conv relu6 9x7 37->131", 7, conv(7, 9, 7, 37, 131, 1, 1, 1, 1, "SAME", "RELU6",
                true));
        AgainstScalar.check("1x1 conv relu 12x12 64->128", 8, conv(8, 12, 12, 64, 128, 1, 1, 1, 1, "VALID", "RELU",
                true));
    }

    /**
     * The model's residual block, x -> 1x1 conv (bias) -> ADD x -> PRELU, which {@link Fusion} folds into one
     * convolution (at 512 bits its 8-row square tiles apply the epilogue in registers, at 256 and 128 the 6-row
     * tiles leave it to the epilogue pass): bit for bit against the reference, at pixel counts that end in every
     * kind of remainder after the 6- and 8-row tiles.
     */
    @Test
    void pointwiseResidualPreluBlockIsBitIdentical() {
        long seed = 700;
        for (int c : new int[] {L, 2 * L, 4 * L, 6 * L}) {
            for (int[] hw : new int[][] {{1, 5}, {2, 3}, {1, 13}, {3, 8}, {5, 7}}) {
                seed++;
                GraphBuilder g = new GraphBuilder();
                int x = g.input("x", 1, hw[0], hw[1], c);
                int w = g.constant("w", RandomData.uniform(seed * 31 + 1, c * c), c, 1, 1, c);
                int b = g.constant("b", RandomData.uniform(seed * 31 + 2, c), c);
                var pw = attrs("padding", "VALID", "stride_h", 1, "stride_w", 1, "activation", "NONE");
                int conv = g.node(OpType.CONV_2D, pw, "conv", dims(1, hw[0], hw[1], c), x, w, b);
                int add = g.node(OpType.ADD, attrs(), "add", dims(1, hw[0], hw[1], c), conv, x);
                int alpha = g.constant("alpha", RandomData.uniform(seed * 31 + 3, c), 1, 1, c);
                int y = g.node(OpType.PRELU, attrs(), "y", dims(1, hw[0], hw[1], c), add, alpha);
                AgainstScalar.checkBits("residual block " + Arrays.toString(hw) + " " + c + " channels", seed,
                        g.output(y).build("block"));
            }
        }
    }

    @Test
    void generalConvolutionStrideAndPadding() {
        long seed = 1000;
        int[][] shapes = {{3, 3, 2, 1}, {3, 3, 1, 1}, {2, 2, 2, 1}, {3, 3, 3, 1}, {3, 3, 1, 2}, {1, 1, 2, 1}};
        for (int[] s : shapes) {
            for (String padding : new String[] {"SAME", "VALID"}) {
                for (int outC : channelCounts()) {
                    for (int hw : new int[] {3, 5, 8}) {
                        for (int inC : new int[] {1, 3, L + 1}) {
                            seed++;
                            if ("VALID".equals(padding) && hw < (s[0] - 1) * s[3] + 1) {
                                continue;
                            }
                            String what = s[0] + "x" + s[1] + " s" + s[2] + " d" + s[3] + " " + padding + " conv "
                                    + hw + "x" + hw + " " + inC + "->" + outC;
                            AgainstScalar.check(what, seed, conv(seed, hw, hw + 1, inC, outC, s[0], s[1], s[2],
                                    s[3], padding, "NONE", true));
                        }
                    }
                }
            }
        }
    }

    @Test
    void generalConvolutionOnWideRowsUsesTheGatheredTiles() {
        // interior runs of 8+ pixels (gathered 8x1 tiles when O == L) next to padded border pixels
        AgainstScalar.check("3x3 s1 SAME conv 4x21 3->L", 21, conv(21, 4, 21, 3, L, 3, 3, 1, 1, "SAME", "NONE", true));
        AgainstScalar.check("3x3 s2 SAME conv 9x40 3->L", 22, conv(22, 9, 40, 3, L, 3, 3, 2, 1, "SAME", "NONE", true));
        // the first convolution of the face models (6-row gathered tiles for 2L outputs at 256 bits and below)
        AgainstScalar.checkBits("3x3 s2 SAME conv 9x40 3->2L", 25, conv(25, 9, 40, 3, 2 * L, 3, 3, 2, 1, "SAME",
                "NONE", true));
        AgainstScalar.check("3x3 s2 SAME conv 9x40 3->2L+1", 23, conv(23, 9, 40, 3, 2 * L + 1, 3, 3, 2, 1, "SAME",
                "RELU", true));
        AgainstScalar.check("3x3 d2 VALID conv 7x30 5->L-1", 24, conv(24, 7, 30, 5, Math.max(1, L - 1), 3, 3, 1, 2,
                "VALID", "NONE", false));
    }

    @Test
    void depthwiseConvolution() {
        long seed = 5000;
        for (int k : new int[] {3, 5}) {
            for (int stride : new int[] {1, 2}) {
                for (String padding : new String[] {"SAME", "VALID"}) {
                    for (int c : channelCounts()) {
                        for (int hw : new int[] {1, 2, 5, 8, 9, 18}) {
                            seed++;
                            if ("VALID".equals(padding) && hw < k) {
                                continue;
                            }
                            GraphBuilder g = new GraphBuilder();
                            int x = g.input("x", 1, hw, hw + 2, c);
                            int f = g.constant("w", RandomData.uniform(seed * 7, k * k * c), 1, k, k, c);
                            int b = g.constant("b", RandomData.uniform(seed * 7 + 1, c), c);
                            int oh = outSize(padding, hw, k, stride, 1);
                            int ow = outSize(padding, hw + 2, k, stride, 1);
                            int y = g.node(OpType.DEPTHWISE_CONV_2D, attrs("padding", padding, "stride_h", stride,
                                    "stride_w", stride, "depth_multiplier", 1, "activation",
                                    seed % 3 == 0 ? "RELU6" : "NONE"), "y", dims(1, oh, ow, c), x, f, b);
                            AgainstScalar.check(k + "x" + k + " s" + stride + " " + padding + " depthwise " + hw + "x"
                                    + (hw + 2) + "x" + c, seed, g.output(y).build("dw"));
                        }
                    }
                }
            }
        }
    }

    /**
     * The 3x3 depthwise paths at whole vectors of channels (1, 2, 4, 5 and 8 vectors: one and four sums
     * per border pixel, four outputs per interior group, edge rows over two kernel rows; at stride 1 rows in
     * groups of 2, 3 and 4 with the padded ends, widths 2, 3, 4, 6, 8, 12 and 16) give the scalar
     * reference's bits, signed zeros included: channel 0 all -0 with a bias of -0 (its sums are zeros), other
     * zeros of both signs, a +0 bias lane, maps from 1x1 to 18x19, stride 1 and 2, with and without a clamp.
     */
    @Test
    void depthwise3x3IsBitIdenticalToTheReference() {
        long seed = 9100;
        for (int vectors : new int[] {1, 2, 4, 5, 8}) {
            int c = vectors * L;
            for (int[] hw : new int[][] {{1, 1}, {2, 2}, {3, 3}, {3, 4}, {4, 4}, {5, 7}, {6, 6}, {9, 8}, {5, 12}, {4, 16}, {18, 19}}) {
                for (int stride : new int[] {1, 2}) {
                    seed++;
                    float[] x = RandomData.uniform(seed, hw[0] * hw[1] * c);
                    for (int i = 0; i < x.length; i++) { // channel 0 all -0: its sums are zeros whose sign counts
                        x[i] = i % c == 0 ? -0f : i % 7 == 0 ? 0f : x[i];
                    }
                    float[] b = RandomData.uniform(seed + 1, c);
                    b[0] = -0f;
                    b[1 % c] = 0f;
                    GraphBuilder g = new GraphBuilder();
                    int in = g.input("x", 1, hw[0], hw[1], c);
                    float[] w = RandomData.uniform(seed + 2, 9 * c);
                    for (int t = 0; t < 9; t++) {
                        w[t * c] = Math.abs(w[t * c]); // channel 0: every product -0
                    }
                    int f = g.constant("w", w, 1, 3, 3, c);
                    int bias = g.constant("b", b, c);
                    int y = g.node(OpType.DEPTHWISE_CONV_2D, attrs("padding", "SAME", "stride_h", stride,
                            "stride_w", stride, "depth_multiplier", 1, "activation", stride == 2 && hw[0] > 5 ? "RELU6" : "NONE"),
                            "y", dims(1, outSize("SAME", hw[0], 3, stride, 1), outSize("SAME", hw[1], 3, stride, 1), c),
                            in, f, bias);
                    AgainstScalar.checkBits(vectors + " vectors " + Arrays.toString(hw) + " s" + stride, x,
                            g.output(y).build("dw"));
                }
            }
        }
    }

    @Test
    void depthwiseDilatedAndBatched() {
        GraphBuilder g = new GraphBuilder();
        int c = L + 3;
        int x = g.input("x", 2, 9, 7, c);
        int f = g.constant("w", RandomData.uniform(77, 9 * c), 1, 3, 3, c);
        int y = g.node(OpType.DEPTHWISE_CONV_2D, attrs("padding", "SAME", "stride_h", 2, "stride_w", 1,
                "dilation_h", 2, "dilation_w", 2), "y", dims(2, 5, 7, c), x, f);
        AgainstScalar.check("dilated batched depthwise without bias", 77, g.output(y).build("dw"));
    }

    @Test
    void channelPad() {
        long seed = 9500;
        for (int c : channelCounts()) {
            for (int[] pad : new int[][] {{0, c}, {0, 1}, {3, 0}, {2, L + 1}, {0, 0}}) {
                seed++;
                GraphBuilder g = new GraphBuilder();
                int x = g.input("x", 1, 3, 5, c);
                int y = g.node(OpType.PAD, attrs("paddings", new int[] {0, 0, 0, 0, 0, 0, pad[0], pad[1]}), "y",
                        dims(1, 3, 5, pad[0] + c + pad[1]), x);
                AgainstScalar.check("channel pad " + c + " by " + pad[0] + "," + pad[1], seed,
                        g.output(y).build("pad"));
            }
        }
        { // large enough for the rows to be split across threads (1 and 3 threads are compared)
            GraphBuilder g = new GraphBuilder();
            int x = g.input("x", 1, 37, 41, 16);
            int y = g.node(OpType.PAD, attrs("paddings", new int[] {0, 0, 0, 0, 0, 0, 0, 16}), "y",
                    dims(1, 37, 41, 32), x);
            AgainstScalar.check("channel pad split across threads", seed + 2, g.output(y).build("pad"));
        }
        GraphBuilder g = new GraphBuilder(); // spatial padding: the reference kernel
        int x = g.input("x", 1, 3, 5, L + 2);
        int y = g.node(OpType.PAD, attrs("paddings", new int[] {0, 0, 1, 2, 0, 1, 0, 3}), "y", dims(1, 6, 6, L + 5), x);
        AgainstScalar.check("spatial and channel pad", seed + 1, g.output(y).build("pad"));
    }

    @Test
    void maxPool() {
        long seed = 9000;
        int[][] windows = {{2, 2}, {2, 1}, {3, 2}, {3, 1}};
        for (int[] win : windows) {
            for (String padding : new String[] {"SAME", "VALID"}) {
                for (int c : channelCounts()) {
                    for (int hw : new int[] {3, 4, 7}) {
                        seed++;
                        GraphBuilder g = new GraphBuilder();
                        int x = g.input("x", 1, hw, hw + 1, c);
                        int oh = outSize(padding, hw, win[0], win[1], 1);
                        int ow = outSize(padding, hw + 1, win[0], win[1], 1);
                        int y = g.node(OpType.MAX_POOL_2D, attrs("padding", padding, "filter_h", win[0], "filter_w",
                                win[0], "stride_h", win[1], "stride_w", win[1]), "y", dims(1, oh, ow, c), x);
                        AgainstScalar.check(win[0] + "x" + win[0] + " s" + win[1] + " " + padding + " max-pool " + hw
                                + "x" + (hw + 1) + "x" + c, seed, g.output(y).build("pool"));
                    }
                }
            }
        }
    }

    @Test
    void transformTensorBilinearInsideAcrossAndOutsideTheMap() {
        long seed = 15000;
        for (int c : channelCounts()) {
            for (float scale : new float[] {0.3f, 1.7f}) {
                seed++;
                java.util.Random r = new java.util.Random(seed);
                float angle = r.nextFloat() - 0.5f;
                float[] m = new float[16]; // maps the 6x5 output over and beyond the 9x7 map
                m[0] = scale * (float) Math.cos(angle);
                m[1] = -scale * (float) Math.sin(angle);
                m[3] = r.nextFloat() * 6f - 1f;
                m[4] = scale * (float) Math.sin(angle);
                m[5] = scale * (float) Math.cos(angle);
                m[7] = r.nextFloat() * 8f - 1f;
                m[10] = 1f;
                m[15] = 1f;
                GraphBuilder g = new GraphBuilder();
                int x = g.input("x", 1, 9, 7, c);
                int mat = g.constant("m", m, 1, 4, 4);
                int y = g.node(OpType.TRANSFORM_TENSOR_BILINEAR, attrs("output_height", 6, "output_width", 5), "y",
                        dims(1, 6, 5, c), x, mat);
                Graph graph = g.output(y).build("bilinear");
                AgainstScalar.check("bilinear c=" + c + " scale " + scale, seed, graph);
                // the same bits as the reference, signed zeros included (the kernel rewrites the arithmetic)
                float[] data = RandomData.uniform(seed, 9 * 7 * c);
                for (int i = 0; i < data.length; i++) { // the top rows -0, then some +0 among random values
                    data[i] = i < 3 * 7 * c ? -0f : i % 5 == 0 ? 0f : data[i];
                }
                var in = new dev.amesh.api.tensor.Tensor(graph.inputTensors().get(0).shape(), data);
                float[] want;
                float[] got;
                try (var ref = new dev.amesh.cpu.CpuBackend().compile(graph, dev.amesh.api.backend.BackendOptions.defaults());
                        var fast = new VectorBackend().compile(graph, dev.amesh.api.backend.BackendOptions.defaults())) {
                    want = ref.run(in)[0].toArray();
                    got = fast.run(in)[0].toArray();
                }
                for (int i = 0; i < want.length; i++) {
                    org.junit.jupiter.api.Assertions.assertEquals(Float.floatToRawIntBits(want[i]),
                            Float.floatToRawIntBits(got[i]), "bilinear c=" + c + " scale " + scale + " element " + i
                                    + ": " + want[i] + " vs " + got[i]);
                }
            }
        }
    }

    @Test
    void elementwiseSameShapeAndPerChannel() {
        long seed = 12000;
        for (int c : channelCounts()) {
            seed++;
            GraphBuilder g = new GraphBuilder();
            int a = g.input("a", 1, 3, 5, c);
            int b = g.input("b", 1, 3, 5, c);
            int alpha = g.constant("alpha", RandomData.uniform(seed, c), 1, 1, c);
            int scale = g.constant("scale", RandomData.uniform(seed + 1, c), c);
            int sum = g.node(OpType.ADD, attrs("activation", "RELU_N1_TO_1"), "sum", dims(1, 3, 5, c), a, b);
            int p = g.node(OpType.PRELU, attrs(), "p", dims(1, 3, 5, c), a, alpha);
            int m = g.node(OpType.MUL, attrs("activation", "RELU6"), "m", dims(1, 3, 5, c), b, scale);
            int row = g.node(OpType.ADD, attrs(), "row", dims(1, 3, 5, c), a,
                    g.constant("r", RandomData.uniform(seed + 2, 5 * c), 1, 1, 5, c)); // reference broadcast
            AgainstScalar.check("element-wise c=" + c, seed, g.output(sum).output(p).output(m).output(row).build("ew"));
        }
    }
}
