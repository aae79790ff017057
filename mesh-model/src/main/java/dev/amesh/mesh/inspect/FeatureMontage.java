package dev.amesh.mesh.inspect;

import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import java.awt.image.BufferedImage;

/**
 * A grid of grayscale tiles, one per channel of a [N,H,W,C] feature map (batch 0), each channel stretched
 * from its own minimum (black) to its maximum (white) so weak channels stay visible. A constant channel is
 * drawn black. Tiles are separated by a one-pixel dark blue line.
 */
public final class FeatureMontage {
    /** Separator colour between tiles: dark blue, so it cannot be mistaken for a black tile. */
    public static final int SEPARATOR_RGB = 0x202050;
    /** Tiles are enlarged until they are at least this many pixels on their longer side. */
    static final int MIN_TILE = 32;
    /** The montage never gets wider or taller than this (tiles are shrunk to 1x scale at worst). */
    static final int MAX_SIDE = 4096;

    private FeatureMontage() {
    }

    /** Whether {@link #render} can draw {@code shape}: rank 4 with positive sizes. */
    public static boolean canRender(Shape shape) {
        return shape.rank() == 4 && shape.numElements() > 0;
    }

    /** Columns of the tile grid for {@code channels} tiles: ceil(sqrt(channels)). */
    public static int columns(int channels) {
        int c = (int) Math.ceil(Math.sqrt(channels));
        return Math.max(1, c);
    }

    /** Enlargement of each tile. */
    public static int scale(Shape shape) {
        int h = shape.dim(1);
        int w = shape.dim(2);
        int cols = columns(shape.dim(3));
        int rows = (shape.dim(3) + cols - 1) / cols;
        int s = Math.max(1, (MIN_TILE + Math.max(h, w) - 1) / Math.max(h, w));
        while (s > 1 && (cols * (w * s + 1) + 1 > MAX_SIDE || rows * (h * s + 1) + 1 > MAX_SIDE)) {
            s--;
        }
        return s;
    }

    /**
     * Draws the channels of {@code t}.
     *
     * @throws IllegalArgumentException if {@code t} is not rank 4, or the montage would exceed
     *         {@value #MAX_SIDE} pixels even at scale 1
     */
    public static BufferedImage render(Tensor t) {
        Shape shape = t.shape();
        if (!canRender(shape)) {
            throw new IllegalArgumentException("a channel montage needs a [N,H,W,C] tensor, '" + t.name()
                    + "' has shape " + shape);
        }
        int h = shape.dim(1);
        int w = shape.dim(2);
        int c = shape.dim(3);
        int cols = columns(c);
        int rows = (c + cols - 1) / cols;
        int s = scale(shape);
        int width = cols * (w * s + 1) + 1;
        int height = rows * (h * s + 1) + 1;
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("montage of '" + t.name() + "' " + shape + " would be " + width + "x"
                    + height + " pixels, more than " + MAX_SIDE);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, SEPARATOR_RGB);
            }
        }
        float[] d = t.data();
        int base = t.offset();
        for (int ch = 0; ch < c; ch++) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < h * w; i++) {
                float v = d[base + i * c + ch];
                if (!Float.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            int x0 = 1 + (ch % cols) * (w * s + 1);
            int y0 = 1 + (ch / cols) * (h * s + 1);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int g = gray(d[base + (y * w + x) * c + ch], min, max);
                    int rgb = (g << 16) | (g << 8) | g;
                    for (int dy = 0; dy < s; dy++) {
                        for (int dx = 0; dx < s; dx++) {
                            img.setRGB(x0 + x * s + dx, y0 + y * s + dy, rgb);
                        }
                    }
                }
            }
        }
        return img;
    }

    /** 0..255 for {@code v} in [min, max]; 0 for a constant channel or NaN. */
    static int gray(float v, float min, float max) {
        if (!(max > min) || Float.isNaN(v)) {
            return 0;
        }
        double g = (v - (double) min) / ((double) max - min) * 255.0;
        return (int) Math.max(0, Math.min(255, Math.round(g)));
    }
}
