package dev.amesh.cli.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delaunay triangulation of a few hundred points (Bowyer–Watson: insert points one by one, remove the
 * triangles whose circumcircle holds the new point, fan the hole from it). O(n²), plenty for 478 points.
 */
final class Delaunay {
    private Delaunay() {
    }

    /** Triangles as index triples into {@code xs}/{@code ys}; duplicate points are skipped. */
    static List<int[]> triangulate(double[] xs, double[] ys) {
        int n = xs.length;
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, xs[i]);
            minY = Math.min(minY, ys[i]);
            maxX = Math.max(maxX, xs[i]);
            maxY = Math.max(maxY, ys[i]);
        }
        double span = Math.max(Math.max(maxX - minX, maxY - minY), 1e-9);
        double cx = (minX + maxX) / 2;
        double cy = (minY + maxY) / 2;
        // Points n, n+1, n+2: a triangle far around everything. Being finite, it can in rare cases cost a
        // thin triangle on the convex hull, which the overlay drops as a sliver anyway.
        double[] px = new double[n + 3];
        double[] py = new double[n + 3];
        System.arraycopy(xs, 0, px, 0, n);
        System.arraycopy(ys, 0, py, 0, n);
        px[n] = cx - 1000 * span;
        py[n] = cy - 1000 * span;
        px[n + 1] = cx + 1000 * span;
        py[n + 1] = cy - 1000 * span;
        px[n + 2] = cx;
        py[n + 2] = cy + 1000 * span;
        List<int[]> tris = new ArrayList<>();
        tris.add(new int[] {n, n + 1, n + 2});
        for (int p = 0; p < n; p++) {
            if (isDuplicate(px, py, p)) {
                continue;
            }
            Map<Long, int[]> boundary = new HashMap<>();
            List<int[]> kept = new ArrayList<>(tris.size() + 2);
            for (int[] t : tris) {
                if (inCircumcircle(px, py, t, px[p], py[p])) {
                    for (int e = 0; e < 3; e++) {
                        int a = t[e];
                        int b = t[(e + 1) % 3];
                        long key = edgeKey(a, b);
                        if (boundary.remove(key) == null) {
                            boundary.put(key, new int[] {a, b});
                        }
                    }
                } else {
                    kept.add(t);
                }
            }
            for (int[] e : boundary.values()) {
                kept.add(new int[] {e[0], e[1], p});
            }
            tris = kept;
        }
        List<int[]> out = new ArrayList<>();
        for (int[] t : tris) {
            if (t[0] < n && t[1] < n && t[2] < n) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean isDuplicate(double[] px, double[] py, int p) {
        for (int q = 0; q < p; q++) {
            if (px[q] == px[p] && py[q] == py[p]) {
                return true;
            }
        }
        return false;
    }

    private static long edgeKey(int a, int b) {
        return a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
    }

    /** Whether (x, y) lies strictly inside the circumcircle of triangle t (either orientation). */
    static boolean inCircumcircle(double[] px, double[] py, int[] t, double x, double y) {
        double ax = px[t[0]] - x;
        double ay = py[t[0]] - y;
        double bx = px[t[1]] - x;
        double by = py[t[1]] - y;
        double cx = px[t[2]] - x;
        double cy = py[t[2]] - y;
        double det = (ax * ax + ay * ay) * (bx * cy - cx * by)
                - (bx * bx + by * by) * (ax * cy - cx * ay)
                + (cx * cx + cy * cy) * (ax * by - bx * ay);
        double orientation = (px[t[1]] - px[t[0]]) * (py[t[2]] - py[t[0]])
                - (py[t[1]] - py[t[0]]) * (px[t[2]] - px[t[0]]);
        return orientation > 0 ? det > 0 : det < 0;
    }
}
