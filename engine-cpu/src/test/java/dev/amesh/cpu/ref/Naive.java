package dev.amesh.cpu.ref;

/**
 * Brute-force convolutions for tests, written independently of the kernels: the input is first copied
 * into an explicitly zero-padded buffer (padding given by the test, not computed by {@link Padding}),
 * then a VALID window slides over it, accumulating in double.
 */
final class Naive {
    private Naive() {
    }

    /** x [1,h,w,c] -> zero-padded [1,h+pt+pb,w+pl+pr,c]. */
    static float[] zeroPad(float[] x, int h, int w, int c, int pt, int pb, int pl, int pr) {
        int ph = h + pt + pb;
        int pw = w + pl + pr;
        float[] p = new float[ph * pw * c];
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                for (int ch = 0; ch < c; ch++) {
                    p[((y + pt) * pw + xx + pl) * c + ch] = x[(y * w + xx) * c + ch];
                }
            }
        }
        return p;
    }

    /** CONV_2D on batch 1 with filter [O,KH,KW,I]; bias may be null. */
    static float[] conv2d(float[] x, int h, int w, int c, float[] filter, int o, int kh, int kw, float[] bias,
            int pt, int pb, int pl, int pr, int stride, int dilation) {
        float[] p = zeroPad(x, h, w, c, pt, pb, pl, pr);
        int ph = h + pt + pb;
        int pw = w + pl + pr;
        int oh = (ph - ((kh - 1) * dilation + 1)) / stride + 1;
        int ow = (pw - ((kw - 1) * dilation + 1)) / stride + 1;
        float[] out = new float[oh * ow * o];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int oc = 0; oc < o; oc++) {
                    double s = bias == null ? 0 : bias[oc];
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            int py = oy * stride + ky * dilation;
                            int px = ox * stride + kx * dilation;
                            for (int ic = 0; ic < c; ic++) {
                                s += (double) p[(py * pw + px) * c + ic] * filter[((oc * kh + ky) * kw + kx) * c + ic];
                            }
                        }
                    }
                    out[(oy * ow + ox) * o + oc] = (float) s;
                }
            }
        }
        return out;
    }

    /** DEPTHWISE_CONV_2D on batch 1 with filter [1,KH,KW,C*dm]; bias may be null. */
    static float[] depthwise(float[] x, int h, int w, int c, int dm, float[] filter, int kh, int kw, float[] bias,
            int pt, int pb, int pl, int pr, int stride) {
        float[] p = zeroPad(x, h, w, c, pt, pb, pl, pr);
        int ph = h + pt + pb;
        int pw = w + pl + pr;
        int oh = (ph - kh) / stride + 1;
        int ow = (pw - kw) / stride + 1;
        int oc = c * dm;
        float[] out = new float[oh * ow * oc];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int ic = 0; ic < c; ic++) {
                    for (int m = 0; m < dm; m++) {
                        int o = ic * dm + m;
                        double s = bias == null ? 0 : bias[o];
                        for (int ky = 0; ky < kh; ky++) {
                            for (int kx = 0; kx < kw; kx++) {
                                s += (double) p[((oy * stride + ky) * pw + ox * stride + kx) * c + ic]
                                        * filter[(ky * kw + kx) * oc + o];
                            }
                        }
                        out[(oy * ow + ox) * oc + o] = (float) s;
                    }
                }
            }
        }
        return out;
    }
}
