package dev.amesh.cpu.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.OneOpGraph;
import dev.amesh.cpu.RandomData;
import dev.amesh.cpu.exec.CpuCompiledModel;
import dev.amesh.testing.Tolerance;
import org.junit.jupiter.api.Test;

class TransformTensorBilinearRefTest {
    private static final int H = 5;
    private static final int W = 6;
    private static final int C = 3;
    private static final float[] F = RandomData.uniform(2024, H * W * C);

    /** Row-major 4x4 with rows (a, b, 0, c), (d, e, 0, f), (0, 0, 1, 0), (0, 0, 0, 1). */
    static float[] affine(float a, float b, float c, float d, float e, float f) {
        return new float[] {a, b, 0, c, d, e, 0, f, 0, 0, 1, 0, 0, 0, 0, 1};
    }

    private static float[] warp(float[] matrix, int oh, int ow) {
        return OneOpGraph.of(OpType.TRANSFORM_TENSOR_BILINEAR)
                .input(F, 1, H, W, C).input(matrix, 1, 4, 4)
                .attr("output_height", oh).attr("output_width", ow)
                .output(1, oh, ow, C).run();
    }

    private static float f(int y, int x, int c) {
        return F[(y * W + x) * C + c];
    }

    @Test
    void identityCopiesTheMapAndCutsEverythingBeyondIt() {
        float[] out = warp(affine(1, 0, 0, 0, 1, 0), H + 2, W + 1);
        for (int j = 0; j < H + 2; j++) {
            for (int i = 0; i < W + 1; i++) {
                for (int c = 0; c < C; c++) {
                    float expected = j < H && i < W ? f(j, i, c) : 0f;
                    assertTrue(out[(j * (W + 1) + i) * C + c] == expected, "pixel " + j + "," + i + "," + c);
                }
            }
        }
    }

    @Test
    void translationByWholePixels() {
        // M (u,v) = (u + 2, v + 1): out[j][i] = F[j+1][i+2]; beyond the map 0
        float[] out = warp(affine(1, 0, 2, 0, 1, 1), H, W);
        float[] neg = warp(affine(1, 0, -1, 0, 1, 0), H, W);
        for (int j = 0; j < H; j++) {
            for (int i = 0; i < W; i++) {
                for (int c = 0; c < C; c++) {
                    float expected = j + 1 < H && i + 2 < W ? f(j + 1, i + 2, c) : 0f;
                    assertTrue(out[(j * W + i) * C + c] == expected, "+ pixel " + j + "," + i);
                    float expectedNeg = i >= 1 ? f(j, i - 1, c) : 0f;
                    assertTrue(neg[(j * W + i) * C + c] == expectedNeg, "- pixel " + j + "," + i);
                }
            }
        }
    }

    @Test
    void translationByHalfAPixelAveragesNeighbours() {
        float[] outX = warp(affine(1, 0, 0.5f, 0, 1, 0), H, W);
        float[] outY = warp(affine(1, 0, 0, 0, 1, 0.5f), H, W);
        float[] expX = new float[H * W * C];
        float[] expY = new float[H * W * C];
        for (int j = 0; j < H; j++) {
            for (int i = 0; i < W; i++) {
                for (int c = 0; c < C; c++) {
                    // tx = i + 0.5 leaves the map (> W-1) at the last column
                    expX[(j * W + i) * C + c] = i < W - 1 ? (f(j, i, c) + f(j, i + 1, c)) / 2 : 0f;
                    expY[(j * W + i) * C + c] = j < H - 1 ? (f(j, i, c) + f(j + 1, i, c)) / 2 : 0f;
                }
            }
        }
        Tolerance.CLOSE.assertClose("half pixel x", expX, outX);
        Tolerance.CLOSE.assertClose("half pixel y", expY, outY);
    }

    @Test
    void rotationByNinetyDegrees() {
        // M (u,v) = (W - v, u) maps the [0,H]x[0,W] crop onto the map turned by 90 degrees;
        // pixel centres: tx = W-1-j, ty = i, so out[j][i] = F[i][W-1-j] with output H'=W, W'=H
        float[] out = warp(affine(0, -1, W, 1, 0, 0), W, H);
        for (int j = 0; j < W; j++) {
            for (int i = 0; i < H; i++) {
                for (int c = 0; c < C; c++) {
                    assertTrue(out[(j * H + i) * C + c] == f(i, W - 1 - j, c), "pixel " + j + "," + i);
                }
            }
        }
    }

    @Test
    void downscalingByTwoAveragesTwoByTwoBlocks() {
        // M = diag(2, 2): tx = 2i + 0.5, ty = 2j + 0.5, the centre of block (2j..2j+1, 2i..2i+1)
        float[] out = warp(affine(2, 0, 0, 0, 2, 0), 2, 3);
        float[] exp = new float[2 * 3 * C];
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < 3; i++) {
                for (int c = 0; c < C; c++) {
                    exp[(j * 3 + i) * C + c] = (f(2 * j, 2 * i, c) + f(2 * j, 2 * i + 1, c) + f(2 * j + 1, 2 * i, c)
                            + f(2 * j + 1, 2 * i + 1, c)) / 4;
                }
            }
        }
        Tolerance.CLOSE.assertClose("downscale", exp, out);
    }

    /** Bilinear sample in double at feature coordinate (x, y), with MediaPipe's hard cut and zero neighbours. */
    private static double sample(double x, double y, int c) {
        if (x < 0 || x > W - 1 || y < 0 || y > H - 1) {
            return 0;
        }
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double ax = x - x0;
        double ay = y - y0;
        double v = 0;
        for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
                int yy = y0 + dy;
                int xx = x0 + dx;
                double wgt = (dx == 1 ? ax : 1 - ax) * (dy == 1 ? ay : 1 - ay);
                if (yy < H && xx < W) {
                    v += wgt * f(yy, xx, c);
                }
            }
        }
        return v;
    }

    /** Every output pixel against {@code M (i + 0.5, j + 0.5) - 0.5} sampled in double. */
    private static void checkAgainstClosedForm(String what, float[] m, int oh, int ow) {
        float[] out = warp(m, oh, ow);
        float[] exp = new float[oh * ow * C];
        for (int j = 0; j < oh; j++) {
            for (int i = 0; i < ow; i++) {
                double x = m[0] * (i + 0.5) + m[1] * (j + 0.5) + m[3] - 0.5;
                double y = m[4] * (i + 0.5) + m[5] * (j + 0.5) + m[7] - 0.5;
                for (int c = 0; c < C; c++) {
                    exp[(j * ow + i) * C + c] = (float) sample(x, y, c);
                }
            }
        }
        Tolerance.CLOSE.assertClose(what, exp, out);
    }

    @Test
    void upscalingCutsTheFirstRowAndColumnHard() {
        // M = diag(0.5, 0.5): tx = 0.5 i - 0.25, so column 0 and row 0 fall just outside and are 0
        float[] out = warp(affine(0.5f, 0, 0, 0, 0.5f, 0), 4, 4);
        for (int k = 0; k < 4; k++) {
            for (int c = 0; c < C; c++) {
                assertTrue(out[k * C + c] == 0f && out[(k * 4) * C + c] == 0f, "row/column 0 at " + k);
            }
        }
        checkAgainstClosedForm("upscale", affine(0.5f, 0, 0, 0, 0.5f, 0), 4, 4);
    }

    @Test
    void rotatedScaledCropInsideTheMap() {
        double a = Math.toRadians(30);
        float s = 0.4f;
        float cos = (float) (s * Math.cos(a));
        float sin = (float) (s * Math.sin(a));
        // crop of 4x4 centred on the map centre (3, 2.5): M = T(3, 2.5) R(30) S(0.4) T(-2, -2)
        float[] m = affine(cos, -sin, 3 - 2 * cos + 2 * sin, sin, cos, 2.5f - 2 * sin - 2 * cos);
        checkAgainstClosedForm("rotated", m, 4, 4);
    }

    @Test
    void exactlyOnTheLastRowOrColumnIsInsideBeyondIsCut() {
        // tx = W-1 exactly for every pixel (m03 = W - 0.5 after the -0.5 correction), ty = j
        float[] edge = warp(affine(0, 0, W - 0.5f, 0, 1, 0), H, 2);
        for (int j = 0; j < H; j++) {
            for (int c = 0; c < C; c++) {
                assertTrue(edge[(j * 2) * C + c] == f(j, W - 1, c), "row " + j);
            }
        }
        float[] beyond = warp(affine(0, 0, W - 0.49f, 0, 1, 0), H, 2);
        assertArrayEquals(new float[H * 2 * C], beyond);
        // ty = H-1 exactly with tx = i + 0.25
        float[] bottom = warp(affine(1, 0, 0.25f, 0, 0, H - 0.5f), 1, W);
        for (int i = 0; i < W; i++) {
            for (int c = 0; c < C; c++) {
                float exp = i < W - 1 ? 0.75f * f(H - 1, i, c) + 0.25f * f(H - 1, i + 1, c) : 0f;
                assertTrue(Tolerance.CLOSE.accepts(bottom[i * C + c], exp), "column " + i);
            }
        }
    }

    @Test
    void entirelyOutsideOverwritesEarlierResultsWithZeros() {
        try (CpuCompiledModel model = OneOpGraph.of(OpType.TRANSFORM_TENSOR_BILINEAR)
                .input(F, 1, H, W, C).input(new float[16], 1, 4, 4)
                .attr("output_height", 3).attr("output_width", 3).output(1, 3, 3, C).compile()) {
            Tensor features = new Tensor(Shape.of(1, H, W, C), F);
            model.run(features, new Tensor(Shape.of(1, 4, 4), affine(1, 0, 0, 0, 1, 0)));
            float[] out = model.run(features, new Tensor(Shape.of(1, 4, 4), affine(1, 0, 100, 0, 1, -50)))[0].toArray();
            assertArrayEquals(new float[3 * 3 * C], out);
            float[] nan = model.run(features, new Tensor(Shape.of(1, 4, 4), affine(Float.NaN, 0, 0, 0, 1, 0)))[0]
                    .toArray();
            assertArrayEquals(new float[3 * 3 * C], nan);
        }
    }

    @Test
    void shapesAreChecked() {
        GraphException matrix = assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.TRANSFORM_TENSOR_BILINEAR)
                .input(F, 1, H, W, C).input(new float[16], 4, 4).output(1, 2, 2, C).compile());
        assertTrue(matrix.getMessage().contains("[1,4,4]"), matrix.getMessage());
        GraphException channels = assertThrows(GraphException.class, () -> OneOpGraph.of(
                OpType.TRANSFORM_TENSOR_BILINEAR).input(F, 1, H, W, C).input(new float[16], 1, 4, 4)
                .output(1, 2, 2, C + 1).compile());
        assertTrue(channels.getMessage().contains("[1,2,2," + C + "]"), channels.getMessage());
        assertThrows(GraphException.class, () -> OneOpGraph.of(OpType.TRANSFORM_TENSOR_BILINEAR)
                .input(F, 1, H, W, C).input(new float[16], 1, 4, 4).attr("output_height", 3)
                .output(1, 2, 2, C).compile());
    }
}
