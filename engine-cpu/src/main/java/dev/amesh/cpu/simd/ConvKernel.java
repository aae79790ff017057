package dev.amesh.cpu.simd;

import dev.amesh.api.tensor.Shape;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;

/**
 * CONV_2D on {@link PackedGemm}. A 1x1 stride-1 convolution multiplies the NHWC input directly (each pixel's
 * channels are a row of A). Any other window reads A through a table of tap offsets, in (ky, kx, i) order,
 * the filter's own order, for output pixels whose window lies inside the input; border pixels are copied
 * into a per-thread im2col buffer with zeros for taps in the padding. Work is split across the pool by
 * pixels (pointwise) or output rows (general).
 *
 * <p>With a depthwise convolution folded in ({@link Fusion}), each output row first gets its depthwise row
 * computed into a per-thread buffer (L1-sized), which the 1x1 product then reads; work is split by rows.
 */
final class ConvKernel implements Kernel, WorkerPool.Task {
    /** Below this many multiply-adds an op runs on the calling thread: waking workers costs more. */
    static final long MIN_PARALLEL_MACS = 40_000;
    /**
     * Output pixels at most for which the weights are kept in 16 bits ({@link HalfWeights}): with so few
     * pixels each weight feeds at most four multiply-adds per run and the product waits on reading the
     * weights (in a whole run the mesh head, 1.6 MB of floats for one pixel, read them at 28 GB/s, the rate
     * of L3), so halving the bytes outweighs the decoding. Measured in whole runs on one thread (JDK 25):
     * the mesh head 54 -> 29 µs, the 2x2 convolutions of the region heads 39 -> 29 µs in all; with the limit
     * at 16 pixels the 4x4 ones went 57 -> 65 µs and the 3x3 ones did not change.
     */
    static final int HALF_MAX_PIXELS = 4;

    private final PackedGemm gemm;
    private final WorkerPool pool;
    private final boolean pointwise;
    private final float[] x;
    private final int xOff;
    private final int batches;
    private final int inH;
    private final int inW;
    private final int inC;
    private final int outH;
    private final int outW;
    private final int kernelH;
    private final int kernelW;
    private final Window win;
    private final int k;
    /** Per thread, from {@link #scratchOffset}: one output row's im2col patches (general convolutions). */
    private final float[] patches;
    private final int patchStride;
    /** Per thread, from {@link #scratchOffset}: the product's scratch tile. */
    private final float[] tiles;
    private final int tileStride;
    private final boolean parallel;
    /** Offsets of the window's taps, in (ky, kx, i) order, from the window's first input element. */
    private final int[] taps;
    /** Output columns whose windows lie inside the input horizontally: [interiorX0, interiorX1). */
    private final int interiorX0;
    private final int interiorX1;

    /**
     * True when the output has fewer rows than the pool has chunks but at least as many weight blocks (the
     * mesh head: one output pixel, 1404 channels, 1.6 MB of weights): chunks then split the output channels,
     * so that every thread streams its share of the weights instead of one thread all of them.
     */
    private final boolean splitChannels;

    /** A folded depthwise convolution whose output rows feed this 1x1 convolution, or null. */
    private final DepthwiseConvKernel depthwise;
    /** Per thread, from {@link #scratchOffset}, with {@link #depthwise}: one row of its output. */
    private final float[] rows;
    private final int rowStride;

    private ConvKernel(Operand x, Operand filter, Operand out, Window win, Epilogue e, WorkerPool pool,
            DepthwiseConvKernel depthwise, WeightArena weights) {
        this.x = x.data();
        this.xOff = x.offset();
        this.batches = x.dim(0);
        this.inH = x.dim(1);
        this.inW = x.dim(2);
        this.inC = x.dim(3);
        this.outH = out.dim(1);
        this.outW = out.dim(2);
        this.kernelH = filter.dim(1);
        this.kernelW = filter.dim(2);
        this.win = win;
        this.k = kernelH * kernelW * inC;
        int outC = filter.dim(0);
        boolean halfCandidate = HalfWeights.enabled() && (long) batches * outH * outW <= HALF_MAX_PIXELS;
        this.gemm = new PackedGemm(filter.data(), filter.offset(), outC, k, e, out.data(), out.offset(), weights,
                halfCandidate);
        this.pool = pool;
        this.pointwise = kernelH == 1 && kernelW == 1 && win.strideH() == 1 && win.strideW() == 1;
        this.patchStride = pointwise ? 0 : scratchStride(outW * k);
        this.patches = new float[pointwise ? 0 : Simd.SCRATCH_PAD + pool.threads() * patchStride];
        this.tileStride = scratchStride(PackedGemm.TILE_FLOATS);
        this.tiles = new float[Simd.SCRATCH_PAD + pool.threads() * tileStride];
        this.taps = new int[k];
        for (int ky = 0, t = 0; ky < kernelH; ky++) {
            for (int kx = 0; kx < kernelW; kx++) {
                for (int i = 0; i < inC; i++, t++) {
                    taps[t] = (ky * win.dilationH() * inW + kx * win.dilationW()) * inC + i;
                }
            }
        }
        int first = 0;
        while (first < outW && first * win.strideW() - win.padW().before() < 0) {
            first++;
        }
        int end = first;
        while (end < outW && end * win.strideW() - win.padW().before() + (kernelW - 1) * win.dilationW() < inW) {
            end++;
        }
        this.interiorX0 = first;
        this.interiorX1 = end;
        this.depthwise = depthwise;
        this.rowStride = depthwise == null ? 0 : scratchStride(outW * inC);
        this.rows = new float[depthwise == null ? 0 : Simd.SCRATCH_PAD + pool.threads() * rowStride];
        long macs = (long) batches * outH * outW * outC * k + (depthwise == null ? 0 : depthwise.macs());
        this.parallel = pool.threads() > 1 && macs >= MIN_PARALLEL_MACS;
        this.splitChannels = parallel && !pointwise && depthwise == null && batches * outH < pool.chunks()
                && gemm.blockCount() >= pool.chunks();
    }

    /**
     * Prepares CONV_2D, including nodes {@link Fusion} extended with a residual ADD and/or PRELU or a
     * depthwise convolution before them (input 0 is then the depthwise op's input).
     */
    static Kernel prepare(KernelContext ctx, WorkerPool pool, WeightArena weights) {
        FusedOperands f = FusedOperands.of(ctx);
        DepthwiseConvKernel depthwise = null;
        Operand x;
        if (f.hasDepthwise()) {
            KernelContext dwCtx = f.depthwiseContext(ctx);
            depthwise = DepthwiseConvKernel.rowSource(dwCtx, pool);
            x = dwCtx.output(0); // the folded depthwise output: shape only, never stored
        } else {
            x = ctx.inputOfRank(0, 4, "input");
        }
        Operand filter = ctx.inputOfRank(1, 4, "filter");
        if (filter.dim(3) != x.dim(3)) {
            throw ctx.error("filter " + filter.describe() + " has " + filter.dim(3) + " input channels but input "
                    + x.describe() + " has " + x.dim(3));
        }
        int outC = filter.dim(0);
        Window win = Window.of(ctx, x.dim(1), x.dim(2), filter.dim(1), filter.dim(2));
        if (depthwise != null && (filter.dim(1) != 1 || filter.dim(2) != 1 || win.strideH() != 1
                || win.strideW() != 1)) {
            throw ctx.error("a folded depthwise convolution must feed a 1x1 stride-1 convolution, not "
                    + filter.dim(1) + "x" + filter.dim(2) + " stride " + win.strideH() + "x" + win.strideW());
        }
        Shape outShape = Shape.of(x.dim(0), win.padH().outSize(), win.padW().outSize(), outC);
        ctx.requireOutputShape(0, outShape);
        Epilogue e = f.epilogue(ctx, outC, Simd.roundUp(outC), outShape);
        return new ConvKernel(x, filter, ctx.output(0), win, e, pool, depthwise, weights);
    }

    @Override
    public void execute() {
        pool.run(this, parallel);
    }

    @Override
    public void run(int part, int parts, int thread) {
        if (depthwise != null) {
            int rowCount = batches * outH;
            int per = (rowCount + parts - 1) / parts;
            int row1 = Math.min(rowCount, (part + 1) * per);
            int row = scratchOffset(thread, rowStride);
            int tile = scratchOffset(thread, tileStride);
            for (int r = part * per; r < row1; r++) {
                depthwise.computeRow(r, rows, row, thread);
                gemm.compute(rows, row, inC, 0, outW, r * outW, tiles, tile);
            }
            return;
        }
        if (pointwise) {
            int pixels = batches * outH * outW;
            int r0 = pointwiseStart(pixels, part, parts);
            int r1 = pointwiseStart(pixels, part + 1, parts);
            gemm.compute(x, xOff, inC, r0, r1, 0, tiles, scratchOffset(thread, tileStride));
            return;
        }
        int rows = batches * outH;
        int row0 = 0;
        int row1 = rows;
        int b0 = 0;
        int b1 = gemm.blockCount();
        if (splitChannels) {
            int blocks = b1;
            b0 = (int) ((long) blocks * part / parts);
            b1 = (int) ((long) blocks * (part + 1) / parts);
        } else {
            int per = (rows + parts - 1) / parts;
            row0 = Math.min(rows, part * per);
            row1 = Math.min(rows, (part + 1) * per);
        }
        int patch = scratchOffset(thread, patchStride);
        int tile = scratchOffset(thread, tileStride);
        for (int row = row0; row < row1; row++) {
            int n = row / outH;
            int oy = row % outH;
            int iy0 = oy * win.strideH() - win.padH().before();
            boolean rowInside = iy0 >= 0 && iy0 + (kernelH - 1) * win.dilationH() < inH;
            int x0 = rowInside ? interiorX0 : outW;
            int x1 = rowInside ? interiorX1 : outW;
            gather(n, oy, 0, x0, patch);
            gather(n, oy, x1, outW, patch);
            gemm.compute(patches, patch, k, 0, x0, row * outW, tiles, tile, b0, b1);
            gemm.compute(patches, patch, k, x1, outW, row * outW, tiles, tile, b0, b1);
            if (x1 > x0) {
                int xFirst = xOff + ((n * inH + iy0) * inW + x0 * win.strideW() - win.padW().before()) * inC;
                gemm.computeGathered(x, xFirst, win.strideW() * inC, taps, x1 - x0, row * outW + x0, tiles, tile,
                        b0, b1);
            }
        }
    }

    /**
     * Where chunk {@code part} of a pointwise convolution split into {@code parts} starts (chunk
     * {@code parts} ends at {@code pixels}): every chunk but the last a whole number of 4-pixel tiles.
     * {@link ChannelPadKernel} splits its rows the same way, so that each thread pads the pixels it then
     * multiplies.
     */
    static int pointwiseStart(int pixels, int part, int parts) {
        int per = ((pixels + parts - 1) / parts + 3) / 4 * 4;
        return (int) Math.min(pixels, (long) part * per);
    }

    /**
     * Floats between two threads' parts of a per-thread scratch array holding {@code floats} each: 64 bytes
     * apart, and the first 64 bytes past the array's start. With an array per thread (a float[][]), the first
     * thread's writes shared a cache line with the outer array, which every other thread reads: the 96x96
     * depthwise convolutions ran 1.4x faster on two threads than on one, 1.8x once apart (their tap lists).
     */
    static int scratchStride(int floats) {
        return Simd.roundUp(floats) + Simd.SCRATCH_PAD;
    }

    /** Where thread {@code thread}'s part of a scratch array with {@code stride} starts. */
    static int scratchOffset(int thread, int stride) {
        return Simd.SCRATCH_PAD + thread * stride;
    }

    /**
     * im2col of output columns {@code ox0..ox1-1} of row {@code oy} of batch {@code n}: patch ox at
     * {@code patches[patch + ox * k]}. Runs of
     * {@code kernelW * inC} floats are contiguous in the input when dilation is 1; short runs (the first
     * layer has 3 channels) are copied by a plain loop, which beats System.arraycopy's call overhead.
     */
    private void gather(int n, int oy, int ox0, int ox1, int patch) {
        float[] buf = patches;
        int iy0 = oy * win.strideH() - win.padH().before();
        int rowFloats = kernelW * inC;
        for (int ox = ox0; ox < ox1; ox++) {
            int ix0 = ox * win.strideW() - win.padW().before();
            int p = patch + ox * k;
            boolean rowInside = ix0 >= 0 && ix0 + (kernelW - 1) * win.dilationW() < inW && win.dilationW() == 1;
            for (int ky = 0; ky < kernelH; ky++, p += rowFloats) {
                int iy = iy0 + ky * win.dilationH();
                if (iy < 0 || iy >= inH) {
                    for (int i = 0; i < rowFloats; i++) {
                        buf[p + i] = 0f;
                    }
                } else if (rowInside) {
                    copy(xOff + ((n * inH + iy) * inW + ix0) * inC, buf, p, rowFloats);
                } else {
                    for (int kx = 0; kx < kernelW; kx++) {
                        int ix = ix0 + kx * win.dilationW();
                        int q = p + kx * inC;
                        if (ix < 0 || ix >= inW) {
                            for (int i = 0; i < inC; i++) {
                                buf[q + i] = 0f;
                            }
                        } else {
                            copy(xOff + ((n * inH + iy) * inW + ix) * inC, buf, q, inC);
                        }
                    }
                }
            }
        }
    }

    private void copy(int from, float[] patch, int to, int count) {
        if (count >= 32) {
            System.arraycopy(x, from, patch, to, count);
        } else {
            for (int i = 0; i < count; i++) {
                patch[to + i] = x[from + i];
            }
        }
    }

    @Override
    public String name() {
        String conv = "conv2d-" + (pointwise ? "1x1" : kernelH + "x" + kernelW) + "-" + Simd.L + "L"
                + (gemm.halfWeights() ? "-f16w" : "");
        return depthwise == null ? "simd/" + conv : depthwise.name() + "+" + conv;
    }

}
