package dev.amesh.mesh.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Reads a decoded image's stored samples as 8-bit RGB, the way MediaPipe's decoders hand pixels over:
 * gray is replicated to R = G = B (no colour-managed linear-gray conversion as in {@code getRGB}), alpha
 * is dropped (not composited), 16-bit samples keep their high byte, palettes are looked up, and CMYK
 * (Adobe-inverted, as libjpeg delivers it) becomes {@code R = C·K/255} as Chromium computes it.
 */
public final class RasterToRgb {
    private RasterToRgb() {
    }

    public static RgbImage convert(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel icm) {
            return fromPalette(raster, icm);
        }
        int type = cm.getColorSpace().getType();
        int bands = raster.getNumBands();
        if (cm.isAlphaPremultiplied()) {
            // Stored samples are multiplied by alpha; getRGB divides it out (sRGB, so no colour management).
            return fromGetRgb(image);
        }
        if (type == ColorSpace.TYPE_CMYK && bands == 4) {
            return fromCmyk(raster);
        }
        if ((type == ColorSpace.TYPE_GRAY && (bands == 1 || bands == 2))
                || (type == ColorSpace.TYPE_RGB && (bands == 3 || bands == 4))) {
            return fromSamples(raster, bands <= 2);
        }
        return fromGetRgb(image);
    }

    /** A 4-band CMYK raster straight from the JPEG decoder (Adobe-inverted samples). */
    public static RgbImage fromCmyk(Raster raster) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        checkSize(w, h);
        byte[] out = new byte[w * h * 3];
        int[] px = new int[w * 4];
        int shift = sampleShift(raster, 0);
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, px);
            int o = y * w * 3;
            for (int x = 0; x < w; x++) {
                int k = px[4 * x + 3] >> shift;
                out[o++] = (byte) ((px[4 * x] >> shift) * k / 255);
                out[o++] = (byte) ((px[4 * x + 1] >> shift) * k / 255);
                out[o++] = (byte) ((px[4 * x + 2] >> shift) * k / 255);
            }
        }
        return RgbImage.adopt(out, w, h);
    }

    private static RgbImage fromPalette(Raster raster, IndexColorModel icm) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        checkSize(w, h);
        int n = icm.getMapSize();
        byte[] r = new byte[n];
        byte[] g = new byte[n];
        byte[] b = new byte[n];
        icm.getReds(r);
        icm.getGreens(g);
        icm.getBlues(b);
        byte[] out = new byte[w * h * 3];
        int[] idx = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, idx);
            int o = y * w * 3;
            for (int x = 0; x < w; x++) {
                int i = Math.min(idx[x], n - 1);
                out[o++] = r[i];
                out[o++] = g[i];
                out[o++] = b[i];
            }
        }
        return RgbImage.adopt(out, w, h);
    }

    private static RgbImage fromSamples(Raster raster, boolean gray) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        checkSize(w, h);
        int bands = raster.getNumBands();
        int[] bits = raster.getSampleModel().getSampleSize();
        byte[] out = new byte[w * h * 3];
        int[] px = new int[w * bands];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, px);
            int o = y * w * 3;
            for (int x = 0; x < w; x++) {
                int p = x * bands;
                if (gray) {
                    byte v = (byte) to8Bit(px[p], bits[0]);
                    out[o++] = v;
                    out[o++] = v;
                    out[o++] = v;
                } else {
                    out[o++] = (byte) to8Bit(px[p], bits[0]);
                    out[o++] = (byte) to8Bit(px[p + 1], bits[1]);
                    out[o++] = (byte) to8Bit(px[p + 2], bits[2]);
                }
            }
        }
        return RgbImage.adopt(out, w, h);
    }

    /** Colour spaces other than RGB, gray and CMYK: let Java convert to sRGB. */
    private static RgbImage fromGetRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        checkSize(w, h);
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            int o = y * w * 3;
            for (int x = 0; x < w; x++) {
                out[o++] = (byte) (row[x] >> 16);
                out[o++] = (byte) (row[x] >> 8);
                out[o++] = (byte) row[x];
            }
        }
        return RgbImage.adopt(out, w, h);
    }

    /** 8-bit samples as stored; 16-bit keep the high byte (libpng strip_16); 1-, 2-, 4-bit are scaled up. */
    static int to8Bit(int v, int bits) {
        if (bits == 8) {
            return v;
        }
        if (bits == 16) {
            return v >>> 8;
        }
        if (bits < 8) {
            return v * 255 / ((1 << bits) - 1);
        }
        return v >>> (bits - 8);
    }

    private static int sampleShift(Raster raster, int band) {
        int bits = raster.getSampleModel().getSampleSize(band);
        return Math.max(0, bits - 8);
    }

    private static void checkSize(int w, int h) {
        if (w > RgbImage.MAX_SIDE || h > RgbImage.MAX_SIDE || (long) w * h * 3 > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("image of " + w + "x" + h + " pixels is too large");
        }
    }
}
