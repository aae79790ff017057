package dev.amesh.mesh.image;

import dev.amesh.mesh.roi.PixelRect;

/**
 * The CPU image-to-tensor warp of MediaPipe ({@code ImageToTensorConverterOpenCv}: {@code cv::RotatedRect},
 * {@code boxPoints}, {@code getPerspectiveTransform}, {@code warpPerspective} with {@code INTER_LINEAR} on
 * uint8), reproduced bit for bit (§4.2). Output pixel (x, y) samples {@code TL + x/W·(TR − TL) + y/H·(BL − TL)}
 * (no half-pixel centring); the position comes from OpenCV's own matrix arithmetic (see
 * {@link PerspectiveMap}), is quantised to 1/32 pixel with round-half-even, and OpenCV's 15-bit fixed-point
 * bilinear blend gives the uint8 value, which is then converted to float as {@code u8 * alpha + beta}.
 *
 * <p>Instances keep a scratch row and are not thread-safe.
 */
public final class OpenCvWarp implements ImageToTensor {
    private static final int FRAC_BITS = 5;
    private static final int FRAC_ONE = 1 << FRAC_BITS;
    private static final int COEF_BITS = 15;

    private final int outWidth;
    private final int outHeight;
    private final BorderMode border;
    private final byte[] row;

    public OpenCvWarp(int outWidth, int outHeight, BorderMode border) {
        if (outWidth <= 0 || outHeight <= 0) {
            throw new IllegalArgumentException("output size must be positive, got " + outWidth + "x" + outHeight);
        }
        this.outWidth = outWidth;
        this.outHeight = outHeight;
        this.border = border;
        this.row = new byte[outWidth * 3];
    }

    @Override
    public int outWidth() {
        return outWidth;
    }

    @Override
    public int outHeight() {
        return outHeight;
    }

    /** Warps into {@code outWidth * outHeight * 3} bytes (HWC RGB) of {@code dst} at {@code offset}. */
    public void warpBytes(RgbImage src, PixelRect roi, byte[] dst, int offset) {
        checkRoi(roi);
        PerspectiveMap map = PerspectiveMap.of(roi, outWidth, outHeight);
        for (int y = 0; y < outHeight; y++) {
            warpRow(src, map, y, dst, offset + y * outWidth * 3);
        }
    }

    /**
     * Warps and converts to float: {@code dst[offset + i] = u8 * alpha + beta}, HWC RGB. MediaPipe uses
     * (2/255f, -1) for the detector and (1/255f, 0) for the landmark model.
     */
    @Override
    public void warpFloats(RgbImage src, PixelRect roi, float alpha, float beta, float[] dst, int offset) {
        checkRoi(roi);
        PerspectiveMap map = PerspectiveMap.of(roi, outWidth, outHeight);
        int n = outWidth * 3;
        for (int y = 0; y < outHeight; y++) {
            warpRow(src, map, y, row, 0);
            int o = offset + y * n;
            for (int i = 0; i < n; i++) {
                dst[o + i] = (row[i] & 0xFF) * alpha + beta;
            }
        }
    }

    /**
     * The sampling geometry for {@code roi}: top-left corner (x, y), the vector along the top edge and the
     * vector down the left edge, all exact values of OpenCV's float corners. Exposed for tests.
     */
    static double[] geometry(PixelRect roi) {
        float[] c = PerspectiveMap.of(roi, 1, 1).corners;
        return new double[] {c[2], c[3], (double) c[4] - c[2], (double) c[5] - c[3],
            (double) c[0] - c[2], (double) c[1] - c[3]};
    }

    private static void checkRoi(PixelRect roi) {
        if (!Float.isFinite(roi.xCenter()) || !Float.isFinite(roi.yCenter()) || !Float.isFinite(roi.width())
                || !Float.isFinite(roi.height()) || !Float.isFinite(roi.rotation())) {
            throw new IllegalArgumentException("ROI has a non-finite value: " + roi);
        }
    }

    /** Block width of OpenCV's warpPerspective loop: positions are computed relative to each block start. */
    private int blockWidth() {
        int bh = Math.min(16, outHeight);
        int bw = Math.min(1024 / bh, outWidth);
        return bw;
    }

    private void warpRow(RgbImage src, PerspectiveMap map, int y, byte[] dst, int o) {
        int w = src.width();
        int h = src.height();
        byte[] px = src.bytes();
        double[] m = map.m;
        int bw = blockWidth();
        for (int xb = 0; xb < outWidth; xb += bw) {
            double x0 = m[0] * xb + m[1] * y + m[2];
            double y0 = m[3] * xb + m[4] * y + m[5];
            double w0 = m[6] * xb + m[7] * y + m[8];
            int end = Math.min(outWidth, xb + bw);
            for (int x = xb; x < end; x++) {
                int x1 = x - xb;
                double wgt = w0 + m[6] * x1;
                wgt = wgt != 0 ? FRAC_ONE / wgt : 0;
                int qx = quantise((x0 + m[0] * x1) * wgt);
                int qy = quantise((y0 + m[3] * x1) * wgt);
                samplePixel(px, w, h, qx, qy, dst, o + 3 * x);
            }
        }
    }

    private void samplePixel(byte[] px, int w, int h, int qx, int qy, byte[] dst, int d) {
        int ix = clampShort(qx >> FRAC_BITS);
        int iy = clampShort(qy >> FRAC_BITS);
        int ax = qx & (FRAC_ONE - 1);
        int ay = qy & (FRAC_ONE - 1);
        int w00 = (FRAC_ONE - ay) * (FRAC_ONE - ax) * FRAC_ONE;
        int w01 = (FRAC_ONE - ay) * ax * FRAC_ONE;
        int w10 = ay * (FRAC_ONE - ax) * FRAC_ONE;
        int w11 = ay * ax * FRAC_ONE;
        if (border == BorderMode.ZERO && (ix >= w || ix + 1 < 0 || iy >= h || iy + 1 < 0)) {
            dst[d] = 0;
            dst[d + 1] = 0;
            dst[d + 2] = 0;
            return;
        }
        int x0 = ix;
        int x1 = ix + 1;
        int y0 = iy;
        int y1 = iy + 1;
        boolean x0in = true;
        boolean x1in = true;
        boolean y0in = true;
        boolean y1in = true;
        if (border == BorderMode.REPLICATE) {
            x0 = clamp(x0, w - 1);
            x1 = clamp(x1, w - 1);
            y0 = clamp(y0, h - 1);
            y1 = clamp(y1, h - 1);
        } else {
            x0in = x0 >= 0 && x0 < w;
            x1in = x1 >= 0 && x1 < w;
            y0in = y0 >= 0 && y0 < h;
            y1in = y1 >= 0 && y1 < h;
        }
        for (int ch = 0; ch < 3; ch++) {
            int p00 = x0in && y0in ? px[(y0 * w + x0) * 3 + ch] & 0xFF : 0;
            int p01 = x1in && y0in ? px[(y0 * w + x1) * 3 + ch] & 0xFF : 0;
            int p10 = x0in && y1in ? px[(y1 * w + x0) * 3 + ch] & 0xFF : 0;
            int p11 = x1in && y1in ? px[(y1 * w + x1) * 3 + ch] & 0xFF : 0;
            int v = (w00 * p00 + w01 * p01 + w10 * p10 + w11 * p11 + (1 << (COEF_BITS - 1))) >> COEF_BITS;
            dst[d + ch] = (byte) Math.min(255, Math.max(0, v));
        }
    }

    /** {@code rint(v)} saturated to int, as OpenCV's {@code saturate_cast<int>} does. */
    private static int quantise(double scaled) {
        double v = Math.rint(scaled);
        if (v >= Integer.MAX_VALUE) {
            return Integer.MAX_VALUE;
        }
        if (v <= Integer.MIN_VALUE) {
            return Integer.MIN_VALUE;
        }
        return (int) v;
    }

    private static int clampShort(int v) {
        return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }

    private static int clamp(int v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }

    /**
     * The destination-to-source map exactly as OpenCV builds it: float corners from
     * {@code RotatedRect::points}, {@code getPerspectiveTransform} (an 8x8 system with float products,
     * solved by OpenCV's partial-pivot LU), then {@code invert} (3x3 adjugate). Its rounding noise decides
     * which way positions near a 1/64-pixel boundary round, so it is reproduced operation by operation.
     */
    static final class PerspectiveMap {
        final double[] m;
        final float[] corners;

        private PerspectiveMap(double[] m, float[] corners) {
            this.m = m;
            this.corners = corners;
        }

        static PerspectiveMap of(PixelRect roi, int outWidth, int outHeight) {
            float cx = roi.xCenter();
            float cy = roi.yCenter();
            float w = roi.width();
            float h = roi.height();
            // MediaPipe: angle = rotation * 180.f / M_PI (float product, double quotient, stored as float).
            float angleDeg = (float) (roi.rotation() * 180.0f / Math.PI);
            double rad = angleDeg * Math.PI / 180.0;
            float b = (float) Math.cos(rad) * 0.5f;
            float a = (float) Math.sin(rad) * 0.5f;
            float[] src = new float[8];
            src[0] = cx - a * h - b * w;   // P0 bottom-left
            src[1] = cy + b * h - a * w;
            src[2] = cx + a * h - b * w;   // P1 top-left
            src[3] = cy - b * h - a * w;
            src[4] = 2 * cx - src[0];      // P2 top-right
            src[5] = 2 * cy - src[1];
            src[6] = 2 * cx - src[2];      // P3 bottom-right
            src[7] = 2 * cy - src[3];
            float ow = outWidth;
            float oh = outHeight;
            float[] dst = {0f, oh, 0f, 0f, ow, 0f, ow, oh};
            double[][] sys = new double[8][8];
            double[] rhs = new double[8];
            for (int i = 0; i < 4; i++) {
                float sx = src[2 * i];
                float sy = src[2 * i + 1];
                float dx = dst[2 * i];
                float dy = dst[2 * i + 1];
                sys[i][0] = sx;
                sys[i][1] = sy;
                sys[i][2] = 1;
                sys[i + 4][3] = sx;
                sys[i + 4][4] = sy;
                sys[i + 4][5] = 1;
                sys[i][6] = -sx * dx;      // float products, as with cv::Point2f
                sys[i][7] = -sy * dx;
                sys[i + 4][6] = -sx * dy;
                sys[i + 4][7] = -sy * dy;
                rhs[i] = dx;
                rhs[i + 4] = dy;
            }
            if (!luSolve(sys, rhs)) {
                throw new IllegalArgumentException("ROI " + roi + " is degenerate (zero size)");
            }
            double[] fwd = {rhs[0], rhs[1], rhs[2], rhs[3], rhs[4], rhs[5], rhs[6], rhs[7], 1.0};
            double[] inv = invert3x3(fwd);
            if (inv == null) {
                throw new IllegalArgumentException("ROI " + roi + " gives a singular transform");
            }
            return new PerspectiveMap(inv, src);
        }

        /** OpenCV's {@code LUImpl}: Gaussian elimination with partial pivoting, in place; false if singular. */
        private static boolean luSolve(double[][] a, double[] b) {
            int m = b.length;
            for (int i = 0; i < m; i++) {
                int k = i;
                for (int j = i + 1; j < m; j++) {
                    if (Math.abs(a[j][i]) > Math.abs(a[k][i])) {
                        k = j;
                    }
                }
                if (Math.abs(a[k][i]) < Math.ulp(1.0)) {
                    return false;
                }
                if (k != i) {
                    double[] t = a[i];
                    a[i] = a[k];
                    a[k] = t;
                    double tb = b[i];
                    b[i] = b[k];
                    b[k] = tb;
                }
                double d = -1 / a[i][i];
                for (int j = i + 1; j < m; j++) {
                    double alpha = a[j][i] * d;
                    for (int c = i + 1; c < m; c++) {
                        a[j][c] += alpha * a[i][c];
                    }
                    b[j] += alpha * b[i];
                }
                a[i][i] = -d;
            }
            for (int i = m - 1; i >= 0; i--) {
                double s = b[i];
                for (int c = i + 1; c < m; c++) {
                    s -= a[i][c] * b[c];
                }
                b[i] = s * a[i][i];
            }
            return true;
        }

        /** OpenCV's {@code invert} for 3x3 doubles: adjugate times the reciprocal determinant. */
        private static double[] invert3x3(double[] s) {
            double det = s[0] * (s[4] * s[8] - s[5] * s[7])
                    - s[1] * (s[3] * s[8] - s[5] * s[6])
                    + s[2] * (s[3] * s[7] - s[4] * s[6]);
            if (det == 0.0) {
                return null;
            }
            double d = 1.0 / det;
            return new double[] {
                (s[4] * s[8] - s[5] * s[7]) * d,
                (s[2] * s[7] - s[1] * s[8]) * d,
                (s[1] * s[5] - s[2] * s[4]) * d,
                (s[5] * s[6] - s[3] * s[8]) * d,
                (s[0] * s[8] - s[2] * s[6]) * d,
                (s[2] * s[3] - s[0] * s[5]) * d,
                (s[3] * s[7] - s[4] * s[6]) * d,
                (s[1] * s[6] - s[0] * s[7]) * d,
                (s[0] * s[4] - s[1] * s[3]) * d,
            };
        }
    }
}
