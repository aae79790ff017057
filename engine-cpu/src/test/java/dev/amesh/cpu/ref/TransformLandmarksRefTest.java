package dev.amesh.cpu.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.OpType;
import dev.amesh.cpu.OneOpGraph;
import org.junit.jupiter.api.Test;

class TransformLandmarksRefTest {
    // rows 0 and 1 carry the transform; m02/m12 multiply z = 0 and rows 2, 3 are never read
    private static final float[] M = {2, -1, 123, 10, 0.5f, 3, -77, -4, 9, 9, 9, 9, 9, 9, 9, 9};

    @Test
    void twoDimensional() {
        float[] pts = {1, 2, -3, 0.5f, 0, 0};
        float[] out = OneOpGraph.of(OpType.TRANSFORM_LANDMARKS).input(pts, 1, 3, 2).constant(M, 1, 4, 4)
                .output(1, 3, 2).run();
        // x' = 2x - y + 10, y' = 0.5x + 3y - 4
        assertArrayEquals(new float[] {10, 2.5f, 3.5f, -4, 10, -4}, out);
    }

    @Test
    void threeDimensionalCopiesZ() {
        float[] pts = {1, 2, 42, -3, 0.5f, -7};
        float[] out = OneOpGraph.of(OpType.TRANSFORM_LANDMARKS).input(pts, 1, 2, 3).input(M, 1, 4, 4)
                .output(1, 2, 3).run();
        assertArrayEquals(new float[] {10, 2.5f, 42, 3.5f, -4, -7}, out);
    }

    @Test
    void shapesAreChecked() {
        assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.TRANSFORM_LANDMARKS)
                .input(new float[8], 1, 2, 4).input(M, 1, 4, 4).output(1, 2, 4).compile());
        assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.TRANSFORM_LANDMARKS)
                .input(new float[4], 1, 2, 2).input(new float[12], 1, 3, 4).output(1, 2, 2).compile());
        assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.TRANSFORM_LANDMARKS)
                .input(new float[4], 1, 2, 2).input(M, 1, 4, 4).output(1, 4).compile());
    }
}
