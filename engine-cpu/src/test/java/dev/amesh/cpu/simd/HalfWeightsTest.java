package dev.amesh.cpu.simd;

import static dev.amesh.cpu.GraphBuilder.attrs;
import static dev.amesh.cpu.GraphBuilder.dims;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.GraphBuilder;
import dev.amesh.cpu.RandomData;
import dev.amesh.cpu.exec.CpuCompiledModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The 16-bit weight format ({@link HalfWeights}) and the convolution tiles that read it: every 16-bit
 * pattern decodes to the float it encodes, weights that do not fit are refused, and convolutions with few
 * output pixels give the same bits with 16-bit weights as with float weights, at every block width and pixel
 * count those tiles handle. The 16-bit weights are forced on, so JDK 17 (where they are off by default)
 * tests them too; the build runs this class in a JVM of its own (see engine-cpu's pom).
 */
class HalfWeightsTest {
    private static final int L = Simd.L;

    @AfterEach
    void restoreProperty() {
        System.clearProperty(HalfWeights.PROPERTY);
    }

    @Test
    void everyPatternDecodesToTheValueItEncodes() {
        for (int minExponent : new int[] {1, 103, 127, 128}) {
            // weights spanning the whole range of this bias: the format is fitted to exactly this window
            float smallest = Float.intBitsToFloat(minExponent << 23);
            float largest = Float.intBitsToFloat((minExponent + 29) << 23 | 0x7F_E000);
            HalfWeights f = HalfWeights.fit(new float[] {smallest, -largest, 0f}, 0, 3);
            assertNotNull(f, "exponents " + minExponent + ".." + (minExponent + 29));
            for (int h = 0; h < 0x10000; h++) {
                int e = (h >>> 10) & 0x1F;
                if (e == 31 || (e == 0 && (h & 0x3FF) != 0)) {
                    continue; // not used by the format
                }
                float expected = e == 0 ? ((h & 0x8000) != 0 ? -0f : 0f)
                        : Math.scalb((1 + (h & 0x3FF) / 1024f) * ((h & 0x8000) != 0 ? -1 : 1),
                                e - 1 + minExponent - 127);
                float decoded = f.decode(h);
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(decoded),
                        "pattern 0x" + Integer.toHexString(h) + " with exponents from " + minExponent);
                assertEquals(h, f.bits(expected), "encoding of " + expected);
            }
        }
    }

    @Test
    void weightsThatDoNotFitAreRefused() {
        assertNull(HalfWeights.fit(new float[] {1f, Float.NaN}, 0, 2));
        assertNull(HalfWeights.fit(new float[] {Float.POSITIVE_INFINITY}, 0, 1));
        assertNull(HalfWeights.fit(new float[] {Float.MIN_VALUE}, 0, 1), "a float subnormal");
        assertNull(HalfWeights.fit(new float[] {1f + 0x1p-11f}, 0, 1), "12 significant bits");
        assertNull(HalfWeights.fit(new float[] {0x1p-20f, 0x1p10f}, 0, 2), "31 binades");
        assertNull(HalfWeights.fit(new float[] {0x1p2f}, 0, 1), "a scale of 2^128");
        assertNotNull(HalfWeights.fit(new float[] {0x1p-20f, 0x1.ffcp9f}, 0, 2), "30 binades");
        assertNotNull(HalfWeights.fit(new float[] {0x1p-24f, 3 * 0x1p-24f, 65504f / 1024}, 0, 3),
                "IEEE half subnormals");
        assertNotNull(HalfWeights.fit(new float[] {0f, -0f}, 0, 2));
        // only the n weights from the offset count
        assertNotNull(HalfWeights.fit(new float[] {Float.NaN, 1f, Float.NaN}, 1, 1));
    }

    @Test
    void pairsAreNeverNaNAndKeepTheirBits() {
        Random r = new Random(7);
        float[] w = fitting(r, 4096);
        HalfWeights f = HalfWeights.fit(w, 0, w.length);
        assertNotNull(f);
        for (int i = 0; i + 1 < w.length; i += 2) {
            float p = f.pair(w[i], w[i + 1]);
            assertFalse(Float.isNaN(p));
            assertEquals(f.bits(w[i]) | f.bits(w[i + 1]) << 16, Float.floatToRawIntBits(p));
            assertEquals(Float.floatToRawIntBits(w[i]), Float.floatToRawIntBits(f.decode(f.bits(w[i]))));
        }
    }

    @Test
    void pointwiseConvolutionsWithFewPixels() {
        long seed = 900;
        int[][] spatial = {{1, 1}, {1, 2}, {1, 3}, {2, 2}, {1, 4}};
        for (int inC : new int[] {1, 3, L + 1, 2 * L + 3}) {
            for (int outC : new int[] {2 * L, 2 * L + 1, 3 * L, 4 * L, 4 * L + 3, 5 * L + 1, 11 * L + 5}) {
                for (int[] hw : spatial) {
                    seed++;
                    String what = "1x1 conv " + hw[0] + "x" + hw[1] + " " + inC + "->" + outC;
                    check(what, seed, conv(seed, 1, hw[0], hw[1], inC, outC, 1, "VALID", seed % 3 == 0), true);
                }
            }
        }
        check("1x1 conv, 2 images of 1x2", 950, conv(950, 2, 1, 2, 2 * L + 1, 6 * L + 2, 1, "VALID", true), true);
    }

    @Test
    void generalConvolutionsWithFewPixels() {
        long seed = 1900;
        // {h, w, kernel, padding}: one gathered pixel (the mesh head's shape), border pixels through patches
        Object[][] shapes = {{3, 3, 3, "VALID"}, {2, 2, 2, "VALID"}, {2, 2, 3, "SAME"}, {1, 3, 3, "SAME"},
            {4, 4, 3, "VALID"}};
        for (Object[] s : shapes) {
            for (int outC : new int[] {2 * L, 3 * L + 2, 4 * L, 9 * L + 1}) {
                for (int inC : new int[] {1, L + 1}) {
                    seed++;
                    String what = s[2] + "x" + s[2] + " " + s[3] + " conv " + s[0] + "x" + s[1] + " " + inC + "->"
                            + outC;
                    check(what, seed, conv(seed, 1, (int) s[0], (int) s[1], inC, outC, (int) s[2], (String) s[3],
                            true), true);
                }
            }
        }
    }

    @Test
    void residualPreluBlocksWithFewPixels() {
        // the region heads' 2x2 blocks: depthwise -> 1x1 -> add input -> prelu, folded into one kernel
        for (int c : new int[] {2 * L, 4 * L + 1}) {
            GraphBuilder g = new GraphBuilder();
            int x = g.input("x", 1, 2, 2, c);
            int dw = g.node(OpType.DEPTHWISE_CONV_2D, attrs("padding", "SAME", "stride_h", 1, "stride_w", 1), "dw",
                    dims(1, 2, 2, c), x, g.constant("dww", RandomData.uniform(c, 9 * c), 1, 3, 3, c),
                    g.constant("dwb", RandomData.uniform(c + 1, c), c));
            int pw = g.node(OpType.CONV_2D, attrs("padding", "VALID", "stride_h", 1, "stride_w", 1), "pw",
                    dims(1, 2, 2, c), dw, g.constant("pww", fitting(new Random(c), c * c), c, 1, 1, c),
                    g.constant("pwb", RandomData.uniform(c + 2, c), c));
            int add = g.node(OpType.ADD, attrs(), "add", dims(1, 2, 2, c), pw, x);
            int prelu = g.node(OpType.PRELU, attrs(), "prelu", dims(1, 2, 2, c), add,
                    g.constant("alpha", RandomData.uniform(c + 3, c), 1, 1, c));
            check("2x2 residual block " + c, c, g.output(prelu).build("block"), true);
        }
    }

    @Test
    void aWeightWithMoreBitsKeepsTheConvolutionInFloats() {
        float[] w = fitting(new Random(77), 4 * L * (L + 1));
        w[5] = 1f + 0x1p-23f; // 24 significant bits
        check("1x1 conv with one float weight", 77, conv(77, 1, 1, 1, L + 1, 4 * L, 1, "VALID", true, w), false);
    }

    /**
     * Runs {@code graph} with 16-bit weights allowed and not, on 1 and 3 threads; asserts the same bits
     * everywhere and that a convolution kernel took the 16-bit tiles exactly when {@code half}.
     */
    private static void check(String what, long seed, Graph graph, boolean half) {
        Tensor[] inputs = new Tensor[graph.inputs().length];
        for (int i = 0; i < inputs.length; i++) {
            var info = graph.inputTensors().get(i);
            inputs[i] = new Tensor(info.shape(), RandomData.uniform(seed + i, info.shape().numElements()));
        }
        String tag = what + " (seed " + seed + ", " + Simd.describe() + ")";
        System.setProperty(HalfWeights.PROPERTY, "false");
        float[][] floats = run(graph, 1, inputs, tag, false);
        System.setProperty(HalfWeights.PROPERTY, "true"); // off by default on JDK 17, tested there too
        for (int threads : new int[] {1, 3}) {
            float[][] got = run(graph, threads, inputs, tag, half);
            for (int o = 0; o < floats.length; o++) {
                assertArrayEquals(floats[o], got[o], tag + " output " + o + ", " + threads + " thread(s)");
            }
        }
    }

    private static float[][] run(Graph graph, int threads, Tensor[] inputs, String tag, boolean half) {
        try (CpuCompiledModel m = new VectorBackend().compile(graph, BackendOptions.defaults().withThreads(threads))) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < m.graph().nodes().size(); i++) {
                names.add(m.kernel(i).name());
            }
            assertEquals(half, names.stream().anyMatch(n -> n.endsWith("-f16w")), tag + ": kernels " + names);
            Tensor[] outs = m.run(inputs);
            float[][] r = new float[outs.length][];
            for (int i = 0; i < outs.length; i++) {
                r[i] = outs[i].toArray();
            }
            return r;
        }
    }

    /** {@code n} weights of 11 significant bits over 26 binades (down to 2^-24), a few of them zero. */
    private static float[] fitting(Random r, int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            float v = Math.scalb(1 + r.nextInt(1024) / 1024f, -24 + r.nextInt(26));
            w[i] = r.nextInt(50) == 0 ? 0f : r.nextBoolean() ? -v : v;
        }
        return w;
    }

    private static Graph conv(long seed, int n, int h, int w, int inC, int outC, int k, String padding,
            boolean relu6) {
        return conv(seed, n, h, w, inC, outC, k, padding, relu6, fitting(new Random(seed), outC * k * k * inC));
    }

    private static Graph conv(long seed, int n, int h, int w, int inC, int outC, int k, String padding,
            boolean relu6, float[] weights) {
        GraphBuilder g = new GraphBuilder();
        int x = g.input("x", n, h, w, inC);
        int f = g.constant("w", weights, outC, k, k, inC);
        int oh = "SAME".equals(padding) ? h : h - k + 1;
        int ow = "SAME".equals(padding) ? w : w - k + 1;
        var a = attrs("padding", padding, "stride_h", 1, "stride_w", 1, "activation", relu6 ? "RELU6" : "NONE");
        int y = g.node(OpType.CONV_2D, a, "y", dims(n, oh, ow, outC), x, f,
                g.constant("b", RandomData.uniform(seed * 31 + 2, outC), outC));
        return g.output(y).build("conv");
    }
}
