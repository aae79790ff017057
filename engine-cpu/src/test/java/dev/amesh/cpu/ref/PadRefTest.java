package dev.amesh.cpu.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.OpType;
import dev.amesh.cpu.OneOpGraph;
import dev.amesh.cpu.RandomData;
import org.junit.jupiter.api.Test;

class PadRefTest {

    @Test
    void channelPaddingAtTheEnd() {
        // [1,2,1,2] -> channels padded by 3 at the end (as the BlazeFace residual shortcuts do)
        float[] out = OneOpGraph.of(OpType.PAD)
                .input(new float[] {1, 2, 3, 4}, 1, 2, 1, 2)
                .attr("paddings", new int[] {0, 0, 0, 0, 0, 0, 0, 3})
                .output(1, 2, 1, 5).run();
        assertArrayEquals(new float[] {1, 2, 0, 0, 0, 3, 4, 0, 0, 0}, out);
    }

    @Test
    void everyAxisPadded() {
        // [2,3] with paddings (1,0) and (2,1) -> [3,6]
        float[] out = OneOpGraph.of(OpType.PAD)
                .input(RandomData.ramp(6), 2, 3)
                .attr("paddings", new int[] {1, 0, 2, 1})
                .output(3, 6).run();
        assertArrayEquals(new float[] {
            0, 0, 0, 0, 0, 0,
            0, 0, 1, 2, 3, 0,
            0, 0, 4, 5, 6, 0}, out);
    }

    @Test
    void spatialPaddingOnNhwc() {
        float[] x = RandomData.uniform(4, 3 * 2 * 2);
        float[] out = OneOpGraph.of(OpType.PAD)
                .input(x, 1, 3, 2, 2)
                .attr("paddings", new int[] {0, 0, 1, 2, 0, 1, 1, 0})
                .output(1, 6, 3, 3).run();
        float[] expected = new float[6 * 3 * 3];
        for (int y = 0; y < 3; y++) {
            for (int xx = 0; xx < 2; xx++) {
                for (int c = 0; c < 2; c++) {
                    expected[((y + 1) * 3 + xx) * 3 + c + 1] = x[(y * 2 + xx) * 2 + c];
                }
            }
        }
        assertArrayEquals(expected, out);
    }

    @Test
    void reusedOutputBufferIsZeroedEveryRun() {
        // the executor reuses windows; run twice so a kernel that skipped the zero fill would show stale data
        try (var model = OneOpGraph.of(OpType.PAD).input(new float[] {5}, 1).attr("paddings", new int[] {1, 1})
                .output(3).compile()) {
            var in = new dev.amesh.api.tensor.Tensor(dev.amesh.api.tensor.Shape.of(1), new float[] {5});
            model.run(in);
            assertArrayEquals(new float[] {0, 5, 0}, model.run(in)[0].toArray());
        }
    }

    @Test
    void wrongPaddingCountOrNegativePaddingIsRejected() {
        GraphException count = assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.PAD)
                .input(new float[4], 2, 2).attr("paddings", new int[] {1, 1}).output(4, 2).compile());
        assertTrue(count.getMessage().contains("needs 4"), count.getMessage());
        assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.PAD)
                .input(new float[4], 2, 2).attr("paddings", new int[] {0, 0, -1, 0}).output(2, 1).compile());
    }
}
