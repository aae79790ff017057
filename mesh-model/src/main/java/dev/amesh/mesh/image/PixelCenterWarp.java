package dev.amesh.mesh.image;

import dev.amesh.mesh.roi.PixelRect;

/**
 * MediaPipe's GPU image-to-tensor sampling (spec §10): output pixel (x, y) reads the ROI at
 * ((x + 0.5)/W, (y + 0.5)/H), the image is addressed with pixel centres at +0.5, and the four
 * neighbouring pixels are blended bilinearly in floating point (no uint8 rounding). Outside the image,
 * {@link BorderMode#ZERO} reads 0 (so -1 after the detector's conversion) and {@link BorderMode#REPLICATE}
 * clamps to the edge.
 */
public final class PixelCenterWarp implements ImageToTensor {
    private final int outWidth;
    private final int outHeight;
    private final BorderMode border;

    public PixelCenterWarp(int outWidth, int outHeight, BorderMode border) {
        if (outWidth <= 0 || outHeight <= 0) {
            throw new IllegalArgumentException("output size must be positive, got " + outWidth + "x" + outHeight);
        }
        this.outWidth = outWidth;
        this.outHeight = outHeight;
        this.border = border;
    }

    @Override
    public int outWidth() {
        return outWidth;
    }

    @Override
    public int outHeight() {
        return outHeight;
    }

    @Override
    public void warpFloats(RgbImage src, PixelRect roi, float alpha, float beta, float[] dst, int offset) {
        if (!Float.isFinite(roi.xCenter()) || !Float.isFinite(roi.yCenter()) || !Float.isFinite(roi.width())
                || !Float.isFinite(roi.height()) || !Float.isFinite(roi.rotation())) {
            throw new IllegalArgumentException("ROI has a non-finite value: " + roi);
        }
        double cos = Math.cos(roi.rotation());
        double sin = Math.sin(roi.rotation());
        int w = src.width();
        int h = src.height();
        byte[] px = src.bytes();
        int o = offset;
        for (int y = 0; y < outHeight; y++) {
            double dy = ((y + 0.5) / outHeight - 0.5) * roi.height();
            for (int x = 0; x < outWidth; x++) {
                double dx = ((x + 0.5) / outWidth - 0.5) * roi.width();
                // The ROI centre is in pixel-corner coordinates here; subtract 0.5 to address pixel centres.
                double fx = roi.xCenter() + cos * dx - sin * dy - 0.5;
                double fy = roi.yCenter() + sin * dx + cos * dy - 0.5;
                int ix = (int) Math.floor(fx);
                int iy = (int) Math.floor(fy);
                double ax = fx - ix;
                double ay = fy - iy;
                for (int ch = 0; ch < 3; ch++) {
                    double top = tap(px, w, h, ix, iy, ch) * (1 - ax) + tap(px, w, h, ix + 1, iy, ch) * ax;
                    double bottom = tap(px, w, h, ix, iy + 1, ch) * (1 - ax) + tap(px, w, h, ix + 1, iy + 1, ch) * ax;
                    dst[o++] = (float) (top * (1 - ay) + bottom * ay) * alpha + beta;
                }
            }
        }
    }

    private int tap(byte[] px, int w, int h, int x, int y, int ch) {
        if (x < 0 || y < 0 || x >= w || y >= h) {
            if (border == BorderMode.ZERO) {
                return 0;
            }
            x = Math.max(0, Math.min(w - 1, x));
            y = Math.max(0, Math.min(h - 1, y));
        }
        return px[(y * w + x) * 3 + ch] & 0xFF;
    }
}
