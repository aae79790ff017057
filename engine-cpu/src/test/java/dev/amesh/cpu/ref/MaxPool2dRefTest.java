package dev.amesh.cpu.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.amesh.api.graph.OpType;
import dev.amesh.cpu.OneOpGraph;
import dev.amesh.cpu.RandomData;
import org.junit.jupiter.api.Test;

class MaxPool2dRefTest {

    private static float[] pool(float[] x, int h, int w, int c, int k, int s, String padding, int oh, int ow) {
        return OneOpGraph.of(OpType.MAX_POOL_2D)
                .input(x, 1, h, w, c)
                .attr("filter_h", k).attr("filter_w", k).attr("stride_h", s).attr("stride_w", s)
                .attr("padding", padding)
                .output(1, oh, ow, c).run();
    }

    /** Max over the window clipped to the input; pad rows and columns given literally. */
    private static float[] bruteForce(float[] x, int h, int w, int c, int k, int s, int pt, int pl, int oh, int ow) {
        float[] out = new float[oh * ow * c];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int ch = 0; ch < c; ch++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int y = oy * s - pt; y < oy * s - pt + k; y++) {
                        for (int xx = ox * s - pl; xx < ox * s - pl + k; xx++) {
                            if (y >= 0 && y < h && xx >= 0 && xx < w) {
                                m = Math.max(m, x[(y * w + xx) * c + ch]);
                            }
                        }
                    }
                    out[(oy * ow + ox) * c + ch] = m;
                }
            }
        }
        return out;
    }

    @Test
    void handWorkedTwoByTwoValid() {
        // rows (1 5 2 0) (3 4 -1 -2) (9 8 7 6) (0 0 0 -5): window maxima 5, 2 / 9, 7
        float[] x = {1, 5, 2, 0, 3, 4, -1, -2, 9, 8, 7, 6, 0, 0, 0, -5};
        assertArrayEquals(new float[] {5, 2, 9, 7}, pool(x, 4, 4, 1, 2, 2, "VALID", 2, 2));
    }

    @Test
    void validOnOddInputDropsTheLastRowAndColumn() {
        float[] x = RandomData.uniform(11, 7 * 7 * 3);
        assertArrayEquals(bruteForce(x, 7, 7, 3, 2, 2, 0, 0, 3, 3), pool(x, 7, 7, 3, 2, 2, "VALID", 3, 3));
    }

    @Test
    void sameOnEvenInputHasNoPadding() {
        float[] x = RandomData.uniform(12, 8 * 6 * 2);
        assertArrayEquals(bruteForce(x, 8, 6, 2, 2, 2, 0, 0, 4, 3), pool(x, 8, 6, 2, 2, 2, "SAME", 4, 3));
    }

    @Test
    void sameOnOddInputNeverTakesThePadding() {
        // all values negative: a padded zero winning the max would show up as 0
        float[] x = RandomData.uniform(13, 5 * 5 * 2);
        for (int i = 0; i < x.length; i++) {
            x[i] = -1f - Math.abs(x[i]);
        }
        float[] out = pool(x, 5, 5, 2, 2, 2, "SAME", 3, 3); // pads (0,1)
        assertArrayEquals(bruteForce(x, 5, 5, 2, 2, 2, 0, 0, 3, 3), out);
        float[] out3 = pool(x, 5, 5, 2, 3, 1, "SAME", 5, 5); // pads (1,1)
        assertArrayEquals(bruteForce(x, 5, 5, 2, 3, 1, 1, 1, 5, 5), out3);
    }
}
