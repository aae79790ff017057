package dev.amesh.cpu.simd;

import dev.amesh.cpu.Numerics;
import dev.amesh.cpu.ref.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked matrix product behind every convolution that is not depthwise:
 * {@code out[p, o] = epilogue(sum_k a[p, k] * W[o, k])} for rows p of A (pixels; im2col patches for a
 * general convolution) and output channels o.
 *
 * <p>W [O, K] is packed once, at prepare time, into column blocks of 4, 2 or 1 vectors: block b holds
 * {@code packed[base_b + (k * width + j) * L + l] = W[(start_b + j) * L + l, k]}, zero beyond O. A micro-tile
 * keeps 4 pixels x up to 4 vectors (8 pixels x 1 vector when O == L) of accumulators in registers across
 * the whole k loop, so each weight vector loaded feeds 4 or 8 multiply-adds and each broadcast A value up
 * to 4. Tiles store raw sums; the epilogue (bias, activation, fused residual ADD and PRELU) then runs as a
 * flat loop over a span of pixels just written (up to 16 KB of output), while they are in L1.
 *
 * <p>A product its caller marks as reading each weight only a few times per run (a convolution with at most
 * {@link ConvKernel#HALF_MAX_PIXELS} output pixels) keeps its blocks of 2 and 4 vectors in 16 bits
 * ({@link HalfWeights}: two weights per int, the k step's vectors 0 and 1, then 2 and 3), read by tiles of
 * their own ({@code *Half}) that decode them into the same floats.
 *
 * <p>Every output's k sum runs in order from 0, one multiply-add per term, fused or not as {@link Numerics}
 * says, like the reference's, whatever tile or thread computes it: results match the scalar backend and do not
 * depend on the split.
 */
final class PackedGemm {
    private static final VectorSpecies<Float> S = Simd.S;
    private static final int L = Simd.L;
    /** Fused or separate multiply-add, as {@link Numerics} decides (a constant, so C2 keeps one branch). */
    private static final boolean FMA = Numerics.FUSED_CONV;
    /** Scratch floats a caller of {@link #compute} provides per thread: one 4 x 4-vector tile. */
    static final int TILE_FLOATS = 16 * Simd.L;
    /** Floats between adjacent windows of a stride-2 convolution over 3 channels (an image). */
    private static final int RGB_STRIDE2 = 6;
    /** Output floats a span covers at most (16 KB): still in L1 when the epilogue pass reads them. */
    private static final int SPAN_FLOATS = 4096;
    /**
     * True for vectors of 256 bits or fewer, where x86 without AVX-512 has 16 vector registers: the 8x2 and
     * 4x4 tiles, sized for AVX-512's 32, then hold 16 accumulators plus their weights and spill. Products whose
     * blocks are all pairs of vectors then take {@link #tile6x2} and {@link #gathered6x2} (12 accumulators, 2
     * weight vectors and a broadcast: 15 registers), the shape of the usual AVX2 matrix-product kernel.
     */
    static final boolean SIX_ROW_TILES = L <= 8;

    private final int k;
    private final int outC;
    private final float[] packed;
    /** Where this product's packed weights start in {@link #packed} (a {@link WeightArena} slice). */
    private final int packedOff;
    /**
     * Per block: where its weights start in {@link #packed}, as floats ({@link #halfBlock} false) or as
     * {@link HalfWeights} pairs.
     */
    private final int[] blockOff;
    /** Per block: whether its weights are half-float pairs (only blocks of 2 or 4 vectors). */
    private final boolean[] halfBlock;
    /** True when some block holds half floats: the special tiles, which read floats, are then never used. */
    private final boolean half;
    /** What decoded 16-bit weights are multiplied by ({@link HalfWeights#scale}). */
    private final float halfScale;
    private final int[] blockStart;
    private final int[] blockWidth;
    private final float[] bias;
    private final float actLo;
    private final float actHi;
    private final float[] residual;
    private final int residualOff;
    /**
     * Channels of the residual per pixel: {@link #outC}, or fewer for a folded channel PAD (see
     * {@link FusedOperands#RESIDUAL_CHANNEL_PADDED}), whose missing channels add +0.
     */
    private final int residualChannels;
    private final float addLo;
    private final float addHi;
    private final float[] alpha;
    private final float[] out;
    private final int outOff;
    /** False when neither the convolution nor a fused ADD has an activation: the epilogue skips min/max. */
    private final boolean clamps;
    /**
     * True for the model's residual blocks (bias, residual ADD, PRELU, no clamps): the square tiles
     * ({@link #tile8x1Square}, {@link #tile8x2Square}) then apply them to their accumulators before the one
     * store.
     */
    private final boolean residualPrelu;
    /** True when O == L: one vector of outputs per pixel, computed 8 pixels at a time. */
    private final boolean singleFullVector;
    /** True when O is not a multiple of L: the last block is computed into scratch and copied. */
    private final boolean partialBlock;
    /** {@link #SIX_ROW_TILES} and every block a whole number of vector pairs (no partial block). */
    private final boolean sixRow;
    /**
     * Pixels whose raw sums are computed before one epilogue pass runs over them (a multiple of 8): the
     * pass has a fixed cost per call, which per 8-pixel tile of 16 channels was as much as its arithmetic.
     */
    private final int span;

    /**
     * @param w weights, row o at {@code w[wOff + o * k ...]}
     * @param out output array; pixel p's channels start at {@code outOff + p * outC}
     * @param weights where the packed weights go (a slice of it); null: an array of their own
     * @param halfCandidate whether to keep the weights as half floats if they all are half float values
     *     ({@link HalfWeights}): for products that read each weight only a few times per run
     */
    PackedGemm(float[] w, int wOff, int outC, int k, Epilogue e, float[] out, int outOff, WeightArena weights,
            boolean halfCandidate) {
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
        HalfWeights format = halfCandidate && blocks > 0 && blockWidth[0] > 1 ? HalfWeights.fit(w, wOff, outC * k)
                : null;
        half = format != null;
        halfScale = half ? format.scale() : 1f;
        halfBlock = new boolean[blocks];
        blockOff = new int[blocks];
        int floats = 0;
        for (b = 0; b < blocks; b++) {
            halfBlock[b] = half && blockWidth[b] > 1;
            blockOff[b] = floats;
            floats += blockWidth[b] * L * k / (halfBlock[b] ? 2 : 1);
        }
        if (weights == null) {
            packed = new float[floats];
            packedOff = 0;
        } else {
            WeightArena.Slice slice = weights.allocate(floats);
            packed = slice.array();
            packedOff = slice.offset();
        }
        for (b = 0; b < blocks; b++) {
            blockOff[b] += packedOff;
            int base = blockOff[b];
            int width = blockWidth[b];
            for (int kk = 0; kk < k; kk++) {
                for (int j = 0; j < width; j += halfBlock[b] ? 2 : 1) {
                    for (int l = 0; l < L; l++) {
                        int o = (blockStart[b] + j) * L + l;
                        float lo = o < outC ? w[wOff + o * k + kk] : 0f;
                        if (halfBlock[b]) {
                            float hi = o + L < outC ? w[wOff + (o + L) * k + kk] : 0f;
                            packed[base + (kk * width + j) / 2 * L + l] = format.pair(lo, hi);
                        } else {
                            packed[base + (kk * width + j) * L + l] = lo;
                        }
                    }
                }
            }
        }
        this.bias = e.bias();
        this.actLo = e.act().min;
        this.actHi = e.act().max;
        this.residual = e.residual() == null ? null : e.residual().data();
        this.residualOff = e.residual() == null ? 0 : e.residual().offset();
        this.residualChannels = e.residual() == null ? outC : e.residual().dim(e.residual().rank() - 1);
        this.addLo = e.addAct().min;
        this.addHi = e.addAct().max;
        this.alpha = e.alpha();
        this.out = out;
        this.outOff = outOff;
        this.clamps = e.act() != Activation.NONE || (e.residual() != null && e.addAct() != Activation.NONE);
        this.partialBlock = outC % L != 0;
        this.singleFullVector = outC == L;
        this.sixRow = SIX_ROW_TILES && outC % (2 * L) == 0; // an even number of whole vectors: blocks of 4 and 2
        this.residualPrelu = !clamps && residual != null && alpha != null && residualChannels == outC;
        int unit = sixRow ? 24 : 8; // whole tiles per span: 6 rows (and 4), or 8
        this.span = Math.max(unit, SPAN_FLOATS / Math.max(1, outC) / unit * unit);
    }

    /** Whether some of the weights are kept as half floats. */
    boolean halfWeights() {
        return half;
    }

    int outChannels() {
        return outC;
    }

    /** Column blocks of the packed weights (1, 2 or 4 vectors of output channels each). */
    int blockCount() {
        return blockStart.length;
    }

    /** The first output channel of block {@code b}; {@code outC} for {@code b == blockCount()}. */
    private int channelOf(int b) {
        return b == blockStart.length ? outC : blockStart[b] * L;
    }

    /**
     * Rows {@code r0..r1-1} of A (row r at {@code aOff + r * lda}) into output pixels {@code pix0 + r}.
     * {@code tile} from {@code tileOff} is the calling thread's scratch of at least {@link #TILE_FLOATS} floats.
     */
    void compute(float[] a, int aOff, int lda, int r0, int r1, int pix0, float[] tile, int tileOff) {
        compute(a, aOff, lda, r0, r1, pix0, tile, tileOff, 0, blockStart.length);
    }

    /**
     * {@link #compute(float[], int, int, int, int, int, float[])} for the output channels of blocks
     * {@code b0..b1-1} only, epilogue included: a convolution with fewer output rows than threads splits
     * its channels instead.
     */
    void compute(float[] a, int aOff, int lda, int r0, int r1, int pix0, float[] tile, int tileOff, int b0,
            int b1) {
        if (b0 >= b1) {
            return;
        }
        int c0 = channelOf(b0);
        int c1 = channelOf(b1);
        for (int s = r0; s < r1; s += span) {
            int e = Math.min(r1, s + span);
            int done = tiles(a, aOff, lda, s, e, pix0, tile, tileOff, b0, b1);
            epilogue(pix0 + s + done, e - s - done, c0, c1);
        }
    }

    /**
     * The raw sums of rows {@code r0..r1-1} (at most {@link #span}), blocks {@code b0..b1-1}. Returns how many
     * leading rows got their epilogue in registers (the square tiles with {@link #residualPrelu});
     * the caller applies it to the rest.
     */
    private int tiles(float[] a, int aOff, int lda, int r0, int r1, int pix0, float[] tile, int tileOff, int b0,
            int b1) {
        int r = r0;
        int done = 0;
        if (half) {
            halfTiles(a, aOff, lda, r0, r1, pix0, tile, tileOff, b0, b1);
            return 0;
        }
        if (sixRow) {
            for (; r + 6 <= r1; r += 6) {
                int a0 = aOff + r * lda;
                int d0 = outOff + (pix0 + r) * outC;
                for (int b = b0; b < b1; b++) {
                    int width = blockWidth[b];
                    for (int j = 0; j < width; j += 2) {
                        tile6x2(a, a0, lda, blockOff[b] + j * L, width * L, out, d0 + (blockStart[b] + j) * L);
                    }
                }
            }
        } else if (singleFullVector && k == L && lda == L) {
            for (; r + 8 <= r1; r += 8) {
                tile8x1Square(a, aOff + r * L, out, outOff + (pix0 + r) * L);
            }
            done = residualPrelu ? r - r0 : 0;
        } else if (singleFullVector) {
            for (; r + 8 <= r1; r += 8) {
                tile8x1(a, aOff + r * lda, lda, out, outOff + (pix0 + r) * outC);
            }
        } else if (outC == 2 * L && k == 2 * L && lda == k) {
            for (; r + 8 <= r1; r += 8) {
                tile8x2Square(a, aOff + r * k, out, outOff + (pix0 + r) * outC);
            }
            done = residualPrelu ? r - r0 : 0;
        } else if (outC == 2 * L && k == L && lda == L) {
            for (; r + 8 <= r1; r += 8) {
                tile8x2Narrow(a, aOff + r * L, out, outOff + (pix0 + r) * outC);
            }
        } else if (outC == 2 * L) {
            for (; r + 8 <= r1; r += 8) {
                tile8x2(a, aOff + r * lda, lda, out, outOff + (pix0 + r) * outC);
            }
        }
        for (; r + 4 <= r1; r += 4) {
            int a0 = aOff + r * lda;
            for (int b = b0; b < b1; b++) {
                int width = blockWidth[b];
                int bOff = blockOff[b];
                boolean direct = !(partialBlock && b == blockStart.length - 1);
                float[] dst = direct ? out : tile;
                int d0 = direct ? outOff + (pix0 + r) * outC + blockStart[b] * L : tileOff;
                int ds = direct ? outC : width * L;
                if (width == 4) {
                    tile4x4(a, a0, lda, bOff, dst, d0, ds);
                } else if (width == 2) {
                    tile4x2(a, a0, lda, bOff, dst, d0, ds);
                } else {
                    tile4x1(a, a0, lda, bOff, dst, d0, ds);
                }
                if (!direct) {
                    copyPartial(tile, tileOff, ds, 4, pix0 + r, blockStart[b] * L);
                }
            }
        }
        for (; r < r1; r++) {
            int a0 = aOff + r * lda;
            for (int b = b0; b < b1; b++) {
                int width = blockWidth[b];
                int bOff = blockOff[b];
                boolean direct = !(partialBlock && b == blockStart.length - 1);
                float[] dst = direct ? out : tile;
                int d0 = direct ? outOff + (pix0 + r) * outC + blockStart[b] * L : tileOff;
                if (width == 4) {
                    tile1x4(a, a0, bOff, dst, d0);
                } else {
                    for (int j = 0; j < width; j++) {
                        tile1x1(a, a0, bOff + j * L, width * L, dst, d0 + j * L);
                    }
                }
                if (!direct) {
                    copyPartial(tile, tileOff, width * L, 1, pix0 + r, blockStart[b] * L);
                }
            }
        }
        return done;
    }

    /**
     * Like {@link #compute}, for the output channels of blocks {@code b0..b1-1}, but row r of A is gathered
     * on the fly: element kk is {@code x[x0 + r * xStep + taps[kk]]}. A convolution uses this for output
     * pixels whose whole window lies inside the input (taps = the window's offsets), so it needs no im2col
     * copy there.
     */
    void computeGathered(float[] x, int x0, int xStep, int[] taps, int rows, int pix0, float[] tile, int tileOff,
            int b0, int b1) {
        if (b0 >= b1) {
            return;
        }
        int c0 = channelOf(b0);
        int c1 = channelOf(b1);
        for (int s = 0; s < rows; s += span) {
            int n = Math.min(rows - s, span);
            gatheredTiles(x, x0 + s * xStep, xStep, taps, n, pix0 + s, tile, tileOff, b0, b1);
            epilogue(pix0 + s, n, c0, c1);
        }
    }

    /** The raw sums of {@link #computeGathered}'s rows {@code 0..rows-1} (at most {@link #span}); no epilogue. */
    private void gatheredTiles(float[] x, int x0, int xStep, int[] taps, int rows, int pix0, float[] tile,
            int tileOff, int b0, int b1) {
        int r = 0;
        if (half) {
            halfGatheredTiles(x, x0, xStep, taps, rows, pix0, tile, tileOff, b0, b1);
            return;
        }
        if (sixRow) {
            for (; r + 6 <= rows; r += 6) {
                int d0 = outOff + (pix0 + r) * outC;
                for (int b = b0; b < b1; b++) {
                    int width = blockWidth[b];
                    for (int j = 0; j < width; j += 2) {
                        gathered6x2(x, x0 + r * xStep, xStep, taps, blockOff[b] + j * L, width * L, out,
                                d0 + (blockStart[b] + j) * L);
                    }
                }
            }
        }
        if (singleFullVector && xStep == RGB_STRIDE2) {
            for (; r + 16 <= rows; r += 16) {
                gathered16x1Rgb(x, x0 + r * RGB_STRIDE2, taps, out, outOff + (pix0 + r) * outC);
            }
        }
        if (singleFullVector) {
            for (; r + 8 <= rows; r += 8) {
                gathered8x1(x, x0 + r * xStep, xStep, taps, out, outOff + (pix0 + r) * outC);
            }
        }
        for (; r < rows; r += 4) {
            int n = Math.min(4, rows - r);
            for (int b = b0; b < b1; b++) {
                int width = blockWidth[b];
                int bOff = blockOff[b];
                boolean direct = !(partialBlock && b == blockStart.length - 1);
                if (n < 4 && width == 4) {
                    for (int i = 0; i < n; i++) {
                        float[] dst = direct ? out : tile;
                        int d0 = direct ? outOff + (pix0 + r + i) * outC + blockStart[b] * L : tileOff + i * width * L;
                        gathered1x4(x, x0 + (r + i) * xStep, taps, bOff, dst, d0);
                    }
                    if (!direct) {
                        copyPartial(tile, tileOff, width * L, n, pix0 + r, blockStart[b] * L);
                    }
                    continue;
                }
                for (int j = 0; j < width; j++) {
                    float[] dst = direct ? out : tile;
                    int d0 = direct ? outOff + (pix0 + r) * outC + (blockStart[b] + j) * L : tileOff + j * L;
                    int ds = direct ? outC : width * L;
                    if (n == 4) {
                        gathered4x1(x, x0 + r * xStep, xStep, taps, bOff + j * L, width * L, dst, d0, ds);
                    } else {
                        for (int i = 0; i < n; i++) {
                            gathered1x1(x, x0 + (r + i) * xStep, taps, bOff + j * L, width * L, dst, d0 + i * ds);
                        }
                    }
                }
                if (!direct) {
                    copyPartial(tile, tileOff, width * L, n, pix0 + r, blockStart[b] * L);
                }
            }
        }
    }

    /** 8 pixels x 1 vector (O == L): eight independent add chains hide the add latency. */
    private void tile8x1(float[] a, int a0, int lda, float[] dst, int d0) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        FloatVector c6 = c0;
        FloatVector c7 = c0;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        int a6 = a5 + lda;
        int a7 = a6 + lda;
        int bi = packedOff;
        for (int kk = 0; kk < k; kk++, bi += L) {
            FloatVector w = FloatVector.fromArray(S, packed, bi);
            c0 = FMA ? w.fma(FloatVector.broadcast(S, a[a0 + kk]), c0) : c0.add(w.mul(FloatVector.broadcast(S, a[a0 + kk])));
            c1 = FMA ? w.fma(FloatVector.broadcast(S, a[a1 + kk]), c1) : c1.add(w.mul(FloatVector.broadcast(S, a[a1 + kk])));
            c2 = FMA ? w.fma(FloatVector.broadcast(S, a[a2 + kk]), c2) : c2.add(w.mul(FloatVector.broadcast(S, a[a2 + kk])));
            c3 = FMA ? w.fma(FloatVector.broadcast(S, a[a3 + kk]), c3) : c3.add(w.mul(FloatVector.broadcast(S, a[a3 + kk])));
            c4 = FMA ? w.fma(FloatVector.broadcast(S, a[a4 + kk]), c4) : c4.add(w.mul(FloatVector.broadcast(S, a[a4 + kk])));
            c5 = FMA ? w.fma(FloatVector.broadcast(S, a[a5 + kk]), c5) : c5.add(w.mul(FloatVector.broadcast(S, a[a5 + kk])));
            c6 = FMA ? w.fma(FloatVector.broadcast(S, a[a6 + kk]), c6) : c6.add(w.mul(FloatVector.broadcast(S, a[a6 + kk])));
            c7 = FMA ? w.fma(FloatVector.broadcast(S, a[a7 + kk]), c7) : c7.add(w.mul(FloatVector.broadcast(S, a[a7 + kk])));
        }
        c0.intoArray(dst, d0);
        c1.intoArray(dst, d0 + L);
        c2.intoArray(dst, d0 + 2 * L);
        c3.intoArray(dst, d0 + 3 * L);
        c4.intoArray(dst, d0 + 4 * L);
        c5.intoArray(dst, d0 + 5 * L);
        c6.intoArray(dst, d0 + 6 * L);
        c7.intoArray(dst, d0 + 7 * L);
    }

    /**
     * {@link #tile8x1} for K == O == L with rows of A packed (the 16 -> 16 convolutions at 96x96): with the
     * trip count and row stride constants, C2 addresses all eight rows from one register with fixed
     * displacements instead of keeping eight row offsets (which spilled), 1.2x the tile's speed.
     */
    private void tile8x1Square(float[] a, int a0, float[] dst, int d0) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        FloatVector c6 = c0;
        FloatVector c7 = c0;
        int bi = packedOff;
        for (int kk = 0; kk < L; kk++, bi += L) {
            FloatVector w = FloatVector.fromArray(S, packed, bi);
            int p = a0 + kk;
            c0 = FMA ? w.fma(FloatVector.broadcast(S, a[p]), c0) : c0.add(w.mul(FloatVector.broadcast(S, a[p])));
            c1 = FMA ? w.fma(FloatVector.broadcast(S, a[p + L]), c1) : c1.add(w.mul(FloatVector.broadcast(S, a[p + L])));
            c2 = FMA ? w.fma(FloatVector.broadcast(S, a[p + 2 * L]), c2) : c2.add(w.mul(FloatVector.broadcast(S, a[p + 2 * L])));
            c3 = FMA ? w.fma(FloatVector.broadcast(S, a[p + 3 * L]), c3) : c3.add(w.mul(FloatVector.broadcast(S, a[p + 3 * L])));
            c4 = FMA ? w.fma(FloatVector.broadcast(S, a[p + 4 * L]), c4) : c4.add(w.mul(FloatVector.broadcast(S, a[p + 4 * L])));
            c5 = FMA ? w.fma(FloatVector.broadcast(S, a[p + 5 * L]), c5) : c5.add(w.mul(FloatVector.broadcast(S, a[p + 5 * L])));
            c6 = FMA ? w.fma(FloatVector.broadcast(S, a[p + 6 * L]), c6) : c6.add(w.mul(FloatVector.broadcast(S, a[p + 6 * L])));
            c7 = FMA ? w.fma(FloatVector.broadcast(S, a[p + 7 * L]), c7) : c7.add(w.mul(FloatVector.broadcast(S, a[p + 7 * L])));
        }
        if (residualPrelu) { // the flat epilogue's operations in its order; each branch stores (JDK 17 boxes merges)
            FloatVector b = FloatVector.fromArray(S, bias, 0);
            FloatVector al = FloatVector.fromArray(S, alpha, 0);
            int q = residualOff + (d0 - outOff);
            FloatVector v0 = c0.add(b).add(FloatVector.fromArray(S, residual, q));
            FloatVector v1 = c1.add(b).add(FloatVector.fromArray(S, residual, q + L));
            FloatVector v2 = c2.add(b).add(FloatVector.fromArray(S, residual, q + 2 * L));
            FloatVector v3 = c3.add(b).add(FloatVector.fromArray(S, residual, q + 3 * L));
            FloatVector v4 = c4.add(b).add(FloatVector.fromArray(S, residual, q + 4 * L));
            FloatVector v5 = c5.add(b).add(FloatVector.fromArray(S, residual, q + 5 * L));
            FloatVector v6 = c6.add(b).add(FloatVector.fromArray(S, residual, q + 6 * L));
            FloatVector v7 = c7.add(b).add(FloatVector.fromArray(S, residual, q + 7 * L));
            v0.blend(v0.mul(al), v0.lt(0f)).intoArray(dst, d0);
            v1.blend(v1.mul(al), v1.lt(0f)).intoArray(dst, d0 + L);
            v2.blend(v2.mul(al), v2.lt(0f)).intoArray(dst, d0 + 2 * L);
            v3.blend(v3.mul(al), v3.lt(0f)).intoArray(dst, d0 + 3 * L);
            v4.blend(v4.mul(al), v4.lt(0f)).intoArray(dst, d0 + 4 * L);
            v5.blend(v5.mul(al), v5.lt(0f)).intoArray(dst, d0 + 5 * L);
            v6.blend(v6.mul(al), v6.lt(0f)).intoArray(dst, d0 + 6 * L);
            v7.blend(v7.mul(al), v7.lt(0f)).intoArray(dst, d0 + 7 * L);
        } else {
            c0.intoArray(dst, d0);
            c1.intoArray(dst, d0 + L);
            c2.intoArray(dst, d0 + 2 * L);
            c3.intoArray(dst, d0 + 3 * L);
            c4.intoArray(dst, d0 + 4 * L);
            c5.intoArray(dst, d0 + 5 * L);
            c6.intoArray(dst, d0 + 6 * L);
            c7.intoArray(dst, d0 + 7 * L);
        }
    }

    /**
     * 8 pixels x 2 vectors for K == O == 2L with rows of A packed (the 32 -> 32 convolutions): constant
     * displacements as in {@link #tile8x1Square}, and sixteen accumulators, twice the four-cycle latency of
     * the two FMA ports, where the 4x2 tile has just enough. A probe of the 48x48 product: 4x2 132,
     * 4x2 with constant K 144, this tile 163 GFLOP/s (JDK 25).
     */
    private void tile8x2Square(float[] a, int a0, float[] dst, int d0) {
        final int kk2 = 2 * L;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        int bi = packedOff;
        for (int kk = 0; kk < kk2; kk++, bi += 2 * L) {
            FloatVector w0 = FloatVector.fromArray(S, packed, bi);
            FloatVector w1 = FloatVector.fromArray(S, packed, bi + L);
            int p = a0 + kk;
            FloatVector x = FloatVector.broadcast(S, a[p]);
            c00 = FMA ? w0.fma(x, c00) : c00.add(w0.mul(x));
            c01 = FMA ? w1.fma(x, c01) : c01.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + kk2]);
            c10 = FMA ? w0.fma(x, c10) : c10.add(w0.mul(x));
            c11 = FMA ? w1.fma(x, c11) : c11.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 2 * kk2]);
            c20 = FMA ? w0.fma(x, c20) : c20.add(w0.mul(x));
            c21 = FMA ? w1.fma(x, c21) : c21.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 3 * kk2]);
            c30 = FMA ? w0.fma(x, c30) : c30.add(w0.mul(x));
            c31 = FMA ? w1.fma(x, c31) : c31.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 4 * kk2]);
            c40 = FMA ? w0.fma(x, c40) : c40.add(w0.mul(x));
            c41 = FMA ? w1.fma(x, c41) : c41.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 5 * kk2]);
            c50 = FMA ? w0.fma(x, c50) : c50.add(w0.mul(x));
            c51 = FMA ? w1.fma(x, c51) : c51.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 6 * kk2]);
            c60 = FMA ? w0.fma(x, c60) : c60.add(w0.mul(x));
            c61 = FMA ? w1.fma(x, c61) : c61.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 7 * kk2]);
            c70 = FMA ? w0.fma(x, c70) : c70.add(w0.mul(x));
            c71 = FMA ? w1.fma(x, c71) : c71.add(w1.mul(x));
        }
        if (residualPrelu) { // as in tile8x1Square
            FloatVector b0 = FloatVector.fromArray(S, bias, 0);
            FloatVector b1 = FloatVector.fromArray(S, bias, L);
            FloatVector al0 = FloatVector.fromArray(S, alpha, 0);
            FloatVector al1 = FloatVector.fromArray(S, alpha, L);
            int q = residualOff + (d0 - outOff);
            FloatVector v00 = c00.add(b0).add(FloatVector.fromArray(S, residual, q));
            v00.blend(v00.mul(al0), v00.lt(0f)).intoArray(dst, d0);
            FloatVector v01 = c01.add(b1).add(FloatVector.fromArray(S, residual, q + L));
            v01.blend(v01.mul(al1), v01.lt(0f)).intoArray(dst, d0 + L);
            FloatVector v10 = c10.add(b0).add(FloatVector.fromArray(S, residual, q + kk2));
            v10.blend(v10.mul(al0), v10.lt(0f)).intoArray(dst, d0 + kk2);
            FloatVector v11 = c11.add(b1).add(FloatVector.fromArray(S, residual, q + kk2 + L));
            v11.blend(v11.mul(al1), v11.lt(0f)).intoArray(dst, d0 + kk2 + L);
            FloatVector v20 = c20.add(b0).add(FloatVector.fromArray(S, residual, q + 2 * kk2));
            v20.blend(v20.mul(al0), v20.lt(0f)).intoArray(dst, d0 + 2 * kk2);
            FloatVector v21 = c21.add(b1).add(FloatVector.fromArray(S, residual, q + 2 * kk2 + L));
            v21.blend(v21.mul(al1), v21.lt(0f)).intoArray(dst, d0 + 2 * kk2 + L);
            FloatVector v30 = c30.add(b0).add(FloatVector.fromArray(S, residual, q + 3 * kk2));
            v30.blend(v30.mul(al0), v30.lt(0f)).intoArray(dst, d0 + 3 * kk2);
            FloatVector v31 = c31.add(b1).add(FloatVector.fromArray(S, residual, q + 3 * kk2 + L));
            v31.blend(v31.mul(al1), v31.lt(0f)).intoArray(dst, d0 + 3 * kk2 + L);
            FloatVector v40 = c40.add(b0).add(FloatVector.fromArray(S, residual, q + 4 * kk2));
            v40.blend(v40.mul(al0), v40.lt(0f)).intoArray(dst, d0 + 4 * kk2);
            FloatVector v41 = c41.add(b1).add(FloatVector.fromArray(S, residual, q + 4 * kk2 + L));
            v41.blend(v41.mul(al1), v41.lt(0f)).intoArray(dst, d0 + 4 * kk2 + L);
            FloatVector v50 = c50.add(b0).add(FloatVector.fromArray(S, residual, q + 5 * kk2));
            v50.blend(v50.mul(al0), v50.lt(0f)).intoArray(dst, d0 + 5 * kk2);
            FloatVector v51 = c51.add(b1).add(FloatVector.fromArray(S, residual, q + 5 * kk2 + L));
            v51.blend(v51.mul(al1), v51.lt(0f)).intoArray(dst, d0 + 5 * kk2 + L);
            FloatVector v60 = c60.add(b0).add(FloatVector.fromArray(S, residual, q + 6 * kk2));
            v60.blend(v60.mul(al0), v60.lt(0f)).intoArray(dst, d0 + 6 * kk2);
            FloatVector v61 = c61.add(b1).add(FloatVector.fromArray(S, residual, q + 6 * kk2 + L));
            v61.blend(v61.mul(al1), v61.lt(0f)).intoArray(dst, d0 + 6 * kk2 + L);
            FloatVector v70 = c70.add(b0).add(FloatVector.fromArray(S, residual, q + 7 * kk2));
            v70.blend(v70.mul(al0), v70.lt(0f)).intoArray(dst, d0 + 7 * kk2);
            FloatVector v71 = c71.add(b1).add(FloatVector.fromArray(S, residual, q + 7 * kk2 + L));
            v71.blend(v71.mul(al1), v71.lt(0f)).intoArray(dst, d0 + 7 * kk2 + L);
        } else {
            c00.intoArray(dst, d0);
            c01.intoArray(dst, d0 + L);
            c10.intoArray(dst, d0 + kk2);
            c11.intoArray(dst, d0 + kk2 + L);
            c20.intoArray(dst, d0 + 2 * kk2);
            c21.intoArray(dst, d0 + 2 * kk2 + L);
            c30.intoArray(dst, d0 + 3 * kk2);
            c31.intoArray(dst, d0 + 3 * kk2 + L);
            c40.intoArray(dst, d0 + 4 * kk2);
            c41.intoArray(dst, d0 + 4 * kk2 + L);
            c50.intoArray(dst, d0 + 5 * kk2);
            c51.intoArray(dst, d0 + 5 * kk2 + L);
            c60.intoArray(dst, d0 + 6 * kk2);
            c61.intoArray(dst, d0 + 6 * kk2 + L);
            c70.intoArray(dst, d0 + 7 * kk2);
            c71.intoArray(dst, d0 + 7 * kk2 + L);
        }
    }

    /**
     * 8 pixels x 2 vectors (O == 2L) for any K and row stride: sixteen accumulators instead of the 4x2
     * tile's eight. Probe (48x48, JDK 25): K = 32 130 -> 148 GFLOP/s, K = 16 110 -> 124.
     */
    private void tile8x2(float[] a, int a0, int lda, float[] dst, int d0) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        int bi = packedOff;
        for (int kk = 0; kk < k; kk++, bi += 2 * L) {
            FloatVector w0 = FloatVector.fromArray(S, packed, bi);
            FloatVector w1 = FloatVector.fromArray(S, packed, bi + L);
            int p = a0 + kk;
            FloatVector x = FloatVector.broadcast(S, a[p]);
            c00 = FMA ? w0.fma(x, c00) : c00.add(w0.mul(x));
            c01 = FMA ? w1.fma(x, c01) : c01.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + lda]);
            c10 = FMA ? w0.fma(x, c10) : c10.add(w0.mul(x));
            c11 = FMA ? w1.fma(x, c11) : c11.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 2 * lda]);
            c20 = FMA ? w0.fma(x, c20) : c20.add(w0.mul(x));
            c21 = FMA ? w1.fma(x, c21) : c21.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 3 * lda]);
            c30 = FMA ? w0.fma(x, c30) : c30.add(w0.mul(x));
            c31 = FMA ? w1.fma(x, c31) : c31.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 4 * lda]);
            c40 = FMA ? w0.fma(x, c40) : c40.add(w0.mul(x));
            c41 = FMA ? w1.fma(x, c41) : c41.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 5 * lda]);
            c50 = FMA ? w0.fma(x, c50) : c50.add(w0.mul(x));
            c51 = FMA ? w1.fma(x, c51) : c51.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 6 * lda]);
            c60 = FMA ? w0.fma(x, c60) : c60.add(w0.mul(x));
            c61 = FMA ? w1.fma(x, c61) : c61.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 7 * lda]);
            c70 = FMA ? w0.fma(x, c70) : c70.add(w0.mul(x));
            c71 = FMA ? w1.fma(x, c71) : c71.add(w1.mul(x));
        }
        c00.intoArray(dst, d0);
        c01.intoArray(dst, d0 + L);
        c10.intoArray(dst, d0 + outC);
        c11.intoArray(dst, d0 + outC + L);
        c20.intoArray(dst, d0 + 2 * outC);
        c21.intoArray(dst, d0 + 2 * outC + L);
        c30.intoArray(dst, d0 + 3 * outC);
        c31.intoArray(dst, d0 + 3 * outC + L);
        c40.intoArray(dst, d0 + 4 * outC);
        c41.intoArray(dst, d0 + 4 * outC + L);
        c50.intoArray(dst, d0 + 5 * outC);
        c51.intoArray(dst, d0 + 5 * outC + L);
        c60.intoArray(dst, d0 + 6 * outC);
        c61.intoArray(dst, d0 + 6 * outC + L);
        c70.intoArray(dst, d0 + 7 * outC);
        c71.intoArray(dst, d0 + 7 * outC + L);
    }

    /**
     * {@link #tile8x2} for K == L with rows of A packed (the 16 -> 32 convolution at 48x48): the trip count
     * and row stride constants, as in {@link #tile8x2Square}.
     */
    private void tile8x2Narrow(float[] a, int a0, float[] dst, int d0) {
        final int lda = L;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        int bi = packedOff;
        for (int kk = 0; kk < L; kk++, bi += 2 * L) {
            FloatVector w0 = FloatVector.fromArray(S, packed, bi);
            FloatVector w1 = FloatVector.fromArray(S, packed, bi + L);
            int p = a0 + kk;
            FloatVector x = FloatVector.broadcast(S, a[p]);
            c00 = FMA ? w0.fma(x, c00) : c00.add(w0.mul(x));
            c01 = FMA ? w1.fma(x, c01) : c01.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + lda]);
            c10 = FMA ? w0.fma(x, c10) : c10.add(w0.mul(x));
            c11 = FMA ? w1.fma(x, c11) : c11.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 2 * lda]);
            c20 = FMA ? w0.fma(x, c20) : c20.add(w0.mul(x));
            c21 = FMA ? w1.fma(x, c21) : c21.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 3 * lda]);
            c30 = FMA ? w0.fma(x, c30) : c30.add(w0.mul(x));
            c31 = FMA ? w1.fma(x, c31) : c31.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 4 * lda]);
            c40 = FMA ? w0.fma(x, c40) : c40.add(w0.mul(x));
            c41 = FMA ? w1.fma(x, c41) : c41.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 5 * lda]);
            c50 = FMA ? w0.fma(x, c50) : c50.add(w0.mul(x));
            c51 = FMA ? w1.fma(x, c51) : c51.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 6 * lda]);
            c60 = FMA ? w0.fma(x, c60) : c60.add(w0.mul(x));
            c61 = FMA ? w1.fma(x, c61) : c61.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[p + 7 * lda]);
            c70 = FMA ? w0.fma(x, c70) : c70.add(w0.mul(x));
            c71 = FMA ? w1.fma(x, c71) : c71.add(w1.mul(x));
        }
        c00.intoArray(dst, d0);
        c01.intoArray(dst, d0 + L);
        c10.intoArray(dst, d0 + (2 * L));
        c11.intoArray(dst, d0 + (2 * L) + L);
        c20.intoArray(dst, d0 + 2 * (2 * L));
        c21.intoArray(dst, d0 + 2 * (2 * L) + L);
        c30.intoArray(dst, d0 + 3 * (2 * L));
        c31.intoArray(dst, d0 + 3 * (2 * L) + L);
        c40.intoArray(dst, d0 + 4 * (2 * L));
        c41.intoArray(dst, d0 + 4 * (2 * L) + L);
        c50.intoArray(dst, d0 + 5 * (2 * L));
        c51.intoArray(dst, d0 + 5 * (2 * L) + L);
        c60.intoArray(dst, d0 + 6 * (2 * L));
        c61.intoArray(dst, d0 + 6 * (2 * L) + L);
        c70.intoArray(dst, d0 + 7 * (2 * L));
        c71.intoArray(dst, d0 + 7 * (2 * L) + L);
    }

    private void gathered8x1(float[] x, int x0, int xStep, int[] taps, float[] dst, int d0) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        FloatVector c6 = c0;
        FloatVector c7 = c0;
        int bi = packedOff;
        for (int kk = 0; kk < k; kk++, bi += L) {
            FloatVector w = FloatVector.fromArray(S, packed, bi);
            int t = x0 + taps[kk];
            c0 = FMA ? w.fma(FloatVector.broadcast(S, x[t]), c0) : c0.add(w.mul(FloatVector.broadcast(S, x[t])));
            c1 = FMA ? w.fma(FloatVector.broadcast(S, x[t + xStep]), c1) : c1.add(w.mul(FloatVector.broadcast(S, x[t + xStep])));
            c2 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 2 * xStep]), c2) : c2.add(w.mul(FloatVector.broadcast(S, x[t + 2 * xStep])));
            c3 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 3 * xStep]), c3) : c3.add(w.mul(FloatVector.broadcast(S, x[t + 3 * xStep])));
            c4 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 4 * xStep]), c4) : c4.add(w.mul(FloatVector.broadcast(S, x[t + 4 * xStep])));
            c5 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 5 * xStep]), c5) : c5.add(w.mul(FloatVector.broadcast(S, x[t + 5 * xStep])));
            c6 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 6 * xStep]), c6) : c6.add(w.mul(FloatVector.broadcast(S, x[t + 6 * xStep])));
            c7 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 7 * xStep]), c7) : c7.add(w.mul(FloatVector.broadcast(S, x[t + 7 * xStep])));
        }
        c0.intoArray(dst, d0);
        c1.intoArray(dst, d0 + L);
        c2.intoArray(dst, d0 + 2 * L);
        c3.intoArray(dst, d0 + 3 * L);
        c4.intoArray(dst, d0 + 4 * L);
        c5.intoArray(dst, d0 + 5 * L);
        c6.intoArray(dst, d0 + 6 * L);
        c7.intoArray(dst, d0 + 7 * L);
    }

    private void gathered4x1(float[] x, int x0, int xStep, int[] taps, int bOff, int stride, float[] dst, int d0,
            int ds) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        int x1 = x0 + xStep;
        int x2 = x1 + xStep;
        int x3 = x2 + xStep;
        int bi = bOff;
        for (int kk = 0; kk < k; kk++, bi += stride) {
            FloatVector w0 = FloatVector.fromArray(S, packed, bi);
            int t = taps[kk];
            c0 = FMA ? w0.fma(FloatVector.broadcast(S, x[x0 + t]), c0) : c0.add(w0.mul(FloatVector.broadcast(S, x[x0 + t])));
            c1 = FMA ? w0.fma(FloatVector.broadcast(S, x[x1 + t]), c1) : c1.add(w0.mul(FloatVector.broadcast(S, x[x1 + t])));
            c2 = FMA ? w0.fma(FloatVector.broadcast(S, x[x2 + t]), c2) : c2.add(w0.mul(FloatVector.broadcast(S, x[x2 + t])));
            c3 = FMA ? w0.fma(FloatVector.broadcast(S, x[x3 + t]), c3) : c3.add(w0.mul(FloatVector.broadcast(S, x[x3 + t])));
        }
        c0.intoArray(dst, d0);
        c1.intoArray(dst, d0 + ds);
        c2.intoArray(dst, d0 + 2 * ds);
        c3.intoArray(dst, d0 + 3 * ds);
    }

    /**
     * 16 pixels x 1 vector with the window step a constant (stride 2 over 3 channels: the first convolution
     * of the face models): the sixteen loads of a tap then differ by constants, so C2 merges their range
     * checks into two and addresses them from one register instead of sixteen offsets, and sixteen
     * accumulators leave the FMA ports slack. The first convolution alone ({@code KernelTimes CONV_2D}), JDK
     * 25 / 17: 111 / 115 µs with {@link #gathered8x1} throughout, 80 / 91 with this tile in front of it.
     */
    private void gathered16x1Rgb(float[] x, int x0, int[] taps, float[] dst, int d0) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        FloatVector c6 = c0;
        FloatVector c7 = c0;
        FloatVector c8 = c0;
        FloatVector c9 = c0;
        FloatVector c10 = c0;
        FloatVector c11 = c0;
        FloatVector c12 = c0;
        FloatVector c13 = c0;
        FloatVector c14 = c0;
        FloatVector c15 = c0;
        final int xs = RGB_STRIDE2;
        int bi = packedOff;
        for (int kk = 0; kk < k; kk++, bi += L) {
            FloatVector w = FloatVector.fromArray(S, packed, bi);
            int t = x0 + taps[kk];
            c0 = FMA ? w.fma(FloatVector.broadcast(S, x[t]), c0) : c0.add(w.mul(FloatVector.broadcast(S, x[t])));
            c1 = FMA ? w.fma(FloatVector.broadcast(S, x[t + xs]), c1) : c1.add(w.mul(FloatVector.broadcast(S, x[t + xs])));
            c2 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 2 * xs]), c2) : c2.add(w.mul(FloatVector.broadcast(S, x[t + 2 * xs])));
            c3 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 3 * xs]), c3) : c3.add(w.mul(FloatVector.broadcast(S, x[t + 3 * xs])));
            c4 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 4 * xs]), c4) : c4.add(w.mul(FloatVector.broadcast(S, x[t + 4 * xs])));
            c5 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 5 * xs]), c5) : c5.add(w.mul(FloatVector.broadcast(S, x[t + 5 * xs])));
            c6 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 6 * xs]), c6) : c6.add(w.mul(FloatVector.broadcast(S, x[t + 6 * xs])));
            c7 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 7 * xs]), c7) : c7.add(w.mul(FloatVector.broadcast(S, x[t + 7 * xs])));
            c8 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 8 * xs]), c8) : c8.add(w.mul(FloatVector.broadcast(S, x[t + 8 * xs])));
            c9 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 9 * xs]), c9) : c9.add(w.mul(FloatVector.broadcast(S, x[t + 9 * xs])));
            c10 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 10 * xs]), c10) : c10.add(w.mul(FloatVector.broadcast(S, x[t + 10 * xs])));
            c11 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 11 * xs]), c11) : c11.add(w.mul(FloatVector.broadcast(S, x[t + 11 * xs])));
            c12 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 12 * xs]), c12) : c12.add(w.mul(FloatVector.broadcast(S, x[t + 12 * xs])));
            c13 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 13 * xs]), c13) : c13.add(w.mul(FloatVector.broadcast(S, x[t + 13 * xs])));
            c14 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 14 * xs]), c14) : c14.add(w.mul(FloatVector.broadcast(S, x[t + 14 * xs])));
            c15 = FMA ? w.fma(FloatVector.broadcast(S, x[t + 15 * xs]), c15) : c15.add(w.mul(FloatVector.broadcast(S, x[t + 15 * xs])));
        }
        c0.intoArray(dst, d0);
        c1.intoArray(dst, d0 + L);
        c2.intoArray(dst, d0 + 2 * L);
        c3.intoArray(dst, d0 + 3 * L);
        c4.intoArray(dst, d0 + 4 * L);
        c5.intoArray(dst, d0 + 5 * L);
        c6.intoArray(dst, d0 + 6 * L);
        c7.intoArray(dst, d0 + 7 * L);
        c8.intoArray(dst, d0 + 8 * L);
        c9.intoArray(dst, d0 + 9 * L);
        c10.intoArray(dst, d0 + 10 * L);
        c11.intoArray(dst, d0 + 11 * L);
        c12.intoArray(dst, d0 + 12 * L);
        c13.intoArray(dst, d0 + 13 * L);
        c14.intoArray(dst, d0 + 14 * L);
        c15.intoArray(dst, d0 + 15 * L);
    }

    /** One pixel x 4 vectors (the head convolutions: one output pixel, many channels). */
    private void gathered1x4(float[] x, int x0, int[] taps, int bOff, float[] dst, int d0) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        int bi = bOff;
        for (int kk = 0; kk < k; kk++, bi += 4 * L) {
            FloatVector xv = FloatVector.broadcast(S, x[x0 + taps[kk]]);
            c0 = FMA ? FloatVector.fromArray(S, packed, bi).fma(xv, c0) : c0.add(FloatVector.fromArray(S, packed, bi).mul(xv));
            c1 = FMA ? FloatVector.fromArray(S, packed, bi + L).fma(xv, c1) : c1.add(FloatVector.fromArray(S, packed, bi + L).mul(xv));
            c2 = FMA ? FloatVector.fromArray(S, packed, bi + 2 * L).fma(xv, c2) : c2.add(FloatVector.fromArray(S, packed, bi + 2 * L).mul(xv));
            c3 = FMA ? FloatVector.fromArray(S, packed, bi + 3 * L).fma(xv, c3) : c3.add(FloatVector.fromArray(S, packed, bi + 3 * L).mul(xv));
        }
        c0.intoArray(dst, d0);
        c1.intoArray(dst, d0 + L);
        c2.intoArray(dst, d0 + 2 * L);
        c3.intoArray(dst, d0 + 3 * L);
    }

    private void gathered1x1(float[] x, int x0, int[] taps, int bOff, int stride, float[] dst, int d0) {
        FloatVector c = FloatVector.zero(S);
        int bi = bOff;
        for (int kk = 0; kk < k; kk++, bi += stride) {
            c = FMA ? FloatVector.fromArray(S, packed, bi).fma(FloatVector.broadcast(S, x[x0 + taps[kk]]), c) : c.add(FloatVector.fromArray(S, packed, bi).mul(FloatVector.broadcast(S, x[x0 + taps[kk]])));
        }
        c.intoArray(dst, d0);
    }

    /**
     * {@link #tiles} for a product with half-float blocks: 4 rows at a time, then single rows; blocks of
     * floats (a last block of one vector) take the float tiles.
     */
    private void halfTiles(float[] a, int aOff, int lda, int r0, int r1, int pix0, float[] tile, int tileOff, int b0,
            int b1) {
        for (int b = b0; b < b1; b++) {
            int width = blockWidth[b];
            int bOff = blockOff[b];
            boolean direct = !(partialBlock && b == blockStart.length - 1);
            float[] dst = direct ? out : tile;
            int ds = direct ? outC : width * L;
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                int d0 = direct ? outOff + (pix0 + r) * outC + blockStart[b] * L : tileOff;
                if (!halfBlock[b]) {
                    tile4x1(a, aOff + r * lda, lda, bOff, dst, d0, ds);
                } else if (width == 4) {
                    tile4x4Half(a, aOff + r * lda, lda, bOff, dst, d0, ds);
                } else {
                    tile4x2Half(a, aOff + r * lda, lda, bOff, dst, d0, ds);
                }
                if (!direct) {
                    copyPartial(tile, tileOff, ds, 4, pix0 + r, blockStart[b] * L);
                }
            }
            for (; r < r1; r++) {
                int d0 = direct ? outOff + (pix0 + r) * outC + blockStart[b] * L : tileOff;
                if (!halfBlock[b]) {
                    tile1x1(a, aOff + r * lda, bOff, L, dst, d0);
                } else if (width == 4) {
                    tile1x4Half(a, aOff + r * lda, bOff, dst, d0);
                } else {
                    tile1x2Half(a, aOff + r * lda, bOff, dst, d0);
                }
                if (!direct) {
                    copyPartial(tile, tileOff, ds, 1, pix0 + r, blockStart[b] * L);
                }
            }
        }
    }

    /** {@link #gatheredTiles} for a product with half-float blocks, one row at a time. */
    private void halfGatheredTiles(float[] x, int x0, int xStep, int[] taps, int rows, int pix0, float[] tile,
            int tileOff, int b0, int b1) {
        for (int b = b0; b < b1; b++) {
            int width = blockWidth[b];
            int bOff = blockOff[b];
            boolean direct = !(partialBlock && b == blockStart.length - 1);
            float[] dst = direct ? out : tile;
            for (int r = 0; r < rows; r++) {
                int d0 = direct ? outOff + (pix0 + r) * outC + blockStart[b] * L : tileOff;
                if (!halfBlock[b]) {
                    gathered1x1(x, x0 + r * xStep, taps, bOff, L, dst, d0);
                } else if (width == 4) {
                    gathered1x4Half(x, x0 + r * xStep, taps, bOff, dst, d0);
                } else {
                    gathered1x2Half(x, x0 + r * xStep, taps, bOff, dst, d0);
                }
                if (!direct) {
                    copyPartial(tile, tileOff, width * L, 1, pix0 + r, blockStart[b] * L);
                }
            }
        }
    }

    /** {@link #tile4x4} reading half-float pairs: vectors 0 and 1, then 2 and 3, of each k step. */
    private void tile4x4Half(float[] a, int a0, int lda, int bOff, float[] dst, int d0, int ds) {
        float hs = halfScale;
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
        for (int kk = 0; kk < k; kk++, bi += 2 * L) {
            IntVector p01 = FloatVector.fromArray(S, packed, bi).reinterpretAsInts();
            IntVector p23 = FloatVector.fromArray(S, packed, bi + L).reinterpretAsInts();
            FloatVector w0 = p01.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK)
                    .reinterpretAsFloats().mul(hs);
            FloatVector w1 = p01.lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK).reinterpretAsFloats().mul(hs);
            FloatVector w2 = p23.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK)
                    .reinterpretAsFloats().mul(hs);
            FloatVector w3 = p23.lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK).reinterpretAsFloats().mul(hs);
            FloatVector x = FloatVector.broadcast(S, a[a0 + kk]);
            c00 = FMA ? w0.fma(x, c00) : c00.add(w0.mul(x));
            c01 = FMA ? w1.fma(x, c01) : c01.add(w1.mul(x));
            c02 = FMA ? w2.fma(x, c02) : c02.add(w2.mul(x));
            c03 = FMA ? w3.fma(x, c03) : c03.add(w3.mul(x));
            x = FloatVector.broadcast(S, a[a1 + kk]);
            c10 = FMA ? w0.fma(x, c10) : c10.add(w0.mul(x));
            c11 = FMA ? w1.fma(x, c11) : c11.add(w1.mul(x));
            c12 = FMA ? w2.fma(x, c12) : c12.add(w2.mul(x));
            c13 = FMA ? w3.fma(x, c13) : c13.add(w3.mul(x));
            x = FloatVector.broadcast(S, a[a2 + kk]);
            c20 = FMA ? w0.fma(x, c20) : c20.add(w0.mul(x));
            c21 = FMA ? w1.fma(x, c21) : c21.add(w1.mul(x));
            c22 = FMA ? w2.fma(x, c22) : c22.add(w2.mul(x));
            c23 = FMA ? w3.fma(x, c23) : c23.add(w3.mul(x));
            x = FloatVector.broadcast(S, a[a3 + kk]);
            c30 = FMA ? w0.fma(x, c30) : c30.add(w0.mul(x));
            c31 = FMA ? w1.fma(x, c31) : c31.add(w1.mul(x));
            c32 = FMA ? w2.fma(x, c32) : c32.add(w2.mul(x));
            c33 = FMA ? w3.fma(x, c33) : c33.add(w3.mul(x));
        }
        c00.intoArray(dst, d0);
        c01.intoArray(dst, d0 + L);
        c02.intoArray(dst, d0 + 2 * L);
        c03.intoArray(dst, d0 + 3 * L);
        c10.intoArray(dst, d0 + ds);
        c11.intoArray(dst, d0 + ds + L);
        c12.intoArray(dst, d0 + ds + 2 * L);
        c13.intoArray(dst, d0 + ds + 3 * L);
        c20.intoArray(dst, d0 + 2 * ds);
        c21.intoArray(dst, d0 + 2 * ds + L);
        c22.intoArray(dst, d0 + 2 * ds + 2 * L);
        c23.intoArray(dst, d0 + 2 * ds + 3 * L);
        c30.intoArray(dst, d0 + 3 * ds);
        c31.intoArray(dst, d0 + 3 * ds + L);
        c32.intoArray(dst, d0 + 3 * ds + 2 * L);
        c33.intoArray(dst, d0 + 3 * ds + 3 * L);
    }

    /** {@link #tile4x2} reading half-float pairs. */
    private void tile4x2Half(float[] a, int a0, int lda, int bOff, float[] dst, int d0, int ds) {
        float hs = halfScale;
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
        for (int kk = 0; kk < k; kk++, bi += L) {
            IntVector p01 = FloatVector.fromArray(S, packed, bi).reinterpretAsInts();
            FloatVector w0 = p01.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK)
                    .reinterpretAsFloats().mul(hs);
            FloatVector w1 = p01.lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK).reinterpretAsFloats().mul(hs);
            FloatVector x = FloatVector.broadcast(S, a[a0 + kk]);
            c00 = FMA ? w0.fma(x, c00) : c00.add(w0.mul(x));
            c01 = FMA ? w1.fma(x, c01) : c01.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[a1 + kk]);
            c10 = FMA ? w0.fma(x, c10) : c10.add(w0.mul(x));
            c11 = FMA ? w1.fma(x, c11) : c11.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[a2 + kk]);
            c20 = FMA ? w0.fma(x, c20) : c20.add(w0.mul(x));
            c21 = FMA ? w1.fma(x, c21) : c21.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[a3 + kk]);
            c30 = FMA ? w0.fma(x, c30) : c30.add(w0.mul(x));
            c31 = FMA ? w1.fma(x, c31) : c31.add(w1.mul(x));
        }
        c00.intoArray(dst, d0);
        c01.intoArray(dst, d0 + L);
        c10.intoArray(dst, d0 + ds);
        c11.intoArray(dst, d0 + ds + L);
        c20.intoArray(dst, d0 + 2 * ds);
        c21.intoArray(dst, d0 + 2 * ds + L);
        c30.intoArray(dst, d0 + 3 * ds);
        c31.intoArray(dst, d0 + 3 * ds + L);
    }

    /** {@link #tile1x4} reading half-float pairs. */
    private void tile1x4Half(float[] a, int a0, int bOff, float[] dst, int d0) {
        float hs = halfScale;
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        int bi = bOff;
        for (int kk = 0; kk < k; kk++, bi += 2 * L) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + kk]);
            IntVector p01 = FloatVector.fromArray(S, packed, bi).reinterpretAsInts();
            IntVector p23 = FloatVector.fromArray(S, packed, bi + L).reinterpretAsInts();
            FloatVector w0 = p01.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK)
                    .reinterpretAsFloats().mul(hs);
            FloatVector w1 = p01.lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK).reinterpretAsFloats().mul(hs);
            FloatVector w2 = p23.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK)
                    .reinterpretAsFloats().mul(hs);
            FloatVector w3 = p23.lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK).reinterpretAsFloats().mul(hs);
            c0 = FMA ? w0.fma(x, c0) : c0.add(w0.mul(x));
            c1 = FMA ? w1.fma(x, c1) : c1.add(w1.mul(x));
            c2 = FMA ? w2.fma(x, c2) : c2.add(w2.mul(x));
            c3 = FMA ? w3.fma(x, c3) : c3.add(w3.mul(x));
        }
        c0.intoArray(dst, d0);
        c1.intoArray(dst, d0 + L);
        c2.intoArray(dst, d0 + 2 * L);
        c3.intoArray(dst, d0 + 3 * L);
    }

    /** One pixel x 2 vectors from half-float pairs. */
    private void tile1x2Half(float[] a, int a0, int bOff, float[] dst, int d0) {
        float hs = halfScale;
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        int bi = bOff;
        for (int kk = 0; kk < k; kk++, bi += L) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + kk]);
            IntVector p01 = FloatVector.fromArray(S, packed, bi).reinterpretAsInts();
            FloatVector w0 = p01.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK)
                    .reinterpretAsFloats().mul(hs);
            FloatVector w1 = p01.lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK).reinterpretAsFloats().mul(hs);
            c0 = FMA ? w0.fma(x, c0) : c0.add(w0.mul(x));
            c1 = FMA ? w1.fma(x, c1) : c1.add(w1.mul(x));
        }
        c0.intoArray(dst, d0);
        c1.intoArray(dst, d0 + L);
    }

    /** {@link #gathered1x4} reading half-float pairs (the mesh head: 1404 channels from 1.6 MB of floats). */
    private void gathered1x4Half(float[] x, int x0, int[] taps, int bOff, float[] dst, int d0) {
        float hs = halfScale;
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        int bi = bOff;
        for (int kk = 0; kk < k; kk++, bi += 2 * L) {
            FloatVector xv = FloatVector.broadcast(S, x[x0 + taps[kk]]);
            IntVector p01 = FloatVector.fromArray(S, packed, bi).reinterpretAsInts();
            IntVector p23 = FloatVector.fromArray(S, packed, bi + L).reinterpretAsInts();
            FloatVector w0 = p01.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK)
                    .reinterpretAsFloats().mul(hs);
            FloatVector w1 = p01.lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK).reinterpretAsFloats().mul(hs);
            FloatVector w2 = p23.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK)
                    .reinterpretAsFloats().mul(hs);
            FloatVector w3 = p23.lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK).reinterpretAsFloats().mul(hs);
            c0 = FMA ? w0.fma(xv, c0) : c0.add(w0.mul(xv));
            c1 = FMA ? w1.fma(xv, c1) : c1.add(w1.mul(xv));
            c2 = FMA ? w2.fma(xv, c2) : c2.add(w2.mul(xv));
            c3 = FMA ? w3.fma(xv, c3) : c3.add(w3.mul(xv));
        }
        c0.intoArray(dst, d0);
        c1.intoArray(dst, d0 + L);
        c2.intoArray(dst, d0 + 2 * L);
        c3.intoArray(dst, d0 + 3 * L);
    }

    /** One gathered pixel x 2 vectors from half-float pairs. */
    private void gathered1x2Half(float[] x, int x0, int[] taps, int bOff, float[] dst, int d0) {
        float hs = halfScale;
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        int bi = bOff;
        for (int kk = 0; kk < k; kk++, bi += L) {
            FloatVector xv = FloatVector.broadcast(S, x[x0 + taps[kk]]);
            IntVector p01 = FloatVector.fromArray(S, packed, bi).reinterpretAsInts();
            FloatVector w0 = p01.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK)
                    .reinterpretAsFloats().mul(hs);
            FloatVector w1 = p01.lanewise(VectorOperators.ASHR, 3).and(HalfWeights.FIELD_MASK).reinterpretAsFloats().mul(hs);
            c0 = FMA ? w0.fma(xv, c0) : c0.add(w0.mul(xv));
            c1 = FMA ? w1.fma(xv, c1) : c1.add(w1.mul(xv));
        }
        c0.intoArray(dst, d0);
        c1.intoArray(dst, d0 + L);
    }

    /** Copies the real channels of a block computed into {@code tile} (rows of {@code stride}) to the output. */
    private void copyPartial(float[] tile, int tileOff, int stride, int rows, int pix, int ch0) {
        for (int i = 0; i < rows; i++) {
            System.arraycopy(tile, tileOff + i * stride, out, outOff + (pix + i) * outC + ch0, outC - ch0);
        }
    }

    /**
     * The epilogue over output channels {@code c0..c1-1} of {@code rows} pixels just written, while they are
     * in L1. One loop per variant, so no vector variable is conditionally reassigned (JDK 17's C2 boxes
     * vectors merged at such points).
     */
    private void epilogue(int pix, int rows, int c0, int c1) {
        if (outC % L == 0 && c0 == 0 && c1 == outC && residualChannels == outC) {
            flatEpilogue(pix, rows);
            return;
        }
        if (!clamps && outC % L == 0 && residualChannels % L == 0 && c0 == 0 && c1 == outC) {
            paddedResidualEpilogue(pix, rows);
            return;
        }
        int base = outOff + pix * outC;
        if (residual == null && alpha == null) {
            for (int p = 0; p < rows; p++) {
                int o = base + p * outC;
                int c = c0;
                for (; c + L <= c1; c += L) {
                    FloatVector.fromArray(S, out, o + c).add(FloatVector.fromArray(S, bias, c)).max(actLo).min(actHi)
                            .intoArray(out, o + c);
                }
                for (; c < c1; c++) {
                    out[o + c] = Math.min(Math.max(out[o + c] + bias[c], actLo), actHi);
                }
            }
        } else if (residual == null) {
            for (int p = 0; p < rows; p++) {
                int o = base + p * outC;
                int c = c0;
                for (; c + L <= c1; c += L) {
                    FloatVector v = FloatVector.fromArray(S, out, o + c).add(FloatVector.fromArray(S, bias, c))
                            .max(actLo).min(actHi);
                    v.blend(v.mul(FloatVector.fromArray(S, alpha, c)), v.lt(0f)).intoArray(out, o + c);
                }
                for (; c < c1; c++) {
                    float v = Math.min(Math.max(out[o + c] + bias[c], actLo), actHi);
                    out[o + c] = v >= 0f ? v : v * alpha[c];
                }
            }
        } else if (alpha == null) {
            int rc = residualChannels;
            int ro = residualOff + pix * rc;
            FloatVector zero = FloatVector.zero(S);
            for (int p = 0; p < rows; p++) {
                int o = base + p * outC;
                int q = ro + p * rc;
                int c = c0;
                for (int cr = Math.min(c1, rc); c + L <= cr; c += L) {
                    FloatVector.fromArray(S, out, o + c).add(FloatVector.fromArray(S, bias, c)).max(actLo).min(actHi)
                            .add(FloatVector.fromArray(S, residual, q + c)).max(addLo).min(addHi)
                            .intoArray(out, o + c);
                }
                for (; c >= rc && c + L <= c1; c += L) { // a folded PAD's zeros
                    FloatVector.fromArray(S, out, o + c).add(FloatVector.fromArray(S, bias, c)).max(actLo).min(actHi)
                            .add(zero).max(addLo).min(addHi).intoArray(out, o + c);
                }
                for (; c < c1; c++) {
                    float v = Math.min(Math.max(out[o + c] + bias[c], actLo), actHi);
                    out[o + c] = Math.min(Math.max(v + (c < rc ? residual[q + c] : 0f), addLo), addHi);
                }
            }
        } else {
            int rc = residualChannels;
            int ro = residualOff + pix * rc;
            FloatVector zero = FloatVector.zero(S);
            for (int p = 0; p < rows; p++) {
                int o = base + p * outC;
                int q = ro + p * rc;
                int c = c0;
                for (int cr = Math.min(c1, rc); c + L <= cr; c += L) {
                    FloatVector v = FloatVector.fromArray(S, out, o + c).add(FloatVector.fromArray(S, bias, c))
                            .max(actLo).min(actHi).add(FloatVector.fromArray(S, residual, q + c)).max(addLo)
                            .min(addHi);
                    v.blend(v.mul(FloatVector.fromArray(S, alpha, c)), v.lt(0f)).intoArray(out, o + c);
                }
                for (; c >= rc && c + L <= c1; c += L) { // a folded PAD's zeros
                    FloatVector v = FloatVector.fromArray(S, out, o + c).add(FloatVector.fromArray(S, bias, c))
                            .max(actLo).min(actHi).add(zero).max(addLo).min(addHi);
                    v.blend(v.mul(FloatVector.fromArray(S, alpha, c)), v.lt(0f)).intoArray(out, o + c);
                }
                for (; c < c1; c++) {
                    float v = Math.min(Math.max(out[o + c] + bias[c], actLo), actHi);
                    v = Math.min(Math.max(v + (c < rc ? residual[q + c] : 0f), addLo), addHi);
                    out[o + c] = v >= 0f ? v : v * alpha[c];
                }
            }
        }
    }

    /**
     * The epilogue when O is a multiple of L: one flat loop over the rows' contiguous outputs (a nested
     * per-row loop costs more in loop overhead than the arithmetic for 16-channel rows).
     */
    private void flatEpilogue(int pix, int rows) {
        int base = outOff + pix * outC;
        int n = rows * outC;
        if (!clamps) {
            unclampedEpilogue(base, residualOff + pix * outC, n);
            return;
        }
        if (residual == null && alpha == null) {
            for (int i = 0, c = 0; i < n; i += L, c = c + L == outC ? 0 : c + L) {
                FloatVector.fromArray(S, out, base + i).add(FloatVector.fromArray(S, bias, c)).max(actLo).min(actHi)
                        .intoArray(out, base + i);
            }
        } else if (residual == null) {
            for (int i = 0, c = 0; i < n; i += L, c = c + L == outC ? 0 : c + L) {
                FloatVector v = FloatVector.fromArray(S, out, base + i).add(FloatVector.fromArray(S, bias, c))
                        .max(actLo).min(actHi);
                v.blend(v.mul(FloatVector.fromArray(S, alpha, c)), v.lt(0f)).intoArray(out, base + i);
            }
        } else if (alpha == null) {
            int rb = residualOff + pix * outC;
            for (int i = 0, c = 0; i < n; i += L, c = c + L == outC ? 0 : c + L) {
                FloatVector.fromArray(S, out, base + i).add(FloatVector.fromArray(S, bias, c)).max(actLo).min(actHi)
                        .add(FloatVector.fromArray(S, residual, rb + i)).max(addLo).min(addHi)
                        .intoArray(out, base + i);
            }
        } else {
            int rb = residualOff + pix * outC;
            for (int i = 0, c = 0; i < n; i += L, c = c + L == outC ? 0 : c + L) {
                FloatVector v = FloatVector.fromArray(S, out, base + i).add(FloatVector.fromArray(S, bias, c))
                        .max(actLo).min(actHi).add(FloatVector.fromArray(S, residual, rb + i)).max(addLo)
                        .min(addHi);
                v.blend(v.mul(FloatVector.fromArray(S, alpha, c)), v.lt(0f)).intoArray(out, base + i);
            }
        }
    }

    /**
     * The unclamped epilogue with a folded channel PAD's residual ({@link #residualChannels} below O, both
     * whole vectors): per pixel, the residual's channels first, then +0 for the padding, as the ADD of the
     * padded tensor did. The general loop, with its min/max, made the 48x48 convolution 27 -> 54 µs.
     */
    private void paddedResidualEpilogue(int pix, int rows) {
        int rc = residualChannels;
        int base = outOff + pix * outC;
        int n = rows * outC;
        FloatVector zero = FloatVector.zero(S);
        int r = residualOff + pix * rc;
        if (alpha == null) {
            for (int i = 0, c = 0; i < n; i += L, c = c + L == outC ? 0 : c + L) {
                if (c < rc) { // each branch stores: no vector variable is merged (JDK 17 would box it)
                    FloatVector.fromArray(S, out, base + i).add(FloatVector.fromArray(S, bias, c))
                            .add(FloatVector.fromArray(S, residual, r)).intoArray(out, base + i);
                    r += L;
                } else {
                    FloatVector.fromArray(S, out, base + i).add(FloatVector.fromArray(S, bias, c)).add(zero)
                            .intoArray(out, base + i);
                }
            }
            return;
        }
        for (int i = 0, c = 0; i < n; i += L, c = c + L == outC ? 0 : c + L) {
            if (c < rc) { // each branch stores: no vector variable is merged (JDK 17 would box it)
                FloatVector v = FloatVector.fromArray(S, out, base + i).add(FloatVector.fromArray(S, bias, c))
                        .add(FloatVector.fromArray(S, residual, r));
                v.blend(v.mul(FloatVector.fromArray(S, alpha, c)), v.lt(0f)).intoArray(out, base + i);
                r += L;
            } else {
                FloatVector v = FloatVector.fromArray(S, out, base + i).add(FloatVector.fromArray(S, bias, c)).add(zero);
                v.blend(v.mul(FloatVector.fromArray(S, alpha, c)), v.lt(0f)).intoArray(out, base + i);
            }
        }
    }

    /**
     * {@link #flatEpilogue} when no activation clamps (the attention model's case): Java's min/max
     * semantics (NaN, signed zero) cost several instructions per vector on x86, so they are left out here.
     */
    private void unclampedEpilogue(int base, int rb, int n) {
        if (residual == null && alpha == null) {
            for (int i = 0, c = 0; i < n; i += L, c = c + L == outC ? 0 : c + L) {
                FloatVector.fromArray(S, out, base + i).add(FloatVector.fromArray(S, bias, c)).intoArray(out, base + i);
            }
        } else if (residual == null) {
            for (int i = 0, c = 0; i < n; i += L, c = c + L == outC ? 0 : c + L) {
                FloatVector v = FloatVector.fromArray(S, out, base + i).add(FloatVector.fromArray(S, bias, c));
                v.blend(v.mul(FloatVector.fromArray(S, alpha, c)), v.lt(0f)).intoArray(out, base + i);
            }
        } else if (alpha == null) {
            for (int i = 0, c = 0; i < n; i += L, c = c + L == outC ? 0 : c + L) {
                FloatVector.fromArray(S, out, base + i).add(FloatVector.fromArray(S, bias, c))
                        .add(FloatVector.fromArray(S, residual, rb + i)).intoArray(out, base + i);
            }
        } else {
            for (int i = 0, c = 0; i < n; i += L, c = c + L == outC ? 0 : c + L) {
                FloatVector v = FloatVector.fromArray(S, out, base + i).add(FloatVector.fromArray(S, bias, c))
                        .add(FloatVector.fromArray(S, residual, rb + i));
                v.blend(v.mul(FloatVector.fromArray(S, alpha, c)), v.lt(0f)).intoArray(out, base + i);
            }
        }
    }

    /**
     * 6 pixels x 2 vectors of one block ({@code stride}: the block's k step in the packed array) for
     * {@link #SIX_ROW_TILES}; rows of the output are {@code outC} apart.
     */
    private void tile6x2(float[] a, int a0, int lda, int bOff, int stride, float[] dst, int d0) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        int bi = bOff;
        for (int kk = 0; kk < k; kk++, bi += stride) {
            FloatVector w0 = FloatVector.fromArray(S, packed, bi);
            FloatVector w1 = FloatVector.fromArray(S, packed, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + kk]);
            c00 = FMA ? w0.fma(x, c00) : c00.add(w0.mul(x));
            c01 = FMA ? w1.fma(x, c01) : c01.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[a1 + kk]);
            c10 = FMA ? w0.fma(x, c10) : c10.add(w0.mul(x));
            c11 = FMA ? w1.fma(x, c11) : c11.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[a2 + kk]);
            c20 = FMA ? w0.fma(x, c20) : c20.add(w0.mul(x));
            c21 = FMA ? w1.fma(x, c21) : c21.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[a3 + kk]);
            c30 = FMA ? w0.fma(x, c30) : c30.add(w0.mul(x));
            c31 = FMA ? w1.fma(x, c31) : c31.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[a4 + kk]);
            c40 = FMA ? w0.fma(x, c40) : c40.add(w0.mul(x));
            c41 = FMA ? w1.fma(x, c41) : c41.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[a5 + kk]);
            c50 = FMA ? w0.fma(x, c50) : c50.add(w0.mul(x));
            c51 = FMA ? w1.fma(x, c51) : c51.add(w1.mul(x));
        }
        c00.intoArray(dst, d0);
        c01.intoArray(dst, d0 + L);
        c10.intoArray(dst, d0 + outC);
        c11.intoArray(dst, d0 + outC + L);
        c20.intoArray(dst, d0 + 2 * outC);
        c21.intoArray(dst, d0 + 2 * outC + L);
        c30.intoArray(dst, d0 + 3 * outC);
        c31.intoArray(dst, d0 + 3 * outC + L);
        c40.intoArray(dst, d0 + 4 * outC);
        c41.intoArray(dst, d0 + 4 * outC + L);
        c50.intoArray(dst, d0 + 5 * outC);
        c51.intoArray(dst, d0 + 5 * outC + L);
    }

    /**
     * {@link #tile6x2} with row r's element kk at {@code x[x0 + r * xStep + taps[kk]]} (the first
     * convolution's interior).
     */
    private void gathered6x2(float[] x, int x0, int xStep, int[] taps, int bOff, int stride, float[] dst, int d0) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        int x1 = x0 + xStep;
        int x2 = x1 + xStep;
        int x3 = x2 + xStep;
        int x4 = x3 + xStep;
        int x5 = x4 + xStep;
        int bi = bOff;
        for (int kk = 0; kk < k; kk++, bi += stride) {
            FloatVector w0 = FloatVector.fromArray(S, packed, bi);
            FloatVector w1 = FloatVector.fromArray(S, packed, bi + L);
            int t = taps[kk];
            FloatVector v = FloatVector.broadcast(S, x[x0 + t]);
            c00 = FMA ? w0.fma(v, c00) : c00.add(w0.mul(v));
            c01 = FMA ? w1.fma(v, c01) : c01.add(w1.mul(v));
            v = FloatVector.broadcast(S, x[x1 + t]);
            c10 = FMA ? w0.fma(v, c10) : c10.add(w0.mul(v));
            c11 = FMA ? w1.fma(v, c11) : c11.add(w1.mul(v));
            v = FloatVector.broadcast(S, x[x2 + t]);
            c20 = FMA ? w0.fma(v, c20) : c20.add(w0.mul(v));
            c21 = FMA ? w1.fma(v, c21) : c21.add(w1.mul(v));
            v = FloatVector.broadcast(S, x[x3 + t]);
            c30 = FMA ? w0.fma(v, c30) : c30.add(w0.mul(v));
            c31 = FMA ? w1.fma(v, c31) : c31.add(w1.mul(v));
            v = FloatVector.broadcast(S, x[x4 + t]);
            c40 = FMA ? w0.fma(v, c40) : c40.add(w0.mul(v));
            c41 = FMA ? w1.fma(v, c41) : c41.add(w1.mul(v));
            v = FloatVector.broadcast(S, x[x5 + t]);
            c50 = FMA ? w0.fma(v, c50) : c50.add(w0.mul(v));
            c51 = FMA ? w1.fma(v, c51) : c51.add(w1.mul(v));
        }
        c00.intoArray(dst, d0);
        c01.intoArray(dst, d0 + L);
        c10.intoArray(dst, d0 + outC);
        c11.intoArray(dst, d0 + outC + L);
        c20.intoArray(dst, d0 + 2 * outC);
        c21.intoArray(dst, d0 + 2 * outC + L);
        c30.intoArray(dst, d0 + 3 * outC);
        c31.intoArray(dst, d0 + 3 * outC + L);
        c40.intoArray(dst, d0 + 4 * outC);
        c41.intoArray(dst, d0 + 4 * outC + L);
        c50.intoArray(dst, d0 + 5 * outC);
        c51.intoArray(dst, d0 + 5 * outC + L);
    }

    private void tile4x4(float[] a, int a0, int lda, int bOff, float[] dst, int d0, int ds) {
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
            c00 = FMA ? w0.fma(x, c00) : c00.add(w0.mul(x));
            c01 = FMA ? w1.fma(x, c01) : c01.add(w1.mul(x));
            c02 = FMA ? w2.fma(x, c02) : c02.add(w2.mul(x));
            c03 = FMA ? w3.fma(x, c03) : c03.add(w3.mul(x));
            x = FloatVector.broadcast(S, a[a1 + kk]);
            c10 = FMA ? w0.fma(x, c10) : c10.add(w0.mul(x));
            c11 = FMA ? w1.fma(x, c11) : c11.add(w1.mul(x));
            c12 = FMA ? w2.fma(x, c12) : c12.add(w2.mul(x));
            c13 = FMA ? w3.fma(x, c13) : c13.add(w3.mul(x));
            x = FloatVector.broadcast(S, a[a2 + kk]);
            c20 = FMA ? w0.fma(x, c20) : c20.add(w0.mul(x));
            c21 = FMA ? w1.fma(x, c21) : c21.add(w1.mul(x));
            c22 = FMA ? w2.fma(x, c22) : c22.add(w2.mul(x));
            c23 = FMA ? w3.fma(x, c23) : c23.add(w3.mul(x));
            x = FloatVector.broadcast(S, a[a3 + kk]);
            c30 = FMA ? w0.fma(x, c30) : c30.add(w0.mul(x));
            c31 = FMA ? w1.fma(x, c31) : c31.add(w1.mul(x));
            c32 = FMA ? w2.fma(x, c32) : c32.add(w2.mul(x));
            c33 = FMA ? w3.fma(x, c33) : c33.add(w3.mul(x));
        }
        c00.intoArray(dst, d0);
        c01.intoArray(dst, d0 + L);
        c02.intoArray(dst, d0 + 2 * L);
        c03.intoArray(dst, d0 + 3 * L);
        c10.intoArray(dst, d0 + ds);
        c11.intoArray(dst, d0 + ds + L);
        c12.intoArray(dst, d0 + ds + 2 * L);
        c13.intoArray(dst, d0 + ds + 3 * L);
        c20.intoArray(dst, d0 + 2 * ds);
        c21.intoArray(dst, d0 + 2 * ds + L);
        c22.intoArray(dst, d0 + 2 * ds + 2 * L);
        c23.intoArray(dst, d0 + 2 * ds + 3 * L);
        c30.intoArray(dst, d0 + 3 * ds);
        c31.intoArray(dst, d0 + 3 * ds + L);
        c32.intoArray(dst, d0 + 3 * ds + 2 * L);
        c33.intoArray(dst, d0 + 3 * ds + 3 * L);
    }

    private void tile4x2(float[] a, int a0, int lda, int bOff, float[] dst, int d0, int ds) {
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
            c00 = FMA ? w0.fma(x, c00) : c00.add(w0.mul(x));
            c01 = FMA ? w1.fma(x, c01) : c01.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[a1 + kk]);
            c10 = FMA ? w0.fma(x, c10) : c10.add(w0.mul(x));
            c11 = FMA ? w1.fma(x, c11) : c11.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[a2 + kk]);
            c20 = FMA ? w0.fma(x, c20) : c20.add(w0.mul(x));
            c21 = FMA ? w1.fma(x, c21) : c21.add(w1.mul(x));
            x = FloatVector.broadcast(S, a[a3 + kk]);
            c30 = FMA ? w0.fma(x, c30) : c30.add(w0.mul(x));
            c31 = FMA ? w1.fma(x, c31) : c31.add(w1.mul(x));
        }
        c00.intoArray(dst, d0);
        c01.intoArray(dst, d0 + L);
        c10.intoArray(dst, d0 + ds);
        c11.intoArray(dst, d0 + ds + L);
        c20.intoArray(dst, d0 + 2 * ds);
        c21.intoArray(dst, d0 + 2 * ds + L);
        c30.intoArray(dst, d0 + 3 * ds);
        c31.intoArray(dst, d0 + 3 * ds + L);
    }

    private void tile4x1(float[] a, int a0, int lda, int bOff, float[] dst, int d0, int ds) {
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
            c0 = FMA ? w0.fma(FloatVector.broadcast(S, a[a0 + kk]), c0) : c0.add(w0.mul(FloatVector.broadcast(S, a[a0 + kk])));
            c1 = FMA ? w0.fma(FloatVector.broadcast(S, a[a1 + kk]), c1) : c1.add(w0.mul(FloatVector.broadcast(S, a[a1 + kk])));
            c2 = FMA ? w0.fma(FloatVector.broadcast(S, a[a2 + kk]), c2) : c2.add(w0.mul(FloatVector.broadcast(S, a[a2 + kk])));
            c3 = FMA ? w0.fma(FloatVector.broadcast(S, a[a3 + kk]), c3) : c3.add(w0.mul(FloatVector.broadcast(S, a[a3 + kk])));
        }
        c0.intoArray(dst, d0);
        c1.intoArray(dst, d0 + ds);
        c2.intoArray(dst, d0 + 2 * ds);
        c3.intoArray(dst, d0 + 3 * ds);
    }

    private void tile1x4(float[] a, int a0, int bOff, float[] dst, int d0) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        int bi = bOff;
        for (int kk = 0; kk < k; kk++, bi += 4 * L) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + kk]);
            c0 = FMA ? FloatVector.fromArray(S, packed, bi).fma(x, c0) : c0.add(FloatVector.fromArray(S, packed, bi).mul(x));
            c1 = FMA ? FloatVector.fromArray(S, packed, bi + L).fma(x, c1) : c1.add(FloatVector.fromArray(S, packed, bi + L).mul(x));
            c2 = FMA ? FloatVector.fromArray(S, packed, bi + 2 * L).fma(x, c2) : c2.add(FloatVector.fromArray(S, packed, bi + 2 * L).mul(x));
            c3 = FMA ? FloatVector.fromArray(S, packed, bi + 3 * L).fma(x, c3) : c3.add(FloatVector.fromArray(S, packed, bi + 3 * L).mul(x));
        }
        c0.intoArray(dst, d0);
        c1.intoArray(dst, d0 + L);
        c2.intoArray(dst, d0 + 2 * L);
        c3.intoArray(dst, d0 + 3 * L);
    }

    /** One pixel, one vector; {@code stride} is the block's k step in the packed array. */
    private void tile1x1(float[] a, int a0, int bOff, int stride, float[] dst, int d0) {
        FloatVector c = FloatVector.zero(S);
        int bi = bOff;
        for (int kk = 0; kk < k; kk++, bi += stride) {
            c = FMA ? FloatVector.fromArray(S, packed, bi).fma(FloatVector.broadcast(S, a[a0 + kk]), c) : c.add(FloatVector.fromArray(S, packed, bi).mul(FloatVector.broadcast(S, a[a0 + kk])));
        }
        c.intoArray(dst, d0);
    }
}
