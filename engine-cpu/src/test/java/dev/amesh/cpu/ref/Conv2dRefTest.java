package dev.amesh.cpu.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.OpType;
import dev.amesh.cpu.OneOpGraph;
import dev.amesh.cpu.RandomData;
import dev.amesh.testing.Tolerance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Conv2dRefTest {

    @Test
    void handWorkedTwoByTwoValid() {
        // x = 1..9 on a 3x3 map, kernel of ones, bias 0.5: window sums 1+2+4+5=12, 2+3+5+6=16, 24, 28
        float[] out = OneOpGraph.of(OpType.CONV_2D)
                .input(RandomData.ramp(9), 1, 3, 3, 1)
                .constant(new float[] {1, 1, 1, 1}, 1, 2, 2, 1)
                .constant(new float[] {0.5f}, 1)
                .attr("padding", "VALID").attr("stride_h", 1).attr("stride_w", 1)
                .output(1, 2, 2, 1)
                .run();
        assertArrayEquals(new float[] {12.5f, 16.5f, 24.5f, 28.5f}, out);
    }

    @Test
    void handWorkedSameStrideTwoEvenInputPadsBottomRightOnly() {
        // 4x4 ramp, 3x3 ones, stride 2 SAME: pads (0,1) so windows start at rows/cols 0 and 2.
        // out[0][0] = rows 0-2, cols 0-2 = 1+2+3+5+6+7+9+10+11 = 54
        // out[0][1] = rows 0-2, cols 2-3 (+pad) = 3+4+7+8+11+12 = 45
        // out[1][0] = rows 2-3, cols 0-2 = 9+10+11+13+14+15 = 72
        // out[1][1] = rows 2-3, cols 2-3 = 11+12+15+16 = 54
        float[] ones = new float[9];
        java.util.Arrays.fill(ones, 1f);
        float[] out = OneOpGraph.of(OpType.CONV_2D)
                .input(RandomData.ramp(16), 1, 4, 4, 1)
                .constant(ones, 1, 3, 3, 1)
                .constant(new float[] {0f}, 1)
                .attr("padding", "SAME").attr("stride_h", 2).attr("stride_w", 2)
                .output(1, 2, 2, 1)
                .run();
        assertArrayEquals(new float[] {54, 45, 72, 54}, out);
    }

    /** Expected padding is given literally, worked out by hand from TFLite's rule. */
    @ParameterizedTest(name = "{0}x{1}x{2} -> {3}, k{4} s{5} {6}")
    @CsvSource({
        // h, w, c, o, k, stride, padding, pt, pb, pl, pr, oh, ow, dilation
        "7, 7, 3, 4, 3, 2, SAME, 1, 1, 1, 1, 4, 4, 1",
        "8, 8, 3, 4, 3, 2, SAME, 0, 1, 0, 1, 4, 4, 1",
        "8, 7, 2, 3, 3, 2, SAME, 0, 1, 1, 1, 4, 4, 1",
        "9, 10, 3, 5, 5, 2, SAME, 2, 2, 1, 2, 5, 5, 1",
        "6, 6, 3, 2, 5, 2, SAME, 1, 2, 1, 2, 3, 3, 1",
        "5, 5, 7, 6, 1, 1, VALID, 0, 0, 0, 0, 5, 5, 1",
        "5, 5, 7, 6, 1, 1, SAME, 0, 0, 0, 0, 5, 5, 1",
        "6, 6, 5, 3, 3, 3, VALID, 0, 0, 0, 0, 2, 2, 1",
        "3, 3, 5, 9, 3, 3, VALID, 0, 0, 0, 0, 1, 1, 1",
        "4, 4, 3, 5, 2, 2, VALID, 0, 0, 0, 0, 2, 2, 1",
        "5, 6, 2, 3, 3, 1, SAME, 1, 1, 1, 1, 5, 6, 1",
        "7, 7, 2, 3, 3, 1, SAME, 2, 2, 2, 2, 7, 7, 2",
    })
    void matchesBruteForce(int h, int w, int c, int o, int k, int stride, String padding, int pt, int pb, int pl,
            int pr, int oh, int ow, int dilation) {
        long seed = 31L * h + 7L * w + c * 13L + o + k * 100L + stride;
        float[] x = RandomData.uniform(seed, h * w * c);
        float[] filter = RandomData.uniform(seed + 1, o * k * k * c);
        float[] bias = RandomData.uniform(seed + 2, o);
        float[] out = OneOpGraph.of(OpType.CONV_2D)
                .input(x, 1, h, w, c)
                .constant(filter, o, k, k, c)
                .constant(bias, o)
                .attr("padding", padding).attr("stride_h", stride).attr("stride_w", stride)
                .attr("dilation_h", dilation).attr("dilation_w", dilation)
                .output(1, oh, ow, o)
                .run();
        float[] expected = Naive.conv2d(x, h, w, c, filter, o, k, k, bias, pt, pb, pl, pr, stride, dilation);
        Tolerance.CLOSE.assertClose("conv seed " + seed, expected, out);
    }

    @Test
    void withoutBias() {
        float[] x = RandomData.uniform(5, 4 * 4 * 3);
        float[] filter = RandomData.uniform(6, 2 * 3 * 3 * 3);
        float[] out = OneOpGraph.of(OpType.CONV_2D)
                .input(x, 1, 4, 4, 3)
                .constant(filter, 2, 3, 3, 3)
                .attr("padding", "SAME").attr("stride_h", 1).attr("stride_w", 1)
                .output(1, 4, 4, 2)
                .run();
        Tolerance.CLOSE.assertClose("no bias", Naive.conv2d(x, 4, 4, 3, filter, 2, 3, 3, null, 1, 1, 1, 1, 1, 1), out);
    }

    @Test
    void fusedActivationsClampTheSum() {
        float[] x = {-3, -0.5f, 0.25f, 0.9f, 2, 7};
        // 1x1 conv with weight 1 and bias 0 passes x through, so the activation alone shapes the output.
        float[][] expected = {
            {-3, -0.5f, 0.25f, 0.9f, 2, 7},
            {0, 0, 0.25f, 0.9f, 2, 7},
            {0, 0, 0.25f, 0.9f, 2, 6},
            {-1, -0.5f, 0.25f, 0.9f, 1, 1},
        };
        String[] acts = {"NONE", "RELU", "RELU6", "RELU_N1_TO_1"};
        for (int a = 0; a < acts.length; a++) {
            float[] out = OneOpGraph.of(OpType.CONV_2D)
                    .input(x, 1, 1, 6, 1)
                    .constant(new float[] {1f}, 1, 1, 1, 1)
                    .constant(new float[] {0f}, 1)
                    .attr("padding", "VALID").attr("stride_h", 1).attr("stride_w", 1).attr("activation", acts[a])
                    .output(1, 1, 6, 1)
                    .run();
            assertArrayEquals(expected[a], out, acts[a]);
        }
    }

    @Test
    void wrongDeclaredOutputShapeNamesNodeTensorAndBothShapes() {
        GraphException e = assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.CONV_2D)
                .input(new float[8 * 8 * 3], 1, 8, 8, 3)
                .constant(new float[4 * 3 * 3 * 3], 4, 3, 3, 3)
                .constant(new float[4], 4)
                .attr("padding", "SAME").attr("stride_h", 2).attr("stride_w", 2)
                .output(1, 8, 8, 4)
                .compile());
        String m = e.getMessage();
        assertTrue(m.contains("node 0 (CONV_2D)") && m.contains("'out'") && m.contains("[1,4,4,4]")
                && m.contains("[1,8,8,4]"), m);
    }

    @Test
    void channelMismatchAndBadPaddingAreRejected() {
        GraphException channels = assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.CONV_2D)
                .input(new float[8 * 8 * 3], 1, 8, 8, 3)
                .constant(new float[4 * 3 * 3 * 2], 4, 3, 3, 2)
                .attr("padding", "SAME")
                .output(1, 8, 8, 4)
                .compile());
        assertTrue(channels.getMessage().contains("input channels"), channels.getMessage());
        GraphException pad = assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.CONV_2D)
                .input(new float[8 * 8 * 3], 1, 8, 8, 3)
                .constant(new float[4 * 3 * 3 * 3], 4, 3, 3, 3)
                .attr("padding", "CAUSAL")
                .output(1, 8, 8, 4)
                .compile());
        assertTrue(pad.getMessage().contains("CAUSAL"), pad.getMessage());
    }
}
