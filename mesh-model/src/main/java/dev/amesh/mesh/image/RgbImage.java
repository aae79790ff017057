package dev.amesh.mesh.image;

import java.awt.image.BufferedImage;

/**
 * An 8-bit RGB image as interleaved bytes, top row first (R, G, B per pixel). The byte array is owned
 * by this object: it is copied on the way in and never handed out.
 */
public final class RgbImage {
    /** Largest side accepted; the warp's fixed-point coordinates stay exact below this. */
    public static final int MAX_SIDE = 1 << 15;

    private final int width;
    private final int height;
    private final byte[] rgb;

    /** @param rgb {@code width * height * 3} bytes, copied */
    public RgbImage(byte[] rgb, int width, int height) {
        this(width, height, checked(rgb, width, height).clone());
    }

    private RgbImage(int width, int height, byte[] ownedRgb) {
        this.rgb = ownedRgb;
        this.width = width;
        this.height = height;
    }

    /** Wraps an array this package has just filled, without a copy. */
    static RgbImage adopt(byte[] rgb, int width, int height) {
        return new RgbImage(width, height, checked(rgb, width, height));
    }

    private static byte[] checked(byte[] rgb, int width, int height) {
        if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("image size must be between 1 and " + MAX_SIDE + " per side, got "
                    + width + "x" + height);
        }
        if (rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException("an RGB image of " + width + "x" + height + " needs "
                    + (long) width * height * 3 + " bytes, got " + rgb.length);
        }
        return rgb;
    }

    /** The samples of any {@link BufferedImage} as 8-bit RGB, see {@link RasterToRgb}. */
    public static RgbImage of(BufferedImage image) {
        return RasterToRgb.convert(image);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Red, green or blue (channel 0, 1, 2) of pixel (x, y), 0..255. */
    public int sample(int x, int y, int channel) {
        return rgb[(y * width + x) * 3 + channel] & 0xFF;
    }

    /** A copy of the interleaved bytes. */
    public byte[] toBytes() {
        return rgb.clone();
    }

    /** The internal array, for the warp in this package only (never modified there). */
    byte[] bytes() {
        return rgb;
    }

    /** An opaque {@code TYPE_INT_RGB} copy, e.g. to draw on. */
    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            int o = y * width * 3;
            for (int x = 0; x < width; x++) {
                row[x] = (rgb[o] & 0xFF) << 16 | (rgb[o + 1] & 0xFF) << 8 | (rgb[o + 2] & 0xFF);
                o += 3;
            }
            img.setRGB(0, y, width, 1, row, 0, width);
        }
        return img;
    }
}
