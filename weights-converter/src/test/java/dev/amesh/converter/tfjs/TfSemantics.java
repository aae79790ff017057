package dev.amesh.converter.tfjs;

/**
 * Direct transcriptions of TensorFlow's op definitions on TF's own layouts (NHWC, filters [KH,KW,I,O] and
 * [KH,KW,C,dm]), in double precision: the expected values for the converter tests, independent of both the
 * converter's layout changes and amesh's kernels.
 */
final class TfSemantics {
    private TfSemantics() {
    }

    /** TF's SAME padding before the first row/column: half the total, the odd one going after. */
    static int samePadBefore(int in, int kernel, int stride, int dilation) {
        int out = (in + stride - 1) / stride;
        int effective = (kernel - 1) * dilation + 1;
        return Math.max((out - 1) * stride + effective - in, 0) / 2;
    }

    /**
     * Conv2D on x [1,H,W,I] with filter [KH,KW,I,O]: out[y][x][o] = bias[o] + sum x[y*s+ky*d-pt][..][i] *
     * f[ky][kx][i][o].
     */
    static float[] conv2d(float[] x, int h, int w, int in, float[] f, int kh, int kw, int out, float[] bias,
            int stride, int dilation, int padTop, int padLeft, int outH, int outW) {
        float[] y = new float[outH * outW * out];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                for (int o = 0; o < out; o++) {
                    double sum = bias == null ? 0 : bias[o];
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            int iy = oy * stride + ky * dilation - padTop;
                            int ix = ox * stride + kx * dilation - padLeft;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                continue;
                            }
                            for (int i = 0; i < in; i++) {
                                sum += (double) x[(iy * w + ix) * in + i] * f[((ky * kw + kx) * in + i) * out + o];
                            }
                        }
                    }
                    y[(oy * outW + ox) * out + o] = (float) sum;
                }
            }
        }
        return y;
    }

    /** DepthwiseConv2dNative on x [1,H,W,C] with filter [KH,KW,C,dm]: output channel c*dm+m. */
    static float[] depthwise(float[] x, int h, int w, int c, float[] f, int kh, int kw, int dm, int stride,
            int padTop, int padLeft, int outH, int outW) {
        float[] y = new float[outH * outW * c * dm];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int m = 0; m < dm; m++) {
                        double sum = 0;
                        for (int ky = 0; ky < kh; ky++) {
                            for (int kx = 0; kx < kw; kx++) {
                                int iy = oy * stride + ky - padTop;
                                int ix = ox * stride + kx - padLeft;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    sum += (double) x[(iy * w + ix) * c + ch] * f[((ky * kw + kx) * c + ch) * dm + m];
                                }
                            }
                        }
                        y[(oy * outW + ox) * c * dm + ch * dm + m] = (float) sum;
                    }
                }
            }
        }
        return y;
    }

    /** Prelu with alpha per channel (the last axis). */
    static float[] prelu(float[] x, float[] alpha) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float a = alpha[i % alpha.length];
            y[i] = x[i] >= 0 ? x[i] : a * x[i];
        }
        return y;
    }

    static float[] relu(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0f, x[i]);
        }
        return y;
    }

    /** Deterministic values in [-1, 1). */
    static float[] values(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }
}
