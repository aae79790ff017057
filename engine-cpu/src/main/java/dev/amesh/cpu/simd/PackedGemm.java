package dev.amesh.cpu.simd;

import dev.amesh.cpu.ref.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked matrix product behind every convolution that is not depthwise:
 * {@code out[p, o] = epilogue(sum_k a[p, k] * W[o, k])} for rows p of A (pixels; im2col patches for a
 * general convolution) and output channels o.
 *
 * <p>W [O, K] is packed once, at prepare time, into column blocks of 4, 2 or 1 vectors: block b holds
 * {@code packed[base_b + (k * width + j) * L + l] = W[(start_b + j) * L + l, k]}, zero beyond O. A micro-tile
 * keeps 4 pixels x up to 4 vectors of accumulators in registers across the whole k loop, so each weight
 * vector loaded feeds 4 FMAs and each broadcast A value feeds up to 4. The k sum runs in order from 0 for
 * every output, whatever tile or thread computes it, so results do not depend on the split.
 */
final class PackedGemm {
    private static final VectorSpecies<Float> S = Simd.S;
    private static final int L = Simd.L;

    private final int k;
    private final int outC;
    private final float[] packed;
    private final int[] blockStart;
    private final int[] blockWidth;
    private final float[] bias;
    private final boolean clamp;
    private final float actLo;
    private final float actHi;
    private final float[] residual;
    private final int residualOff;
    private final boolean addClamp;
    private final float addLo;
    private final float addHi;
    private final float[] alpha;
    private final float[] out;
    private final int outOff;
    private final int lastVector;
    private final VectorMask<Float> lastMask;

    /**
     * @param w weights, row o at {@code w[wOff + o * k ...]}
     * @param out output array; pixel p's channels start at {@code outOff + p * outC}
     */
    PackedGemm(float[] w, int wOff, int outC, int k, Epilogue e, float[] out, int outOff) {
        this.k = k;
        this.outC = outC;
        int vectors = (outC + L - 1) / L;
        int blocks = vectors / 4 + (vectors % 4) / 2 + (vectors % 2);
        blockStart = new int[blocks];
        blockWidth = new int[blocks];
        int b = 0;
        for (int v = 0; v < vectors; b++) {
            int width = vectors - v >= 4 ? 4 : vectors - v >= 2 ? 2 : 1;
            blockStart[b] = v;
            blockWidth[b] = width;
            v += width;
        }
        packed = new float[vectors * L * k];
        for (b = 0; b < blocks; b++) {
            int base = blockStart[b] * L * k;
            int width = blockWidth[b];
            for (int kk = 0; kk < k; kk++) {
                for (int j = 0; j < width; j++) {
                    for (int l = 0; l < L; l++) {
                        int o = (blockStart[b] + j) * L + l;
                        packed[base + (kk * width + j) * L + l] = o < outC ? w[wOff + o * k + kk] : 0f;
                    }
                }
            }
        }
        this.bias = e.bias();
        this.clamp = e.act() != Activation.NONE;
        this.actLo = e.act().min;
        this.actHi = e.act().max;
        this.residual = e.residual() == null ? null : e.residual().data();
        this.residualOff = e.residual() == null ? 0 : e.residual().offset();
        this.addClamp = e.addAct() != Activation.NONE;
        this.addLo = e.addAct().min;
        this.addHi = e.addAct().max;
        this.alpha = e.alpha();
        this.out = out;
        this.outOff = outOff;
        this.lastVector = vectors - 1;
        this.lastMask = outC % L == 0 ? null : S.indexInRange(0, outC % L);
    }

    int outChannels() {
        return outC;
    }

    /** Rows {@code r0..r1-1} of A (row r at {@code aOff + r * lda}) into output pixels {@code pix0 + r}. */
    void compute(float[] a, int aOff, int lda, int r0, int r1, int pix0) {
        for (int b = 0; b < blockStart.length; b++) {
            int v0 = blockStart[b];
            int width = blockWidth[b];
            int bOff = v0 * L * k;
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                int a0 = aOff + r * lda;
                if (width == 4) {
                    tile4x4(a, a0, lda, bOff, pix0 + r, v0);
                } else if (width == 2) {
                    tile4x2(a, a0, lda, bOff, pix0 + r, v0);
                } else {
                    tile4x1(a, a0, lda, bOff, pix0 + r, v0);
                }
            }
            for (; r < r1; r++) {
                int a0 = aOff + r * lda;
                if (width == 4) {
                    tile1x4(a, a0, bOff, pix0 + r, v0);
                } else {
                    for (int j = 0; j < width; j++) {
                        tile1x1(a, a0, bOff + j * L, width * L, pix0 + r, v0 + j);
                    }
                }
            }
        }
    }

    private void tile4x4(float[] a, int a0, int lda, int bOff, int pix, int v0) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c03 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c13 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c22 = c00;
        FloatVector c23 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c32 = c00;
        FloatVector c33 = c00;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int bi = bOff;
        for (int kk = 0; kk < k; kk++, bi += 4 * L) {
            FloatVector w0 = FloatVector.fromArray(S, packed, bi);
            FloatVector w1 = FloatVector.fromArray(S, packed, bi + L);
            FloatVector w2 = FloatVector.fromArray(S, packed, bi + 2 * L);
            FloatVector w3 = FloatVector.fromArray(S, packed, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + kk]);
            c00 = c00.add(w0.mul(x));
            c01 = c01.add(w1.mul(x));
            c02 = c02.add(w2.mul(x));
            c03 = c03.add(w3.mul(x));
            x = FloatVector.broadcast(S, a[a1 + kk]);
            c10 = c10.add(w0.mul(x));
            c11 = c11.add(w1.mul(x));
            c12 = c12.add(w2.mul(x));
            c13 = c13.add(w3.mul(x));
            x = FloatVector.broadcast(S, a[a2 + kk]);
            c20 = c20.add(w0.mul(x));
            c21 = c21.add(w1.mul(x));
            c22 = c22.add(w2.mul(x));
            c23 = c23.add(w3.mul(x));
            x = FloatVector.broadcast(S, a[a3 + kk]);
            c30 = c30.add(w0.mul(x));
            c31 = c31.add(w1.mul(x));
            c32 = c32.add(w2.mul(x));
            c33 = c33.add(w3.mul(x));
        }
        store(c00, pix, v0);
        store(c01, pix, v0 + 1);
        store(c02, pix, v0 + 2);
        store(c03, pix, v0 + 3);
        store(c10, pix + 1, v0);
        store(c11, pix + 1, v0 + 1);
        store(c12, pix + 1, v0 + 2);
        store(c13, pix + 1, v0 + 3);
        store(c20, pix + 2, v0);
        store(c21, pix + 2, v0 + 1);
        store(c22, pix + 2, v0 + 2);
        store(c23, pix + 2, v0 + 3);
        store(c30, pix + 3, v0);
        store(c31, pix + 3, v0 + 1);
        store(c32, pix + 3, v0 + 2);
        store(c33, pix + 3, v0 + 3);
    }

    private void tile4x2(float[] a, int a0, int lda, int bOff, int pix, int v0) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int bi = bOff;
        for (int kk = 0; kk < k; kk++, bi += 2 * L) {
            FloatVector w0 = FloatVector.fromArray(S, packed, bi);
            FloatVector w1 = FloatVector.fromArray(S, packed, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + kk]);
            c00 = c00.add(w0.mul(x));
            c01 = c01.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[a1 + kk]);
            c10 = c10.add(w0.mul(x));
            c11 = c11.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[a2 + kk]);
            c20 = c20.add(w0.mul(x));
            c21 = c21.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[a3 + kk]);
            c30 = c30.add(w0.mul(x));
            c31 = c31.add(w1.mul(x));
        }
        store(c00, pix, v0);
        store(c01, pix, v0 + 1);
        store(c10, pix + 1, v0);
        store(c11, pix + 1, v0 + 1);
        store(c20, pix + 2, v0);
        store(c21, pix + 2, v0 + 1);
        store(c30, pix + 3, v0);
        store(c31, pix + 3, v0 + 1);
    }

    private void tile4x1(float[] a, int a0, int lda, int bOff, int pix, int v0) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int bi = bOff;
        for (int kk = 0; kk < k; kk++, bi += L) {
            FloatVector w0 = FloatVector.fromArray(S, packed, bi);
            c0 = c0.add(w0.mul(FloatVector.broadcast(S, a[a0 + kk])));
            c1 = c1.add(w0.mul(FloatVector.broadcast(S, a[a1 + kk])));
            c2 = c2.add(w0.mul(FloatVector.broadcast(S, a[a2 + kk])));
            c3 = c3.add(w0.mul(FloatVector.broadcast(S, a[a3 + kk])));
        }
        store(c0, pix, v0);
        store(c1, pix + 1, v0);
        store(c2, pix + 2, v0);
        store(c3, pix + 3, v0);
    }

    private void tile1x4(float[] a, int a0, int bOff, int pix, int v0) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        int bi = bOff;
        for (int kk = 0; kk < k; kk++, bi += 4 * L) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + kk]);
            c0 = c0.add(FloatVector.fromArray(S, packed, bi).mul(x));
            c1 = c1.add(FloatVector.fromArray(S, packed, bi + L).mul(x));
            c2 = c2.add(FloatVector.fromArray(S, packed, bi + 2 * L).mul(x));
            c3 = c3.add(FloatVector.fromArray(S, packed, bi + 3 * L).mul(x));
        }
        store(c0, pix, v0);
        store(c1, pix, v0 + 1);
        store(c2, pix, v0 + 2);
        store(c3, pix, v0 + 3);
    }

    /** One pixel, one vector; {@code stride} is the block's k step in the packed array. */
    private void tile1x1(float[] a, int a0, int bOff, int stride, int pix, int v) {
        FloatVector c = FloatVector.zero(S);
        int bi = bOff;
        for (int kk = 0; kk < k; kk++, bi += stride) {
            c = c.add(FloatVector.fromArray(S, packed, bi).mul(FloatVector.broadcast(S, a[a0 + kk])));
        }
        store(c, pix, v);
    }

    /** Applies the epilogue to vector {@code v} of pixel {@code pix} and stores it (masked on the last, partial vector). */
    private void store(FloatVector acc, int pix, int v) {
        int ch = v * L;
        FloatVector r = acc.add(FloatVector.fromArray(S, bias, ch));
        if (clamp) {
            r = r.max(actLo).min(actHi);
        }
        int o = pix * outC + ch;
        boolean partial = v == lastVector && lastMask != null;
        if (residual != null) {
            FloatVector s = partial ? FloatVector.fromArray(S, residual, residualOff + o, lastMask)
                    : FloatVector.fromArray(S, residual, residualOff + o);
            r = r.add(s);
            if (addClamp) {
                r = r.max(addLo).min(addHi);
            }
        }
        if (alpha != null) {
            r = r.blend(r.mul(FloatVector.fromArray(S, alpha, ch)), r.lt(0f));
        }
        if (partial) {
            r.intoArray(out, outOff + o, lastMask);
        } else {
            r.intoArray(out, outOff + o);
        }
    }
}
