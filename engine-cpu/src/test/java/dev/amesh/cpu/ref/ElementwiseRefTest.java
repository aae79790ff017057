package dev.amesh.cpu.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.OpType;
import dev.amesh.cpu.OneOpGraph;
import dev.amesh.cpu.RandomData;
import org.junit.jupiter.api.Test;

class ElementwiseRefTest {

    @Test
    void addSameShape() {
        float[] out = OneOpGraph.of(OpType.ADD)
                .input(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3)
                .input(new float[] {10, 20, 30, 40, 50, 60}, 1, 2, 3)
                .output(1, 2, 3).run();
        assertArrayEquals(new float[] {11, 22, 33, 44, 55, 66}, out);
    }

    @Test
    void mulByRankZeroScalarConstant() {
        float[] out = OneOpGraph.of(OpType.MUL)
                .input(new float[] {4, -8, 12, 1}, 1, 2, 2)
                .constant(new float[] {0.25f})
                .output(1, 2, 2).run();
        assertArrayEquals(new float[] {1, -2, 3, 0.25f}, out);
    }

    @Test
    void scalarOnTheLeftBroadcastsToo() {
        float[] out = OneOpGraph.of(OpType.ADD)
                .constant(new float[] {100}, 1)
                .input(new float[] {1, 2, 3}, 3, 1)
                .output(3, 1).run();
        assertArrayEquals(new float[] {101, 102, 103}, out);
    }

    @Test
    void perChannelVectorAgainstNhwc() {
        // [1,2,2,3] + [1,1,3]: channel c gets 10^c added everywhere
        float[] x = RandomData.ramp(12);
        float[] out = OneOpGraph.of(OpType.ADD)
                .input(x, 1, 2, 2, 3)
                .constant(new float[] {1, 10, 100}, 1, 1, 3)
                .output(1, 2, 2, 3).run();
        float[] expected = new float[12];
        for (int i = 0; i < 12; i++) {
            expected[i] = x[i] + new float[] {1, 10, 100}[i % 3];
        }
        assertArrayEquals(expected, out);
    }

    @Test
    void rankDifferentVector() {
        float[] out = OneOpGraph.of(OpType.MUL)
                .input(RandomData.ramp(6), 2, 3)
                .constant(new float[] {1, 0, -1}, 3)
                .output(2, 3).run();
        assertArrayEquals(new float[] {1, 0, -3, 4, 0, -6}, out);
    }

    @Test
    void bothOperandsBroadcast() {
        // [2,1,3] + [1,4,1] -> [2,4,3]: out[i][j][k] = a[i][k] + b[j]
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {100, 200, 300, 400};
        float[] out = OneOpGraph.of(OpType.ADD)
                .input(a, 2, 1, 3)
                .input(b, 1, 4, 1)
                .output(2, 4, 3).run();
        float[] expected = new float[24];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 3; k++) {
                    expected[(i * 4 + j) * 3 + k] = a[i * 3 + k] + b[j];
                }
            }
        }
        assertArrayEquals(expected, out);
    }

    @Test
    void elementwiseMatrixProductAsInTheAttentionModel() {
        float[] m = RandomData.uniform(3, 16);
        float[] k = {1, 1, 4, 4, 1, 1, 4, 4, 0.25f, 0.25f, 1, 1, 0.25f, 0.25f, 1, 1};
        float[] out = OneOpGraph.of(OpType.MUL).input(m, 1, 4, 4).constant(k, 1, 4, 4).output(1, 4, 4).run();
        for (int i = 0; i < 16; i++) {
            assertTrue(out[i] == m[i] * k[i], "element " + i);
        }
    }

    @Test
    void fusedActivationsOnAdd() {
        float[] x = {-3, -0.75f, 0, 0.5f, 4, 8};
        float[] zero = new float[6];
        assertArrayEquals(new float[] {0, 0, 0, 0.5f, 4, 8}, add(x, zero, "RELU"));
        assertArrayEquals(new float[] {0, 0, 0, 0.5f, 4, 6}, add(x, zero, "RELU6"));
        assertArrayEquals(new float[] {-1, -0.75f, 0, 0.5f, 1, 1}, add(x, zero, "RELU_N1_TO_1"));
        assertArrayEquals(x, add(x, zero, "NONE"));
    }

    private static float[] add(float[] a, float[] b, String activation) {
        return OneOpGraph.of(OpType.ADD).input(a, a.length).input(b, b.length).attr("activation", activation)
                .output(a.length).run();
    }

    @Test
    void preluPerChannelAlpha() {
        // [1,1,2,3] with alpha [1,1,3] = (0.1, 0.2, 0.3)
        float[] x = {-1, -2, -3, 4, -5, 0};
        float[] out = OneOpGraph.of(OpType.PRELU)
                .input(x, 1, 1, 2, 3)
                .constant(new float[] {0.1f, 0.2f, 0.3f}, 1, 1, 3)
                .output(1, 1, 2, 3).run();
        assertArrayEquals(new float[] {-1 * 0.1f, -2 * 0.2f, -3 * 0.3f, 4, -5 * 0.2f, 0}, out);
    }

    @Test
    void preluScalarAlpha() {
        float[] out = OneOpGraph.of(OpType.PRELU).input(new float[] {-4, 2}, 2).constant(new float[] {0.5f}, 1)
                .output(2).run();
        assertArrayEquals(new float[] {-2, 2}, out);
    }

    @Test
    void relu() {
        float[] out = OneOpGraph.of(OpType.RELU).input(new float[] {-1, 0, 2.5f, -0.001f, 7}, 1, 5).output(1, 5).run();
        assertArrayEquals(new float[] {0, 0, 2.5f, 0, 7}, out);
    }

    @Test
    void shapesThatDoNotBroadcastAreRejected() {
        GraphException e = assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.ADD)
                .input(new float[6], 2, 3).input(new float[4], 4).output(2, 4).compile());
        assertTrue(e.getMessage().contains("node 0 (ADD)") && e.getMessage().contains("[2,3]")
                && e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void declaredOutputMustBeTheBroadcastShape() {
        GraphException e = assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.MUL)
                .input(new float[6], 2, 3).constant(new float[] {2}, 1).output(6).compile());
        assertTrue(e.getMessage().contains("[2,3]") && e.getMessage().contains("[6]"), e.getMessage());
    }

    @Test
    void unknownActivationIsRejected() {
        GraphException e = assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.ADD)
                .input(new float[2], 2).input(new float[2], 2).attr("activation", "SIGMOID").output(2).compile());
        assertTrue(e.getMessage().contains("SIGMOID"), e.getMessage());
        GraphException typed = assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.ADD)
                .input(new float[2], 2).input(new float[2], 2).attr("activation", 1).output(2).compile());
        assertTrue(typed.getMessage().startsWith("node 0 (ADD)"), typed.getMessage());
    }
}
