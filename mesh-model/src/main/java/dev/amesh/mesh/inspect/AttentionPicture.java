package dev.amesh.mesh.inspect;

import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws the spatial transformers' sampling grids (see {@link AttentionGeometry}) over the model input crop
 * and, when given, over the photo it was cut from, with each region's 16x16 crop (mean over channels,
 * stretched min to max) enlarged beside them. Each region's four grid corners are marked with a filled dot
 * of {@value #CORNER_RADIUS} pixels radius in the region's colour.
 */
public final class AttentionPicture {
    /** Model input panel height in pixels; the input is scaled to it. */
    public static final int PANEL = 576;
    public static final int CORNER_RADIUS = 4;
    static final int GAP = 8;
    /** Region colours in the order the regions come: red, green, blue, then yellow and magenta. */
    private static final Color[] COLOURS = {new Color(0xFF3030), new Color(0x30FF30), new Color(0x3090FF),
        new Color(0xFFFF30), new Color(0xFF30FF)};

    /** One region to draw: its name, its grid in model input pixels and its crop [1,h,w,C]. */
    public record RegionView(String label, AttentionGeometry.Grid inputGrid, Tensor crop) {
    }

    private final BufferedImage image;
    private final double inputScale;
    private final double photoScale;
    private final int photoLeft;

    private AttentionPicture(BufferedImage image, double inputScale, double photoScale, int photoLeft) {
        this.image = image;
        this.inputScale = inputScale;
        this.photoScale = photoScale;
        this.photoLeft = photoLeft;
    }

    /** The colour of the {@code i}-th region. */
    public static Color colour(int i) {
        return COLOURS[i % COLOURS.length];
    }

    /**
     * Draws the picture.
     *
     * @param input the model input, [1,S,S,3] in [0,1] (or [-1,1])
     * @param regions the regions, grids in input pixels
     * @param photo the photo the input was cut from, or null for the input panel alone
     * @param roi where the input lies in the photo (ignored without a photo)
     * @throws IllegalArgumentException if {@code input} is not [1,H,W,3], or a photo comes without its ROI
     */
    public static AttentionPicture draw(Tensor input, List<RegionView> regions, BufferedImage photo,
            AttentionGeometry.Roi roi) {
        if (photo != null && roi == null) {
            throw new IllegalArgumentException("a photo needs the ROI the input was cut from");
        }
        BufferedImage in = inputImage(input);
        double inputScale = (double) PANEL / in.getHeight();
        int inputWidth = (int) Math.round(in.getWidth() * inputScale);
        double photoScale = 0;
        int photoWidth = 0;
        int photoLeft = inputWidth + GAP;
        if (photo != null) {
            photoScale = Math.min((double) PANEL / photo.getHeight(), 2.0 * PANEL / photo.getWidth());
            photoWidth = (int) Math.round(photo.getWidth() * photoScale);
        }
        int cropSide = Math.max(16, (PANEL - GAP * (Math.max(1, regions.size()) - 1)) / Math.max(1, regions.size()));
        int cropLeft = photo != null ? photoLeft + photoWidth + GAP : photoLeft;
        int width = cropLeft + cropSide;
        int height = Math.max(PANEL, regions.size() * (cropSide + GAP));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(new Color(0x101018));
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(in, 0, 0, inputWidth, PANEL, null);
            if (photo != null) {
                g.drawImage(photo, photoLeft, 0, photoWidth, (int) Math.round(photo.getHeight() * photoScale), null);
            }
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            AttentionGeometry.PointMap inputPanel = (x, y) -> new double[] {x * inputScale, y * inputScale};
            double ps = photoScale;
            AttentionGeometry.PointMap photoPanel = (x, y) -> {
                double[] p = roi.apply(x, y);
                return new double[] {photoLeft + p[0] * ps, p[1] * ps};
            };
            if (photo != null) {
                drawRoiOutline(g, roi, photoPanel);
            }
            for (int i = 0; i < regions.size(); i++) {
                drawGrid(g, regions.get(i).inputGrid().map(inputPanel), colour(i));
                if (photo != null) {
                    drawGrid(g, regions.get(i).inputGrid().map(photoPanel), colour(i));
                }
            }
            // Corner dots last, so no other region's grid lines cover them.
            for (int i = 0; i < regions.size(); i++) {
                drawCorners(g, regions.get(i).inputGrid().map(inputPanel), colour(i));
                if (photo != null) {
                    drawCorners(g, regions.get(i).inputGrid().map(photoPanel), colour(i));
                }
            }
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            for (int i = 0; i < regions.size(); i++) {
                RegionView r = regions.get(i);
                int top = i * (cropSide + GAP);
                g.drawImage(meanImage(r.crop()), cropLeft, top, cropSide, cropSide, null);
                g.setColor(colour(i));
                g.setStroke(new BasicStroke(2f));
                g.drawRect(cropLeft, top, cropSide - 1, cropSide - 1);
                label(g, r.label(), cropLeft + 4, top + 16);
            }
        } finally {
            g.dispose();
        }
        return new AttentionPicture(out, inputScale, photoScale, photoLeft);
    }

    public BufferedImage image() {
        return image;
    }

    /** Where model input pixel (x, y) is in the picture. */
    public double[] inputToPicture(double x, double y) {
        return new double[] {x * inputScale, y * inputScale};
    }

    /** Where photo pixel (x, y) is in the picture (only meaningful when a photo was drawn). */
    public double[] photoToPicture(double x, double y) {
        return new double[] {photoLeft + x * photoScale, y * photoScale};
    }

    private static void drawGrid(Graphics2D g, AttentionGeometry.Grid grid, Color c) {
        g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 150));
        g.setStroke(new BasicStroke(1f));
        for (double[] s : grid.lines()) {
            g.draw(new Line2D.Double(s[0], s[1], s[2], s[3]));
        }
        g.setColor(c);
        g.setStroke(new BasicStroke(2f));
        Path2D outline = new Path2D.Double();
        double[][] k = grid.corners();
        outline.moveTo(k[0][0], k[0][1]);
        for (int i = 1; i < k.length; i++) {
            outline.lineTo(k[i][0], k[i][1]);
        }
        outline.closePath();
        g.draw(outline);
    }

    private static void drawCorners(Graphics2D g, AttentionGeometry.Grid grid, Color c) {
        g.setColor(c);
        for (double[] p : grid.corners()) {
            int x = (int) Math.round(p[0]);
            int y = (int) Math.round(p[1]);
            g.fillOval(x - CORNER_RADIUS, y - CORNER_RADIUS, 2 * CORNER_RADIUS + 1, 2 * CORNER_RADIUS + 1);
        }
    }

    private static void drawRoiOutline(Graphics2D g, AttentionGeometry.Roi roi, AttentionGeometry.PointMap panel) {
        int s = roi.inputSize();
        double[][] corners = {{0, 0}, {s, 0}, {s, s}, {0, s}};
        Path2D p = new Path2D.Double();
        for (int i = 0; i < 4; i++) {
            double[] q = panel.apply(corners[i][0], corners[i][1]);
            if (i == 0) {
                p.moveTo(q[0], q[1]);
            } else {
                p.lineTo(q[0], q[1]);
            }
        }
        p.closePath();
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(p);
    }

    /** Labels are a nicety: a JVM without usable fonts draws the picture without them. */
    private static void label(Graphics2D g, String text, int x, int y) {
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            Color c = g.getColor();
            FontMetrics fm = g.getFontMetrics();
            g.setColor(new Color(0, 0, 0, 170));
            g.fillRect(x - 2, y - fm.getAscent(), fm.stringWidth(text) + 4, fm.getAscent() + fm.getDescent());
            g.setColor(c);
            g.drawString(text, x, y);
        } catch (RuntimeException | LinkageError | InternalError e) {
            // no font configuration on this machine
        }
    }

    /** The model input as an image: values in [0,1], or [-1,1] when any value is below 0. */
    public static BufferedImage inputImage(Tensor input) {
        Shape s = input.shape();
        if (s.rank() != 4 || s.dim(0) != 1 || s.dim(3) != 3) {
            throw new IllegalArgumentException("model input must be [1,H,W,3], got " + s);
        }
        int h = s.dim(1);
        int w = s.dim(2);
        float[] d = input.data();
        int off = input.offset();
        boolean signed = TensorStats.of(input).min() < 0f;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    float v = d[off + (y * w + x) * 3 + c];
                    double unit = signed ? (v + 1.0) / 2.0 : v;
                    int b = (int) Math.max(0, Math.min(255, Math.round(unit * 255.0)));
                    rgb = (rgb << 8) | b;
                }
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    /** A [1,h,w,C] crop averaged over channels and stretched from its minimum (black) to maximum (white). */
    public static BufferedImage meanImage(Tensor crop) {
        Shape s = crop.shape();
        if (s.rank() != 4) {
            throw new IllegalArgumentException("crop must be [1,H,W,C], got " + s);
        }
        int h = s.dim(1);
        int w = s.dim(2);
        int c = s.dim(3);
        float[] mean = new float[h * w];
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < h * w; i++) {
            double sum = 0;
            for (int ch = 0; ch < c; ch++) {
                sum += crop.data()[crop.offset() + i * c + ch];
            }
            mean[i] = (float) (sum / c);
            min = Math.min(min, mean[i]);
            max = Math.max(max, mean[i]);
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < h * w; i++) {
            int v = FeatureMontage.gray(mean[i], min, max);
            img.setRGB(i % w, i / w, (v << 16) | (v << 8) | v);
        }
        return img;
    }
}
