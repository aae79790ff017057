package dev.amesh.cli.detect;

import dev.amesh.mesh.Face;
import dev.amesh.mesh.LandmarkFace;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A triangle mesh over a face's 468 mesh landmarks, derived here (not MediaPipe's tessellation table): the
 * Delaunay triangulation of the image positions, without the triangles over the eye openings and the mouth,
 * and without slivers along the outline whose longest edge is far above the typical edge.
 */
final class MeshEdges {
    /** Triangles with a longest edge above this many median edge lengths are outline slivers. */
    private static final double SLIVER_FACTOR = 3.0;
    private static final int MESH_POINTS = 468;

    private MeshEdges() {
    }

    /** Edges as index pairs (smaller index first), each once. */
    static List<int[]> of(LandmarkFace f) {
        int n = Math.min(MESH_POINTS, f.landmarkCount());
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = f.x(i);
            ys[i] = f.y(i);
        }
        List<int[]> tris = Delaunay.triangulate(xs, ys);
        List<Path2D> holes = new ArrayList<>();
        holes.add(polygon(xs, ys, OverlayRenderer.eyeLoop(Face.LEFT_EYE)));
        holes.add(polygon(xs, ys, OverlayRenderer.eyeLoop(Face.RIGHT_EYE)));
        holes.add(polygon(xs, ys, OverlayRenderer.lipLoops().get(1)));
        double[] lengths = new double[tris.size() * 3];
        for (int t = 0; t < tris.size(); t++) {
            for (int e = 0; e < 3; e++) {
                lengths[3 * t + e] = length(xs, ys, tris.get(t)[e], tris.get(t)[(e + 1) % 3]);
            }
        }
        double[] sorted = lengths.clone();
        Arrays.sort(sorted);
        double limit = sorted.length == 0 ? 0 : SLIVER_FACTOR * sorted[sorted.length / 2];
        Set<Long> seen = new LinkedHashSet<>();
        for (int t = 0; t < tris.size(); t++) {
            int[] tri = tris.get(t);
            double longest = Math.max(lengths[3 * t], Math.max(lengths[3 * t + 1], lengths[3 * t + 2]));
            double cx = (xs[tri[0]] + xs[tri[1]] + xs[tri[2]]) / 3;
            double cy = (ys[tri[0]] + ys[tri[1]] + ys[tri[2]]) / 3;
            if (longest > limit || holes.stream().anyMatch(h -> h.contains(cx, cy))) {
                continue;
            }
            for (int e = 0; e < 3; e++) {
                int a = Math.min(tri[e], tri[(e + 1) % 3]);
                int b = Math.max(tri[e], tri[(e + 1) % 3]);
                seen.add(((long) a << 32) | b);
            }
        }
        List<int[]> edges = new ArrayList<>(seen.size());
        for (long key : seen) {
            edges.add(new int[] {(int) (key >>> 32), (int) key});
        }
        return edges;
    }

    private static double length(double[] xs, double[] ys, int a, int b) {
        return Math.hypot(xs[a] - xs[b], ys[a] - ys[b]);
    }

    private static Path2D polygon(double[] xs, double[] ys, int[] loop) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[loop[0]], ys[loop[0]]);
        for (int i = 1; i < loop.length; i++) {
            p.lineTo(xs[loop[i]], ys[loop[i]]);
        }
        p.closePath();
        return p;
    }
}
