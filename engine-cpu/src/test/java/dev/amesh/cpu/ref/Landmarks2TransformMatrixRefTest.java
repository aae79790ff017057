package dev.amesh.cpu.ref;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.OpType;
import dev.amesh.cpu.OneOpGraph;
import dev.amesh.testing.Tolerance;
import org.junit.jupiter.api.Test;

class Landmarks2TransformMatrixRefTest {

    private static OneOpGraph op(float[] xyz, int[] subset, int left, int right, int outH, int outW, float scale) {
        return OneOpGraph.of(OpType.LANDMARKS_TO_TRANSFORM_MATRIX)
                .input(xyz, 1, xyz.length / 3, 3)
                .attr("subset_idxs", subset).attr("left_rotation_idx", left).attr("right_rotation_idx", right)
                .attr("target_rotation_radians", 0f).attr("output_height", outH).attr("output_width", outW)
                .attr("scale_x", scale).attr("scale_y", scale)
                .output(1, 4, 4);
    }

    private static float[] affine(float a, float b, float c, float d, float e, float f) {
        return TransformTensorBilinearRefTest.affine(a, b, c, d, e, f);
    }

    @Test
    void axisAlignedSubset() {
        // rotation points (2,5) -> (10,5): theta = 0. Subset bbox [2,10] x [3,9]: 8 x 6, centre (6,6).
        // 16x16 crop, scale 1.5: sx = 1.5*8/16 = 0.75, sy = 1.5*6/16 = 0.5625;
        // M = T(6,6) diag(0.75,0.5625) T(-8,-8): translation (6 - 6, 6 - 4.5) = (0, 1.5)
        float[] xyz = {
            2, 5, 0,
            10, 5, 0,
            4, 3, 7,
            7, 9, -7,
            5, 5, 0,
        };
        float[] m = op(xyz, new int[] {0, 1, 2, 3, 4, 4}, 0, 1, 16, 16, 1.5f).run();
        Tolerance.CLOSE.assertClose("matrix", affine(0.75f, 0, 0, 0, 0.5625f, 1.5f), m);
    }

    @Test
    void nonSquareCropAndScales() {
        // same points, crop 8 high x 20 wide, scale 2: sx = 2*8/20 = 0.8, sy = 2*6/8 = 1.5;
        // translation (6 - 0.8*10, 6 - 1.5*4) = (-2, 0)
        float[] xyz = {2, 5, 0, 10, 5, 0, 4, 3, 0, 7, 9, 0};
        float[] m = op(xyz, new int[] {0, 1, 2, 3}, 0, 1, 8, 20, 2f).run();
        Tolerance.CLOSE.assertClose("matrix", affine(0.8f, 0, -2, 0, 1.5f, 0), m);
    }

    @Test
    void oddSubsetKeepsItsLastIndex() {
        // rotation points 3 -> 4 horizontal; subset {0, 1, 2}: point 2 alone sets the bbox's far corner.
        // bbox [0,10] x [0,6]: centre (5,3); 10x10 crop, scale 1: sx = 1, sy = 0.6; translation (0, 0)
        float[] xyz = {0, 0, 0, 4, 2, 0, 10, 6, 0, 0, 0, 0, 1, 0, 0};
        float[] m = op(xyz, new int[] {0, 1, 2}, 3, 4, 10, 10, 1f).run();
        Tolerance.CLOSE.assertClose("matrix", affine(1, 0, 0, 0, 0.6f, 0), m);
    }

    @Test
    void rotatedRegionMapsCropCentreAndCornersOntoTheRotatedBox() {
        // a 2a x 2b rectangle around C, turned by 30 degrees; left/right landmarks on its long axis
        double t = Math.toRadians(30);
        double cx = 20;
        double cy = 12;
        double a = 6;
        double b = 2.5;
        double[][] local = {{-a, 0}, {a, 0}, {-a, -b}, {a, -b}, {a, b}, {-a, b}, {1, 1}};
        float[] xyz = new float[local.length * 3];
        for (int k = 0; k < local.length; k++) {
            xyz[3 * k] = (float) (cx + Math.cos(t) * local[k][0] - Math.sin(t) * local[k][1]);
            xyz[3 * k + 1] = (float) (cy + Math.sin(t) * local[k][0] + Math.cos(t) * local[k][1]);
        }
        int out = 16;
        float scale = 1.5f;
        float[] m = op(xyz, new int[] {2, 3, 4, 5, 6}, 0, 1, out, out, scale).run();
        // crop (u, v) should land on C + R(30)(scale * 2a * (u/out - 1/2), scale * 2b * (v/out - 1/2))
        double[][] crop = {{out / 2.0, out / 2.0}, {0, 0}, {out, 0}, {out, out}, {0, out}, {3, 11}};
        for (double[] uv : crop) {
            double lx = scale * 2 * a * (uv[0] / out - 0.5);
            double ly = scale * 2 * b * (uv[1] / out - 0.5);
            float ex = (float) (cx + Math.cos(t) * lx - Math.sin(t) * ly);
            float ey = (float) (cy + Math.sin(t) * lx + Math.cos(t) * ly);
            float gx = (float) (m[0] * uv[0] + m[1] * uv[1] + m[3]);
            float gy = (float) (m[4] * uv[0] + m[5] * uv[1] + m[7]);
            String at = "crop (" + uv[0] + "," + uv[1] + ")";
            assertTrue(Tolerance.REFERENCE.accepts(gx, ex) && Tolerance.REFERENCE.accepts(gy, ey),
                    at + ": expected (" + ex + "," + ey + ") got (" + gx + "," + gy + ")");
        }
        Tolerance.EXACT.assertClose("rows 2 and 3", new float[] {0, 0, 1, 0, 0, 0, 0, 1}, 0, m, 8, 8);
    }

    @Test
    void targetRotationTurnsTheCrop() {
        // horizontal left->right with target pi/2: rho = pi/2, so M's linear part is R(-pi/2) scaled
        float[] xyz = {0, 0, 0, 4, 0, 0, 0, 2, 0};
        float[] m = OneOpGraph.of(OpType.LANDMARKS_TO_TRANSFORM_MATRIX)
                .input(xyz, 1, 3, 3)
                .attr("subset_idxs", new int[] {0, 1, 2}).attr("left_rotation_idx", 0).attr("right_rotation_idx", 1)
                .attr("target_rotation_radians", (float) (Math.PI / 2)).attr("output_height", 4)
                .attr("output_width", 4).attr("scale_x", 1f).attr("scale_y", 1f)
                .output(1, 4, 4).run();
        // rotated points R(pi/2)p: (0,0), (0,4), (-2,0): bbox w = 2, h = 4, centre (-1,2) -> back: (2,1)
        // sx = 2/4, sy = 4/4; linear part R(-pi/2) diag(0.5, 1) = [[0, 1], [-0.5, 0]]
        // translation: (2,1) + [[0,1],[-0.5,0]] (-2,-2) = (0, 2)
        float[] expected = affine(0, 1, 0, -0.5f, 0, 2);
        for (int i = 0; i < 16; i++) {
            assertTrue(Math.abs(m[i] - expected[i]) < 1e-5f, "element " + i + ": " + m[i] + " vs " + expected[i]);
        }
    }

    @Test
    void badIndicesAndShapesAreRejected() {
        float[] xyz = new float[9];
        GraphException idx = assertThrows(GraphException.class, () -> op(xyz, new int[] {0, 3}, 0, 1, 16, 16, 1.5f)
                .compile());
        assertTrue(idx.getMessage().contains("subset_idxs[1] = 3"), idx.getMessage());
        assertThrows(GraphException.class, () -> op(xyz, new int[] {0, 1}, 0, 9, 16, 16, 1.5f).compile());
        assertThrows(GraphException.class, () -> op(xyz, new int[] {}, 0, 1, 16, 16, 1.5f).compile());
        assertThrows(GraphException.class, () -> op(xyz, new int[] {0, 1}, 0, 1, 16, 16, 0f).compile());
        GraphException dims = assertThrows(GraphException.class, () -> OneOpGraph.of(
                OpType.LANDMARKS_TO_TRANSFORM_MATRIX).input(new float[8], 1, 4, 2)
                .attr("subset_idxs", new int[] {0, 1}).attr("left_rotation_idx", 0).attr("right_rotation_idx", 1)
                .attr("output_height", 4).attr("output_width", 4).attr("scale_x", 1f).attr("scale_y", 1f)
                .output(1, 4, 4).compile());
        assertTrue(dims.getMessage().contains("[1,N,3]"), dims.getMessage());
    }
}
