package dev.amesh.cpu;

import static dev.amesh.cpu.GraphBuilder.attrs;
import static dev.amesh.cpu.GraphBuilder.dims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.simd.VectorBackend;
import org.junit.jupiter.api.Test;

/**
 * The convolution rounding that {@link Numerics} picks: the scalar reference and the Vector API kernels
 * follow it, bit for bit. The build runs this class twice, with the JVM's default and with
 * {@code -Damesh.fma=false}.
 */
class NumericsTest {

    @Test
    void theChoiceFollowsThePropertyOrTheHardware() {
        String forced = System.getProperty(Numerics.PROPERTY);
        boolean expected = forced == null ? Numerics.hardwareFma() : Boolean.parseBoolean(forced);
        assertEquals(expected, Numerics.FUSED_CONV, Numerics.describe());
        assertTrue(Numerics.describe().startsWith(expected ? "fused multiply-add" : "separate multiply and add"),
                Numerics.describe());
    }

    /**
     * A 1x1 convolution whose second term tells the two roundings apart: acc = -1 * (1 + 2^-11), then
     * (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 exactly. Rounded apart, the product loses its 2^-24 (a tie, to even)
     * and the sum is 0; fused, the sum is exactly 2^-24.
     */
    @Test
    void bothBackendsRoundAsChosen() {
        float expected = Numerics.FUSED_CONV ? 0x1p-24f : 0f;
        int channels = 2;
        GraphBuilder g = new GraphBuilder();
        int x = g.input("x", 1, 1, 1, channels);
        int f = g.constant("f", new float[] {1 + 0x1p-11f, 1 + 0x1p-12f}, 1, 1, 1, channels);
        int y = g.node(OpType.CONV_2D, attrs("padding", "VALID", "stride_h", 1, "stride_w", 1), "y",
                dims(1, 1, 1, 1), x, f);
        Graph graph = g.output(y).build("fma-probe");
        Tensor in = new Tensor(graph.inputTensors().get(0).shape(), new float[] {-1f, 1 + 0x1p-12f});
        try (var ref = new CpuBackend().compile(graph, BackendOptions.defaults());
                var fast = new VectorBackend().compile(graph, BackendOptions.defaults())) {
            assertEquals(expected, ref.run(in)[0].toArray()[0], "scalar");
            assertEquals(expected, fast.run(in)[0].toArray()[0], "cpu");
        }
    }

    /** Random data through the model's convolution shapes: the two backends give the same bits. */
    @Test
    void convolutionsAreBitIdenticalToTheReference() {
        int[][] cases = { // h, w, in, out, kernel, stride
            {19, 23, 3, 16, 3, 2}, {13, 11, 16, 16, 1, 1}, {9, 10, 16, 32, 1, 1}, {11, 13, 32, 32, 1, 1},
            {7, 9, 32, 64, 1, 1},
            {5, 6, 128, 128, 1, 1}, {3, 3, 32, 1404, 3, 3}, {6, 5, 24, 20, 2, 2}};
        long seed = 31000;
        for (int[] c : cases) {
            seed++;
            int h = c[0];
            int w = c[1];
            int k = c[4];
            int s = c[5];
            String padding = k == 3 && s == 2 ? "SAME" : "VALID";
            int oh = padding.equals("SAME") ? (h + s - 1) / s : (h - k) / s + 1;
            int ow = padding.equals("SAME") ? (w + s - 1) / s : (w - k) / s + 1;
            GraphBuilder g = new GraphBuilder();
            int x = g.input("x", 1, h, w, c[2]);
            int f = g.constant("f", RandomData.uniform(seed, c[3] * k * k * c[2]), c[3], k, k, c[2]);
            int b = g.constant("b", RandomData.uniform(seed + 500, c[3]), c[3]);
            int y = g.node(OpType.CONV_2D, attrs("padding", padding, "stride_h", s, "stride_w", s), "y",
                    dims(1, oh, ow, c[3]), x, f, b);
            Graph graph = g.output(y).build("conv");
            Tensor in = new Tensor(graph.inputTensors().get(0).shape(), RandomData.uniform(seed + 1000, h * w * c[2]));
            float[] want;
            try (var ref = new CpuBackend().compile(graph, BackendOptions.defaults())) {
                want = ref.run(in)[0].toArray();
            }
            // 2 and 3 threads split the one-row 1404-channel case by output channels instead of rows
            for (int threads = 1; threads <= 3; threads++) {
                try (var fast = new VectorBackend().compile(graph, BackendOptions.defaults().withThreads(threads))) {
                    float[] got = fast.run(in)[0].toArray();
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                                java.util.Arrays.toString(c) + " threads " + threads + " element " + i + ": "
                                        + want[i] + " vs " + got[i]);
                    }
                }
            }
        }
    }

    @Test
    void aValueOtherThanTrueOrFalseIsRejectedWithItsName() {
        // the property is read once per JVM, so the check is exercised on its parser
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Numerics.parse("yes"));
        assertTrue(e.getMessage().contains("-Damesh.fma must be true or false, got 'yes'"), e.getMessage());
        assertEquals(Boolean.TRUE, Numerics.parse(" true "));
        assertEquals(Boolean.FALSE, Numerics.parse("false"));
        assertEquals(null, Numerics.parse(""));
    }
}
