package dev.amesh.cpu.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.OpType;
import dev.amesh.cpu.OneOpGraph;
import dev.amesh.cpu.RandomData;
import dev.amesh.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DepthwiseConv2dRefTest {

    @Test
    void handWorkedChannelsStaySeparate() {
        // 2x2 map, 2 channels: channel 0 = 1,2,3,4, channel 1 = 10,20,30,40.
        // 2x2 VALID filter: channel 0 weights all 1, channel 1 weights all -1; bias (0, 100).
        float[] x = {1, 10, 2, 20, 3, 30, 4, 40};
        float[] filter = {1, -1, 1, -1, 1, -1, 1, -1};
        float[] out = OneOpGraph.of(OpType.DEPTHWISE_CONV_2D)
                .input(x, 1, 2, 2, 2)
                .constant(filter, 1, 2, 2, 2)
                .constant(new float[] {0, 100}, 2)
                .attr("padding", "VALID").attr("stride_h", 1).attr("stride_w", 1).attr("depth_multiplier", 1)
                .output(1, 1, 1, 2)
                .run();
        assertArrayEquals(new float[] {10, 0}, out);
    }

    @ParameterizedTest(name = "{0}x{1}x{2} dm{3} k{4} s{5} {6}")
    @CsvSource({
        // h, w, c, dm, k, stride, padding, pt, pb, pl, pr, oh, ow
        "7, 7, 5, 1, 3, 1, SAME, 1, 1, 1, 1, 7, 7",
        "7, 7, 5, 1, 3, 2, SAME, 1, 1, 1, 1, 4, 4",
        "8, 8, 5, 1, 3, 2, SAME, 0, 1, 0, 1, 4, 4",
        "6, 3, 4, 1, 3, 2, SAME, 0, 1, 1, 1, 3, 2",
        "4, 4, 3, 2, 3, 1, SAME, 1, 1, 1, 1, 4, 4",
        "5, 6, 3, 2, 3, 2, SAME, 1, 1, 0, 1, 3, 3",
        "9, 9, 2, 3, 5, 2, SAME, 2, 2, 2, 2, 5, 5",
        "5, 5, 4, 1, 3, 1, VALID, 0, 0, 0, 0, 3, 3",
    })
    void matchesBruteForce(int h, int w, int c, int dm, int k, int stride, String padding, int pt, int pb, int pl,
            int pr, int oh, int ow) {
        long seed = 17L * h + w + 5L * c + dm * 1000L + k * 7L + stride;
        float[] x = RandomData.uniform(seed, h * w * c);
        float[] filter = RandomData.uniform(seed + 1, k * k * c * dm);
        float[] bias = RandomData.uniform(seed + 2, c * dm);
        float[] out = OneOpGraph.of(OpType.DEPTHWISE_CONV_2D)
                .input(x, 1, h, w, c)
                .constant(filter, 1, k, k, c * dm)
                .constant(bias, c * dm)
                .attr("padding", padding).attr("stride_h", stride).attr("stride_w", stride).attr("depth_multiplier", dm)
                .output(1, oh, ow, c * dm)
                .run();
        float[] expected = Naive.depthwise(x, h, w, c, dm, filter, k, k, bias, pt, pb, pl, pr, stride);
        Tolerance.CLOSE.assertClose("depthwise seed " + seed, expected, out);
    }

    @Test
    void fusedRelu6() {
        float[] x = {-2, 3, 9};
        float[] out = OneOpGraph.of(OpType.DEPTHWISE_CONV_2D)
                .input(x, 1, 1, 3, 1)
                .constant(new float[] {1}, 1, 1, 1, 1)
                .constant(new float[] {0.5f}, 1)
                .attr("padding", "VALID").attr("activation", "RELU6")
                .output(1, 1, 3, 1)
                .run();
        assertArrayEquals(new float[] {0, 3.5f, 6}, out);
    }

    @Test
    void depthMultiplierMustAgreeWithTheFilter() {
        GraphException e = assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.DEPTHWISE_CONV_2D)
                .input(new float[4 * 4 * 3], 1, 4, 4, 3)
                .constant(new float[9 * 6], 1, 3, 3, 6)
                .attr("padding", "SAME").attr("depth_multiplier", 1)
                .output(1, 4, 4, 6)
                .compile());
        assertTrue(e.getMessage().contains("depth_multiplier is 1") && e.getMessage().contains("give 2"),
                e.getMessage());
    }
}
