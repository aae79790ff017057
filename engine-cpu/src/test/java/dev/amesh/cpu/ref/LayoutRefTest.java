package dev.amesh.cpu.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.OpType;
import dev.amesh.cpu.OneOpGraph;
import dev.amesh.cpu.RandomData;
import dev.amesh.cpu.exec.CpuCompiledModel;
import org.junit.jupiter.api.Test;

/** RESHAPE, STRIDED_SLICE and CONCATENATION. */
class LayoutRefTest {
    private static final float[] X34 = RandomData.ramp(12); // [3,4]: rows (1..4) (5..8) (9..12)

    @Test
    void reshapeOfAnActivationAliasesAndKeepsOrder() {
        OneOpGraph g = OneOpGraph.of(OpType.RESHAPE).input(X34, 1, 1, 1, 12).attr("new_shape", new int[] {1, -1, 2})
                .output(1, 6, 2);
        try (CpuCompiledModel m = g.compile()) {
            assertEquals("ref/reshape(alias)", m.kernel(0).name());
        }
        assertArrayEquals(X34, g.run());
    }

    @Test
    void reshapeOfAConstantCopies() {
        OneOpGraph g = OneOpGraph.of(OpType.RESHAPE).constant(X34, 3, 4).output(2, 6);
        try (CpuCompiledModel m = g.compile()) {
            assertEquals("ref/reshape(copy)", m.kernel(0).name());
        }
        assertArrayEquals(X34, g.run());
    }

    @Test
    void reshapeChecksElementCountAndNewShape() {
        assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.RESHAPE).input(X34, 3, 4).output(5, 2).compile());
        GraphException e = assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.RESHAPE).input(X34, 3, 4)
                .attr("new_shape", new int[] {4, -1}).output(2, 6).compile());
        assertTrue(e.getMessage().contains("[4, 3]"), e.getMessage());
    }

    private static OneOpGraph slice(int[] begin, int[] end, int[] strides) {
        return OneOpGraph.of(OpType.STRIDED_SLICE).input(X34, 3, 4)
                .attr("begin", begin).attr("end", end).attr("strides", strides);
    }

    @Test
    void sliceIdentity4d() {
        float[] x = RandomData.uniform(9, 24);
        float[] out = OneOpGraph.of(OpType.STRIDED_SLICE).input(x, 1, 2, 3, 4)
                .attr("begin", new int[] {0, 0, 0, 0}).attr("end", new int[] {1, 2, 3, 4})
                .attr("strides", new int[] {1, 1, 1, 1})
                .attr("begin_mask", 0).attr("end_mask", 0).attr("ellipsis_mask", 0).attr("new_axis_mask", 0)
                .attr("shrink_axis_mask", 0)
                .output(1, 2, 3, 4).run();
        assertArrayEquals(x, out);
    }

    @Test
    void sliceWithStrideTwo() {
        float[] out = slice(new int[] {0, 1}, new int[] {3, 4}, new int[] {2, 2}).output(2, 2).run();
        assertArrayEquals(new float[] {2, 4, 10, 12}, out);
    }

    @Test
    void sliceWithNegativeStrideAndNegativeIndices() {
        // rows from -1 (=2) down to -4 (=-1, clamped): 2, 1, 0
        float[] out = slice(new int[] {-1, 0}, new int[] {-4, 4}, new int[] {-1, 1}).output(3, 4).run();
        assertArrayEquals(new float[] {9, 10, 11, 12, 5, 6, 7, 8, 1, 2, 3, 4}, out);
    }

    @Test
    void sliceBeginAndEndMasks() {
        // begin_mask bit 0: rows start at 0 regardless of begin 2; end_mask bit 1: columns run to the end
        float[] out = slice(new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 1})
                .attr("begin_mask", 1).attr("end_mask", 2).output(1, 3).run();
        assertArrayEquals(new float[] {2, 3, 4}, out);
        // negative column stride with masks: columns 3, 1
        float[] rev = slice(new int[] {0, 3}, new int[] {3, 0}, new int[] {1, -2})
                .attr("begin_mask", 1).attr("end_mask", 2).output(3, 2).run();
        assertArrayEquals(new float[] {4, 2, 8, 6, 12, 10}, rev);
    }

    @Test
    void sliceShrinkAxisDropsTheAxis() {
        float[] row1 = slice(new int[] {1, 0}, new int[] {2, 4}, new int[] {1, 1})
                .attr("shrink_axis_mask", 1).output(4).run();
        assertArrayEquals(new float[] {5, 6, 7, 8}, row1);
        float[] lastRow = slice(new int[] {-1, 0}, new int[] {0, 4}, new int[] {1, 1})
                .attr("shrink_axis_mask", 1).output(4).run();
        assertArrayEquals(new float[] {9, 10, 11, 12}, lastRow);
        float[] scalar = slice(new int[] {2, 1}, new int[] {3, 2}, new int[] {1, 1})
                .attr("shrink_axis_mask", 3).output().run();
        assertArrayEquals(new float[] {10}, scalar);
    }

    @Test
    void sliceRejectsUnsupportedMasksAndBadShrinkIndex() {
        GraphException e = assertThrows(GraphException.class, () -> slice(new int[] {0, 0}, new int[] {3, 4},
                new int[] {1, 1}).attr("ellipsis_mask", 1).output(3, 4).compile());
        assertTrue(e.getMessage().contains("ellipsis_mask"), e.getMessage());
        assertThrows(GraphException.class, () -> slice(new int[] {5, 0}, new int[] {6, 4}, new int[] {1, 1})
                .attr("shrink_axis_mask", 1).output(4).compile());
        assertThrows(GraphException.class, () -> slice(new int[] {0, 0}, new int[] {3, 4}, new int[] {1, 1})
                .output(3, 3).compile());
    }

    @Test
    void concatOnEveryAxis() {
        float[] a = {1, 2, 3, 4};      // [1,2,2]
        float[] b = {5, 6, 7, 8, 9, 10}; // [1,3,2] or [1,2,3]
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                concat(1, a, new int[] {1, 2, 2}, b, new int[] {1, 3, 2}, 1, 5, 2));
        assertArrayEquals(new float[] {1, 2, 5, 6, 7, 3, 4, 8, 9, 10},
                concat(2, a, new int[] {1, 2, 2}, b, new int[] {1, 2, 3}, 1, 2, 5));
        assertArrayEquals(new float[] {1, 2, 5, 6, 7, 3, 4, 8, 9, 10},
                concat(-1, a, new int[] {1, 2, 2}, b, new int[] {1, 2, 3}, 1, 2, 5));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                concat(0, a, new int[] {2, 2}, b, new int[] {3, 2}, 5, 2));
    }

    private static float[] concat(int axis, float[] a, int[] aDims, float[] b, int[] bDims, int... outDims) {
        return OneOpGraph.of(OpType.CONCATENATION).input(a, aDims).constant(b, bDims).attr("axis", axis)
                .output(outDims).run();
    }

    @Test
    void concatThreeInputsNhwcChannelsWithRelu() {
        float[] a = {-1, 2};          // [1,1,2,1]
        float[] b = {3, -4, 5, -6};   // [1,1,2,2]
        float[] c = {7, -8};          // [1,1,2,1]
        float[] out = OneOpGraph.of(OpType.CONCATENATION)
                .input(a, 1, 1, 2, 1).input(b, 1, 1, 2, 2).input(c, 1, 1, 2, 1)
                .attr("axis", 3).attr("activation", "RELU")
                .output(1, 1, 2, 4).run();
        assertArrayEquals(new float[] {0, 3, 0, 7, 2, 5, 0, 0}, out);
    }

    @Test
    void concatRejectsMismatchedDims() {
        GraphException e = assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.CONCATENATION)
                .input(new float[4], 2, 2).input(new float[6], 3, 2).attr("axis", 1).output(2, 4).compile());
        assertTrue(e.getMessage().contains("outside axis 1"), e.getMessage());
    }
}
