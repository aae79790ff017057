package dev.amesh.mesh.image;

import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/** libjpeg's {@code ycck_cmyk_convert}: YCbCr to inverted CMY with its fixed-point tables, K unchanged. */
final class YcckToCmyk {
    private static final int SCALEBITS = 16;
    private static final int ONE_HALF = 1 << (SCALEBITS - 1);

    private YcckToCmyk() {
    }

    private static int fix(double x) {
        return (int) (x * (1 << SCALEBITS) + 0.5);
    }

    static Raster convert(Raster in) {
        int w = in.getWidth();
        int h = in.getHeight();
        WritableRaster out = in.createCompatibleWritableRaster(w, h);
        int[] px = new int[w * 4];
        for (int y = 0; y < h; y++) {
            in.getPixels(in.getMinX(), in.getMinY() + y, w, 1, px);
            for (int x = 0; x < w; x++) {
                int p = 4 * x;
                int yy = px[p];
                int cb = px[p + 1] - 128;
                int cr = px[p + 2] - 128;
                int crR = (fix(1.40200) * cr + ONE_HALF) >> SCALEBITS;
                int cbB = (fix(1.77200) * cb + ONE_HALF) >> SCALEBITS;
                int g = (-fix(0.34414) * cb + ONE_HALF - fix(0.71414) * cr) >> SCALEBITS;
                px[p] = clamp(255 - (yy + crR));
                px[p + 1] = clamp(255 - (yy + g));
                px[p + 2] = clamp(255 - (yy + cbB));
            }
            out.setPixels(0, y, w, 1, px);
        }
        return out;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
