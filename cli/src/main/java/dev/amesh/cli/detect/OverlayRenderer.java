package dev.amesh.cli.detect;

import dev.amesh.mesh.Face;
import dev.amesh.mesh.LandmarkFace;
import dev.amesh.mesh.LandmarkResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Draws the landmarks over the photo: a triangle mesh over the mesh points ({@link MeshEdges}), the face
 * outline (the convex hull of the mesh),
 * lips, eyes and irises in their own colours, and the detector's box. Line widths scale with the image.
 */
public final class OverlayRenderer {
    static final Color MESH = new Color(255, 255, 255, 120);
    static final Color OUTLINE = new Color(80, 220, 255);
    static final Color LIPS = new Color(255, 60, 90);
    static final Color EYES = new Color(60, 255, 120);
    static final Color IRISES = new Color(255, 210, 40);
    static final Color BOX = new Color(255, 140, 0);

    private OverlayRenderer() {
    }

    /** A new RGB image: {@code photo} with {@code result} drawn on it. */
    public static BufferedImage render(BufferedImage photo, LandmarkResult result) {
        int w = photo.getWidth();
        int h = photo.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(photo, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            float line = lineWidth(w, h);
            for (LandmarkFace f : result.faces()) {
                drawFace(g, f, line);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** About 1/250 of the shorter side, at least 1.5 pixels. */
    static float lineWidth(int w, int h) {
        return Math.max(1.5f, Math.min(w, h) / 250f);
    }

    private static void drawFace(Graphics2D g, LandmarkFace f, float line) {
        float[] box = f.detectionBox();
        if (box != null) {
            g.setColor(BOX);
            g.setStroke(new BasicStroke(line));
            g.draw(new Rectangle2D.Float(box[0], box[1], box[2], box[3]));
        }
        int meshPoints = Math.min(468, f.landmarkCount());
        g.setColor(MESH);
        g.setStroke(new BasicStroke(Math.max(0.75f, line * 0.4f)));
        for (int[] e : MeshEdges.of(f)) {
            g.draw(new Line2D.Float(f.x(e[0]), f.y(e[0]), f.x(e[1]), f.y(e[1])));
        }
        g.setStroke(new BasicStroke(line, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(OUTLINE);
        g.draw(polygon(f, convexHull(f, meshPoints)));
        g.setColor(LIPS);
        for (int[] loop : lipLoops()) {
            g.draw(polygon(f, loop));
        }
        g.setColor(EYES);
        for (List<Integer> eye : List.of(Face.LEFT_EYE, Face.RIGHT_EYE)) {
            g.draw(polygon(f, eyeLoop(eye)));
        }
        if (f.landmarkCount() > 468) {
            g.setColor(IRISES);
            for (List<Integer> iris : List.of(Face.LEFT_IRIS, Face.RIGHT_IRIS)) {
                int c = iris.get(0);
                double radius = 0;
                for (int k = 1; k < iris.size(); k++) {
                    radius += Math.hypot(f.x(iris.get(k)) - f.x(c), f.y(iris.get(k)) - f.y(c)) / (iris.size() - 1);
                }
                g.draw(new Ellipse2D.Double(f.x(c) - radius, f.y(c) - radius, 2 * radius, 2 * radius));
                float d = line;
                g.fill(new Ellipse2D.Float(f.x(c) - d, f.y(c) - d, 2 * d, 2 * d));
            }
        }
    }

    /**
     * Outer and inner lip outlines from {@link Face#LIPS}: its first 40 entries are the lower outer (11),
     * upper outer (9), lower inner (11) and upper inner (9) contours, each running from one mouth corner.
     */
    static List<int[]> lipLoops() {
        List<Integer> lips = Face.LIPS;
        return List.of(loop(lips, 0, 11, 11, 20), loop(lips, 20, 31, 31, 40));
    }

    /** An eye's lower contour (its first 9 entries) and back along the upper contour (next 7). */
    static int[] eyeLoop(List<Integer> eye) {
        return loop(eye, 0, 9, 9, 16);
    }

    /** {@code list[a..b)} followed by {@code list[c..d)} reversed. */
    private static int[] loop(List<Integer> list, int a, int b, int c, int d) {
        int[] out = new int[(b - a) + (d - c)];
        int k = 0;
        for (int i = a; i < b; i++) {
            out[k++] = list.get(i);
        }
        for (int i = d - 1; i >= c; i--) {
            out[k++] = list.get(i);
        }
        return out;
    }

    private static Path2D polygon(LandmarkFace f, int[] indices) {
        Path2D.Float p = new Path2D.Float();
        p.moveTo(f.x(indices[0]), f.y(indices[0]));
        for (int i = 1; i < indices.length; i++) {
            p.lineTo(f.x(indices[i]), f.y(indices[i]));
        }
        p.closePath();
        return p;
    }

    /** Andrew's monotone chain over the first {@code n} landmarks (x, y); indices in counter-clockwise order. */
    static int[] convexHull(LandmarkFace f, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> f.x(a) != f.x(b) ? Float.compare(f.x(a), f.x(b)) : Float.compare(f.y(a), f.y(b)));
        List<Integer> hull = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            int start = hull.size();
            for (int k = 0; k < n; k++) {
                int i = order[pass == 0 ? k : n - 1 - k];
                while (hull.size() >= start + 2 && cross(f, hull.get(hull.size() - 2), hull.get(hull.size() - 1), i) <= 0) {
                    hull.remove(hull.size() - 1);
                }
                hull.add(i);
            }
            hull.remove(hull.size() - 1);
        }
        int[] out = new int[hull.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = hull.get(i);
        }
        return out;
    }

    private static double cross(LandmarkFace f, int o, int a, int b) {
        return (double) (f.x(a) - f.x(o)) * (f.y(b) - f.y(o)) - (double) (f.y(a) - f.y(o)) * (f.x(b) - f.x(o));
    }
}
