package dev.amesh.cli.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DelaunayTest {
    @Test
    void randomPointsGiveAnEmptyCircumcircleTriangulation() {
        long seed = 20240702L;
        Random rnd = new Random(seed);
        int n = 300;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = rnd.nextDouble() * 100;
            ys[i] = rnd.nextDouble() * 60;
        }
        List<int[]> tris = Delaunay.triangulate(xs, ys);
        // Euler: a triangulation of n points with h on the convex hull has 2n - 2 - h triangles.
        assertEquals(2 * n - 2 - hullSize(xs, ys), tris.size(), "seed " + seed);
        for (int[] t : tris) {
            for (int p = 0; p < n; p++) {
                if (p != t[0] && p != t[1] && p != t[2]) {
                    assertFalse(Delaunay.inCircumcircle(xs, ys, t, xs[p], ys[p]), "seed " + seed + ", point " + p);
                }
            }
        }
    }

    @Test
    void squareGivesTwoTrianglesAndDuplicatesAreSkipped() {
        double[] xs = {0, 1, 1, 0, 1};
        double[] ys = {0, 0, 1, 1, 1};
        List<int[]> tris = Delaunay.triangulate(xs, ys);
        assertEquals(2, tris.size());
        for (int[] t : tris) {
            for (int v : t) {
                assertFalse(v == 4, "the duplicate of point 2 is not used");
            }
        }
    }

    private static int hullSize(double[] xs, double[] ys) {
        int n = xs.length;
        int count = 0;
        // Gift wrapping: count hull vertices.
        int start = 0;
        for (int i = 1; i < n; i++) {
            if (xs[i] < xs[start]) {
                start = i;
            }
        }
        int p = start;
        do {
            count++;
            int q = (p + 1) % n;
            for (int r = 0; r < n; r++) {
                double cross = (xs[q] - xs[p]) * (ys[r] - ys[p]) - (ys[q] - ys[p]) * (xs[r] - xs[p]);
                if (cross < 0) {
                    q = r;
                }
            }
            p = q;
        } while (p != start);
        return count;
    }
}
