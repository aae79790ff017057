package dev.amesh.cpu.simd;

import dev.amesh.api.tensor.Shape;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;
import dev.amesh.cpu.ref.Activation;
import dev.amesh.cpu.ref.DepthwiseConv2dRef;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * DEPTHWISE_CONV_2D with depth multiplier 1 (others go to the reference kernel), vectorised over
 * channels, for any kernel size, stride and dilation. Weights are repacked to [KH*KW taps][C padded to
 * whole vectors].
 *
 * <p>Interior pixels (window inside the input) of a 3x3 window run along the row with the weights held in
 * registers (at stride 1 four outputs at a time, each kernel row's inputs loaded once for the four); in rows
 * whose windows reach above or below the input the interior columns run four at a time over the kernel rows
 * inside; other windows run one loop over the taps with precomputed offsets, four
 * output pixels sharing each weight load. Border pixels first list their taps inside the input (plain int
 * work), then run a single loop over that list for one or four channel vectors: each vector loop has
 * exactly one loop-carried vector per accumulator, which JDK 17's C2 keeps in registers. Channels beyond the
 * last whole vector take a scalar path. A node {@link Fusion#foldMaxPools} made also writes a 2x2 max pool of
 * the input, a row after each depthwise row. Every output sums its taps in (ky, kx) order from 0 with separate multiply and add, then adds
 * the bias, as the reference does. Split across the pool by output rows; {@link #computeRow} also serves
 * a 1x1 convolution that {@link Fusion} merged with this op.
 */
final class DepthwiseConvKernel implements Kernel, WorkerPool.Task {
    private static final VectorSpecies<Float> S = Simd.S;
    private static final int L = Simd.L;

    private final float[] x;
    private final int xOff;
    private final float[] out;
    private final int outOff;
    private final float[] w;
    private final float[] bias;
    private final int batches;
    private final int inH;
    private final int inW;
    private final int channels;
    /** Channels covered by whole vectors. */
    private final int vectorC;
    private final int paddedC;
    private final int outH;
    private final int outW;
    private final int kernelH;
    private final int kernelW;
    private final int sh;
    private final int sw;
    private final int dh;
    private final int dw;
    private final int padTop;
    private final int padLeft;
    /** Per tap t = ky*KW + kx: offset into x from the window origin, and into {@link #w}. */
    private final int[] tapX;
    private final int[] tapW;
    /**
     * Per thread, from {@link #listBase}: the tap list of the border pixel at hand, input offsets then weight
     * offsets. One array with 64 bytes between the threads' parts and before the first: with an array per
     * thread (an int[][]), the first thread's list shared a cache line with the outer array's references,
     * which every other thread reads per border pixel.
     */
    private final int[] lists;
    private final int listStride;
    /**
     * Output 1 of a node {@link Fusion#foldMaxPools} made: the 2x2 stride-2 max pool of the same input, a row
     * after each depthwise row; null otherwise. Set once by {@link #create}.
     */
    private float[] poolOut;
    private int poolOff;
    /** Whether the fused activation clamps; Java min/max cost several instructions per vector on x86. */
    private final boolean clamp;
    private final float lo;
    private final float hi;
    private final WorkerPool pool;
    private final boolean parallel;
    /** Output columns whose windows lie inside the input horizontally: [oxIn0, oxIn1). */
    private final int oxIn0;
    private final int oxIn1;
    /** 3x3 window, dilation 1 (any stride): the model's depthwise shape, with its own row loop. */
    private final boolean threeByThree;
    /**
     * Every row runs as groups of adjacent outputs ({@link #rowInGroups}): 3x3, stride 1, one column of
     * padding each side, whole vectors of channels, a width of 2, 3 or a multiple of 4 (or 4k + 2).
     */
    private final boolean inGroups;

    private DepthwiseConvKernel(Operand x, Operand filter, Operand bias, Operand out, Window win, Activation act,
            WorkerPool pool) {
        this.x = x.data();
        this.xOff = x.offset();
        this.out = out.data();
        this.outOff = out.offset();
        this.batches = x.dim(0);
        this.inH = x.dim(1);
        this.inW = x.dim(2);
        this.channels = x.dim(3);
        this.vectorC = channels - channels % L;
        this.paddedC = Simd.roundUp(channels);
        this.outH = out.dim(1);
        this.outW = out.dim(2);
        this.kernelH = filter.dim(1);
        this.kernelW = filter.dim(2);
        this.sh = win.strideH();
        this.sw = win.strideW();
        this.dh = win.dilationH();
        this.dw = win.dilationW();
        this.padTop = win.padH().before();
        this.padLeft = win.padW().before();
        int taps = kernelH * kernelW;
        this.tapX = new int[taps];
        this.tapW = new int[taps];
        this.w = new float[taps * paddedC];
        for (int t = 0; t < taps; t++) {
            tapX[t] = ((t / kernelW) * dh * inW + (t % kernelW) * dw) * channels;
            tapW[t] = t * paddedC;
            System.arraycopy(filter.data(), filter.offset() + t * channels, w, t * paddedC, channels);
        }
        this.listStride = ConvKernel.scratchStride(2 * taps);
        this.lists = new int[Simd.SCRATCH_PAD + pool.threads() * listStride];
        this.bias = Epilogue.padded(bias, channels, paddedC);
        this.clamp = act != Activation.NONE;
        this.lo = act.min;
        this.hi = act.max;
        this.pool = pool;
        long macs = (long) out.size() * taps;
        this.parallel = pool.threads() > 1 && macs >= ConvKernel.MIN_PARALLEL_MACS;
        int first = 0;
        while (first < outW && first * sw - padLeft < 0) {
            first++;
        }
        int end = first;
        while (end < outW && end * sw - padLeft + (kernelW - 1) * dw < inW) {
            end++;
        }
        this.oxIn0 = first;
        this.oxIn1 = end;
        this.threeByThree = kernelH == 3 && kernelW == 3 && dh == 1 && dw == 1;
        this.inGroups = threeByThree && sw == 1 && padLeft == 1 && outW == inW && vectorC == channels
                && vectorC > 0 && (outW % 4 == 0 || outW % 4 == 2 || outW == 3);
    }

    static Kernel prepare(KernelContext ctx, WorkerPool pool) {
        ctx.requireInputCount(2, 3);
        boolean withPool = ctx.intAttr(FusedOperands.MAX_POOL_OUTPUT, 0) == 1;
        ctx.requireOutputCount(withPool ? 2 : 1);
        if (withPool && !vectorizable(ctx)) {
            throw ctx.error("a folded max pool needs a depthwise convolution with depth multiplier 1");
        }
        if (!vectorizable(ctx)) {
            return DepthwiseConv2dRef.prepare(ctx); // depth multiplier != 1, or a misfit the reference reports
        }
        return create(ctx, pool);
    }

    /**
     * The kernel for a depthwise node {@link Fusion} folded into the 1x1 convolution that reads it: its
     * output operand has no storage, and it is used only through {@link #computeRow}.
     */
    static DepthwiseConvKernel rowSource(KernelContext ctx, WorkerPool pool) {
        ctx.requireInputCount(2, 3);
        if (!vectorizable(ctx)) {
            throw ctx.error("a fused depthwise convolution needs depth multiplier 1 and a [1, KH, KW, C] filter");
        }
        return create(ctx, pool);
    }

    /** Depth multiplier 1 with a [1, KH, KW, C] filter: the shapes this kernel handles. */
    static boolean vectorizable(KernelContext ctx) {
        Operand x = ctx.inputOfRank(0, 4, "input");
        Operand filter = ctx.inputOfRank(1, 4, "filter");
        int c = x.dim(3);
        return filter.dim(0) == 1 && filter.dim(3) == c && ctx.intAttr("depth_multiplier", 1) == 1;
    }

    private static DepthwiseConvKernel create(KernelContext ctx, WorkerPool pool) {
        Operand x = ctx.input(0);
        Operand filter = ctx.input(1);
        int c = x.dim(3);
        Operand bias = null;
        if (ctx.inputCount() == 3) {
            bias = ctx.input(2);
            if (bias.size() != c || bias.rank() != 1) {
                throw ctx.error("bias " + bias.describe() + " must have shape [" + c + "]");
            }
        }
        Window win = Window.of(ctx, x.dim(1), x.dim(2), filter.dim(1), filter.dim(2));
        Shape outShape = Shape.of(x.dim(0), win.padH().outSize(), win.padW().outSize(), c);
        ctx.requireOutputShape(0, outShape);
        DepthwiseConvKernel k = new DepthwiseConvKernel(x, filter, bias, ctx.output(0), win, Activation.of(ctx), pool);
        if (ctx.outputCount() == 2) {
            ctx.requireOutputShape(1, outShape);
            if (c % L != 0 || 2 * outShape.dim(1) > x.dim(1) || 2 * outShape.dim(2) > x.dim(2)) {
                throw ctx.error("a folded 2x2 max pool needs whole vectors of channels and its windows inside "
                        + x.describe() + ", not output " + outShape);
            }
            k.poolOut = ctx.output(1).data();
            k.poolOff = ctx.output(1).offset();
        }
        return k;
    }

    @Override
    public void execute() {
        pool.run(this, parallel);
    }

    @Override
    public void run(int part, int parts, int thread) {
        int rows = batches * outH;
        int per = (rows + parts - 1) / parts;
        int row1 = Math.min(rows, (part + 1) * per);
        for (int row = part * per; row < row1; row++) {
            computeRow(row, out, outOff + row * outW * channels, thread);
            if (poolOut != null) { // its two input rows were just loaded by the depthwise row
                int in = xOff + (row / outH * inH + row % outH * 2) * inW * channels;
                MaxPoolKernel.row2x2(x, in, inW * channels, channels, poolOut, poolOff + row * outW * channels,
                        outW);
            }
        }
    }

    /** Multiply-adds of one run: what decides whether a fused caller splits its work across threads. */
    long macs() {
        return (long) batches * outH * outW * channels * kernelH * kernelW;
    }

    /**
     * Output row {@code row} (batch-major) into {@code dst} from {@code dstOff}: {@code outW x channels}
     * floats, NHWC. {@code thread} selects the scratch tap lists. A fused convolution calls this with a
     * row buffer of its own, so the depthwise output never leaves L1.
     */
    void computeRow(int row, float[] dst, int dstOff, int thread) {
        int taps = kernelH * kernelW;
        int n = row / outH;
        int oy = row % outH;
        int iy0 = oy * sh - padTop;
        int ky0 = 0;
        while (ky0 < kernelH && iy0 + ky0 * dh < 0) {
            ky0++;
        }
        int ky1 = kernelH;
        while (ky1 > ky0 && iy0 + (ky1 - 1) * dh >= inH) {
            ky1--;
        }
        boolean rowInside = ky0 == 0 && ky1 == kernelH;
        int xRow = xOff + (n * inH + iy0) * inW * channels; // window origin row (may lie in the padding)
        if (inGroups && ky1 > ky0) {
            rowInGroups(xRow, dst, dstOff, ky0, ky1);
            return;
        }
        if (!rowInside && threeByThree && vectorC == channels && ky1 > ky0) {
            edgeRow(xRow, dst, dstOff, ky0, ky1, thread);
            return;
        }
        int in0 = rowInside ? oxIn0 : outW;
        int in1 = rowInside ? oxIn1 : outW;
        for (int ox = 0; ox < outW; ox++) {
            if (ox == in0) {
                ox = interior(xRow, dst, dstOff, in0, in1, taps) - 1;
                continue;
            }
            border(xRow, dst, dstOff, ox, ky0, ky1, thread);
        }
    }

    /**
     * A row of a 3x3 window (dilation 1, whole vectors of channels) whose windows reach above or below the
     * input, kernel rows {@code ky0..ky1-1} inside: its interior columns four at a time over those rows
     * ({@link #fourWindowsRows}), the rest as border pixels. Before, every pixel of such a row (at 4x4 or
     * 2x2, most of the map) was a border pixel.
     */
    private void edgeRow(int xRow, float[] dst, int dstOff, int ky0, int ky1, int thread) {
        int n4 = oxIn1 > oxIn0 ? (oxIn1 - oxIn0) / 4 * 4 : 0;
        for (int ox = 0; ox < outW; ox++) {
            if (ox == oxIn0 && n4 > 0) {
                fourWindowsRows(xRow + (ox * sw - padLeft) * channels, dst, dstOff + ox * channels, n4, ky0, ky1);
                ox += n4 - 1;
                continue;
            }
            border(xRow, dst, dstOff, ox, ky0, ky1, thread);
        }
    }

    /**
     * A whole output row of a stride-1 3x3 window with one column of padding each side, over kernel rows
     * {@code ky0..ky1-1} (those inside the input), in groups of adjacent outputs: the first four, whose
     * first output has no kx = 0 taps, then four at a time, then the last four (or two), whose last output has no
     * kx = 2 taps. Each output adds exactly the reference's taps in its order, so the bits are the same.
     * Before, the two border pixels took a tap list each and the one or two columns left over from the groups
     * of four a single-sum loop: at 24x24x64 half of a row's time for a sixth of its outputs.
     */
    private void rowInGroups(int xRow, float[] dst, int oRow, int ky0, int ky1) {
        int ch = channels;
        if (outW == 2) {
            pairBoth(xRow, dst, oRow, ky0, ky1);
            return;
        }
        if (outW == 3) {
            threeBoth(xRow, dst, oRow, ky0, ky1);
            return;
        }
        if (outW == 4) {
            fourBoth(xRow, dst, oRow, ky0, ky1);
            return;
        }
        fourLeft(xRow, dst, oRow, ky0, ky1);
        int last = outW % 4 == 0 ? 4 : 2; // outputs in the closing group
        int mid = outW - 4 - last;
        if (mid > 0) {
            int xi = xRow + 3 * ch; // window origin of output 4
            int o = oRow + 4 * ch;
            if (ky0 == 0 && ky1 == 3) {
                int rs = inW * ch;
                if (ch == L) {
                    fourWindowsL(xi, rs, dst, o, mid);
                } else if (ch == 2 * L) {
                    fourWindows2L(xi, rs, dst, o, 0, mid);
                    fourWindows2L(xi + L, rs, dst, o + L, L, mid);
                } else {
                    fourWindowsWide(xi, rs, dst, o, mid);
                }
            } else {
                fourWindowsRows(xi, dst, o, mid, ky0, ky1);
            }
        }
        if (last == 4) {
            fourRight(xRow + (outW - 5) * ch, dst, oRow + (outW - 4) * ch, ky0, ky1);
        } else {
            pairRight(xRow + (outW - 3) * ch, dst, oRow + (outW - 2) * ch, ky0, ky1);
        }
    }

    /**
     * Outputs 0..3 of a {@link #rowInGroups} row, inputs from column 0 at {@code xi}: output 0's window
     * starts in the padding.
     */
    private void fourLeft(int xi, float[] dst, int o, int ky0, int ky1) {
        final int ch = channels;
        final int pc = paddedC;
        final int rs = inW * ch;
        FloatVector z = FloatVector.zero(S);
        for (int c = 0; c < vectorC; c += L) {
            FloatVector a0 = z;
            FloatVector a1 = z;
            FloatVector a2 = z;
            FloatVector a3 = z;
            for (int ky = ky0; ky < ky1; ky++) {
                int xp = xi + ky * rs + c;
                FloatVector w0 = FloatVector.fromArray(S, w, 3 * ky * pc + c);
                FloatVector w1 = FloatVector.fromArray(S, w, (3 * ky + 1) * pc + c);
                FloatVector w2 = FloatVector.fromArray(S, w, (3 * ky + 2) * pc + c);
                FloatVector v0 = FloatVector.fromArray(S, x, xp);
                FloatVector v1 = FloatVector.fromArray(S, x, xp + ch);
                FloatVector v2 = FloatVector.fromArray(S, x, xp + 2 * ch);
                FloatVector v3 = FloatVector.fromArray(S, x, xp + 3 * ch);
                FloatVector v4 = FloatVector.fromArray(S, x, xp + 4 * ch);
                a0 = a0.add(v0.mul(w1)).add(v1.mul(w2));
                a1 = a1.add(v0.mul(w0)).add(v1.mul(w1)).add(v2.mul(w2));
                a2 = a2.add(v1.mul(w0)).add(v2.mul(w1)).add(v3.mul(w2));
                a3 = a3.add(v2.mul(w0)).add(v3.mul(w1)).add(v4.mul(w2));
            }
            FloatVector b = FloatVector.fromArray(S, bias, c);
            int op = o + c;
            if (clamp) { // each branch stores its own sums: no vector variable is merged (JDK 17 would box it)
                a0.add(b).max(lo).min(hi).intoArray(dst, op);
                a1.add(b).max(lo).min(hi).intoArray(dst, op + ch);
                a2.add(b).max(lo).min(hi).intoArray(dst, op + 2 * ch);
                a3.add(b).max(lo).min(hi).intoArray(dst, op + 3 * ch);
            } else {
                a0.add(b).intoArray(dst, op);
                a1.add(b).intoArray(dst, op + ch);
                a2.add(b).intoArray(dst, op + 2 * ch);
                a3.add(b).intoArray(dst, op + 3 * ch);
            }
        }
    }

    /**
     * The last four outputs of a {@link #rowInGroups} row, inputs from column {@code outW - 5} at {@code xi}:
     * the last output's window ends in the padding.
     */
    private void fourRight(int xi, float[] dst, int o, int ky0, int ky1) {
        final int ch = channels;
        final int pc = paddedC;
        final int rs = inW * ch;
        FloatVector z = FloatVector.zero(S);
        for (int c = 0; c < vectorC; c += L) {
            FloatVector a0 = z;
            FloatVector a1 = z;
            FloatVector a2 = z;
            FloatVector a3 = z;
            for (int ky = ky0; ky < ky1; ky++) {
                int xp = xi + ky * rs + c;
                FloatVector w0 = FloatVector.fromArray(S, w, 3 * ky * pc + c);
                FloatVector w1 = FloatVector.fromArray(S, w, (3 * ky + 1) * pc + c);
                FloatVector w2 = FloatVector.fromArray(S, w, (3 * ky + 2) * pc + c);
                FloatVector v0 = FloatVector.fromArray(S, x, xp);
                FloatVector v1 = FloatVector.fromArray(S, x, xp + ch);
                FloatVector v2 = FloatVector.fromArray(S, x, xp + 2 * ch);
                FloatVector v3 = FloatVector.fromArray(S, x, xp + 3 * ch);
                FloatVector v4 = FloatVector.fromArray(S, x, xp + 4 * ch);
                a0 = a0.add(v0.mul(w0)).add(v1.mul(w1)).add(v2.mul(w2));
                a1 = a1.add(v1.mul(w0)).add(v2.mul(w1)).add(v3.mul(w2));
                a2 = a2.add(v2.mul(w0)).add(v3.mul(w1)).add(v4.mul(w2));
                a3 = a3.add(v3.mul(w0)).add(v4.mul(w1));
            }
            FloatVector b = FloatVector.fromArray(S, bias, c);
            int op = o + c;
            if (clamp) { // each branch stores its own sums: no vector variable is merged (JDK 17 would box it)
                a0.add(b).max(lo).min(hi).intoArray(dst, op);
                a1.add(b).max(lo).min(hi).intoArray(dst, op + ch);
                a2.add(b).max(lo).min(hi).intoArray(dst, op + 2 * ch);
                a3.add(b).max(lo).min(hi).intoArray(dst, op + 3 * ch);
            } else {
                a0.add(b).intoArray(dst, op);
                a1.add(b).intoArray(dst, op + ch);
                a2.add(b).intoArray(dst, op + 2 * ch);
                a3.add(b).intoArray(dst, op + 3 * ch);
            }
        }
    }

    /** A {@link #rowInGroups} row four outputs wide, inputs from column 0 at {@code xi}: both ends reach the padding. */
    private void fourBoth(int xi, float[] dst, int o, int ky0, int ky1) {
        final int ch = channels;
        final int pc = paddedC;
        final int rs = inW * ch;
        FloatVector z = FloatVector.zero(S);
        for (int c = 0; c < vectorC; c += L) {
            FloatVector a0 = z;
            FloatVector a1 = z;
            FloatVector a2 = z;
            FloatVector a3 = z;
            for (int ky = ky0; ky < ky1; ky++) {
                int xp = xi + ky * rs + c;
                FloatVector w0 = FloatVector.fromArray(S, w, 3 * ky * pc + c);
                FloatVector w1 = FloatVector.fromArray(S, w, (3 * ky + 1) * pc + c);
                FloatVector w2 = FloatVector.fromArray(S, w, (3 * ky + 2) * pc + c);
                FloatVector v0 = FloatVector.fromArray(S, x, xp);
                FloatVector v1 = FloatVector.fromArray(S, x, xp + ch);
                FloatVector v2 = FloatVector.fromArray(S, x, xp + 2 * ch);
                FloatVector v3 = FloatVector.fromArray(S, x, xp + 3 * ch);
                a0 = a0.add(v0.mul(w1)).add(v1.mul(w2));
                a1 = a1.add(v0.mul(w0)).add(v1.mul(w1)).add(v2.mul(w2));
                a2 = a2.add(v1.mul(w0)).add(v2.mul(w1)).add(v3.mul(w2));
                a3 = a3.add(v2.mul(w0)).add(v3.mul(w1));
            }
            FloatVector b = FloatVector.fromArray(S, bias, c);
            int op = o + c;
            if (clamp) { // each branch stores its own sums: no vector variable is merged (JDK 17 would box it)
                a0.add(b).max(lo).min(hi).intoArray(dst, op);
                a1.add(b).max(lo).min(hi).intoArray(dst, op + ch);
                a2.add(b).max(lo).min(hi).intoArray(dst, op + 2 * ch);
                a3.add(b).max(lo).min(hi).intoArray(dst, op + 3 * ch);
            } else {
                a0.add(b).intoArray(dst, op);
                a1.add(b).intoArray(dst, op + ch);
                a2.add(b).intoArray(dst, op + 2 * ch);
                a3.add(b).intoArray(dst, op + 3 * ch);
            }
        }
    }

    /** A {@link #rowInGroups} row three outputs wide, inputs from column 0 at {@code xi}. */
    private void threeBoth(int xi, float[] dst, int o, int ky0, int ky1) {
        final int ch = channels;
        final int pc = paddedC;
        final int rs = inW * ch;
        FloatVector z = FloatVector.zero(S);
        for (int c = 0; c < vectorC; c += L) {
            FloatVector a0 = z;
            FloatVector a1 = z;
            FloatVector a2 = z;
            for (int ky = ky0; ky < ky1; ky++) {
                int xp = xi + ky * rs + c;
                FloatVector w0 = FloatVector.fromArray(S, w, 3 * ky * pc + c);
                FloatVector w1 = FloatVector.fromArray(S, w, (3 * ky + 1) * pc + c);
                FloatVector w2 = FloatVector.fromArray(S, w, (3 * ky + 2) * pc + c);
                FloatVector v0 = FloatVector.fromArray(S, x, xp);
                FloatVector v1 = FloatVector.fromArray(S, x, xp + ch);
                FloatVector v2 = FloatVector.fromArray(S, x, xp + 2 * ch);
                a0 = a0.add(v0.mul(w1)).add(v1.mul(w2));
                a1 = a1.add(v0.mul(w0)).add(v1.mul(w1)).add(v2.mul(w2));
                a2 = a2.add(v1.mul(w0)).add(v2.mul(w1));
            }
            FloatVector b = FloatVector.fromArray(S, bias, c);
            int op = o + c;
            if (clamp) { // each branch stores its own sums: no vector variable is merged (JDK 17 would box it)
                a0.add(b).max(lo).min(hi).intoArray(dst, op);
                a1.add(b).max(lo).min(hi).intoArray(dst, op + ch);
                a2.add(b).max(lo).min(hi).intoArray(dst, op + 2 * ch);
            } else {
                a0.add(b).intoArray(dst, op);
                a1.add(b).intoArray(dst, op + ch);
                a2.add(b).intoArray(dst, op + 2 * ch);
            }
        }
    }

    /** A {@link #rowInGroups} row two outputs wide, inputs from column 0 at {@code xi}. */
    private void pairBoth(int xi, float[] dst, int o, int ky0, int ky1) {
        final int ch = channels;
        final int pc = paddedC;
        final int rs = inW * ch;
        FloatVector z = FloatVector.zero(S);
        for (int c = 0; c < vectorC; c += L) {
            FloatVector a0 = z;
            FloatVector a1 = z;
            for (int ky = ky0; ky < ky1; ky++) {
                int xp = xi + ky * rs + c;
                FloatVector w0 = FloatVector.fromArray(S, w, 3 * ky * pc + c);
                FloatVector w1 = FloatVector.fromArray(S, w, (3 * ky + 1) * pc + c);
                FloatVector w2 = FloatVector.fromArray(S, w, (3 * ky + 2) * pc + c);
                FloatVector v0 = FloatVector.fromArray(S, x, xp);
                FloatVector v1 = FloatVector.fromArray(S, x, xp + ch);
                a0 = a0.add(v0.mul(w1)).add(v1.mul(w2));
                a1 = a1.add(v0.mul(w0)).add(v1.mul(w1));
            }
            FloatVector b = FloatVector.fromArray(S, bias, c);
            int op = o + c;
            if (clamp) { // each branch stores its own sums: no vector variable is merged (JDK 17 would box it)
                a0.add(b).max(lo).min(hi).intoArray(dst, op);
                a1.add(b).max(lo).min(hi).intoArray(dst, op + ch);
            } else {
                a0.add(b).intoArray(dst, op);
                a1.add(b).intoArray(dst, op + ch);
            }
        }
    }

    /**
     * The last two outputs of a {@link #rowInGroups} row of width 4k + 2, inputs from column {@code outW - 3}
     * at {@code xi}.
     */
    private void pairRight(int xi, float[] dst, int o, int ky0, int ky1) {
        final int ch = channels;
        final int pc = paddedC;
        final int rs = inW * ch;
        FloatVector z = FloatVector.zero(S);
        for (int c = 0; c < vectorC; c += L) {
            FloatVector a0 = z;
            FloatVector a1 = z;
            for (int ky = ky0; ky < ky1; ky++) {
                int xp = xi + ky * rs + c;
                FloatVector w0 = FloatVector.fromArray(S, w, 3 * ky * pc + c);
                FloatVector w1 = FloatVector.fromArray(S, w, (3 * ky + 1) * pc + c);
                FloatVector w2 = FloatVector.fromArray(S, w, (3 * ky + 2) * pc + c);
                FloatVector v0 = FloatVector.fromArray(S, x, xp);
                FloatVector v1 = FloatVector.fromArray(S, x, xp + ch);
                FloatVector v2 = FloatVector.fromArray(S, x, xp + 2 * ch);
                a0 = a0.add(v0.mul(w0)).add(v1.mul(w1)).add(v2.mul(w2));
                a1 = a1.add(v1.mul(w0)).add(v2.mul(w1));
            }
            FloatVector b = FloatVector.fromArray(S, bias, c);
            int op = o + c;
            if (clamp) { // each branch stores its own sums: no vector variable is merged (JDK 17 would box it)
                a0.add(b).max(lo).min(hi).intoArray(dst, op);
                a1.add(b).max(lo).min(hi).intoArray(dst, op + ch);
            } else {
                a0.add(b).intoArray(dst, op);
                a1.add(b).intoArray(dst, op + ch);
            }
        }
    }

    /** Output columns {@code ox0..ox1-1} of a row whose windows lie inside the input; returns ox1. */
    private int interior(int xRow, float[] dst, int oRow, int ox0, int ox1, int taps) {
        if (threeByThree && vectorC > 0) {
            int rs = inW * channels;
            int xi = xRow + (ox0 * sw - padLeft) * channels;
            window3x3(xi, rs, dst, oRow + ox0 * channels, ox1 - ox0);
        } else {
            for (int c = 0; c < vectorC; c += L) {
                int ox = ox0;
                for (; ox + 4 <= ox1; ox += 4) {
                    four(xRow + (ox * sw - padLeft) * channels + c, dst, oRow + ox * channels + c, c, taps);
                }
                for (; ox < ox1; ox++) {
                    one(xRow + (ox * sw - padLeft) * channels + c, dst, oRow + ox * channels + c, c, tapX, 0, tapW,
                            0, taps);
                }
            }
        }
        for (int ox = ox0; ox < ox1; ox++) {
            scalarTail(xRow + (ox * sw - padLeft) * channels, dst, oRow + ox * channels, tapX, 0, tapW, 0, taps);
        }
        return ox1;
    }

    /**
     * {@code count} adjacent outputs of a 3x3 window (dilation 1) over whole vectors of channels, the first
     * window's origin at {@code xi}, input rows {@code rs} apart; outputs from {@code o}. Groups of four
     * first, then one at a time.
     */
    private void window3x3(int xi, int rs, float[] dst, int o, int count) {
        int n4 = sw == 1 ? count / 4 * 4 : 0; // four at stride 2 (nine inputs a row) ran 1.2-1.8x slower
        if (n4 > 0 && vectorC > 0) {
            if (channels == L) {
                fourWindowsL(xi, rs, dst, o, n4);
            } else if (channels == 2 * L) {
                fourWindows2L(xi, rs, dst, o, 0, n4);
                fourWindows2L(xi + L, rs, dst, o + L, L, n4);
            } else {
                fourWindowsWide(xi, rs, dst, o, n4);
            }
        } else {
            n4 = 0;
        }
        if (n4 < count) {
            int in = xi + n4 * sw * channels;
            int out = o + n4 * channels;
            if (sw == 2 && channels == L) {
                row3x3S2L(in, rs, dst, out, count - n4);
                return;
            }
            for (int c = 0; c < vectorC; c += L) {
                row3x3(in + c, rs, dst, out + c, c, count - n4);
            }
        }
    }

    /**
     * One border output pixel: only the taps inside the input, in (ky, kx) order, for four vectors of
     * channels at a time where there are four (four independent sums: one alone waits on its chain of adds;
     * two at a time for the 32-channel maps measured no faster).
     */
    private void border(int xRow, float[] dst, int oRow, int ox, int ky0, int ky1, int thread) {
        int ix0 = ox * sw - padLeft;
        int kx0 = 0;
        while (kx0 < kernelW && ix0 + kx0 * dw < 0) {
            kx0++;
        }
        int kx1 = kernelW;
        while (kx1 > kx0 && ix0 + (kx1 - 1) * dw >= inW) {
            kx1--;
        }
        int[] l = lists;
        int lx = ConvKernel.scratchOffset(thread, listStride);
        int lw = lx + kernelH * kernelW;
        int n = 0;
        for (int ky = ky0; ky < ky1; ky++) {
            for (int kx = kx0; kx < kx1; kx++, n++) {
                l[lx + n] = tapX[ky * kernelW + kx];
                l[lw + n] = tapW[ky * kernelW + kx];
            }
        }
        int xi = xRow + ix0 * channels;
        int o = oRow + ox * channels;
        int c = 0;
        for (; c + 4 * L <= vectorC; c += 4 * L) {
            oneFour(xi + c, dst, o + c, c, l, lx, l, lw, n);
        }
        for (; c < vectorC; c += L) {
            one(xi + c, dst, o + c, c, l, lx, l, lw, n);
        }
        scalarTail(xi, dst, o, l, lx, l, lw, n);
    }

    /**
     * {@code n} adjacent output pixels of one channel vector for a 3x3 window (any stride, dilation 1), input
     * rows {@code rs} apart: the nine weight vectors and the bias stay in registers for the whole run of
     * pixels (reloading them per pixel, or per four pixels, measured 15-35 % slower).
     */
    private void row3x3(int s0, int rs, float[] dst, int o, int c, int n) {
        int step = sw * channels;
        int ch = channels;
        FloatVector w00 = FloatVector.fromArray(S, w, c);
        FloatVector w01 = FloatVector.fromArray(S, w, paddedC + c);
        FloatVector w02 = FloatVector.fromArray(S, w, 2 * paddedC + c);
        FloatVector w10 = FloatVector.fromArray(S, w, 3 * paddedC + c);
        FloatVector w11 = FloatVector.fromArray(S, w, 4 * paddedC + c);
        FloatVector w12 = FloatVector.fromArray(S, w, 5 * paddedC + c);
        FloatVector w20 = FloatVector.fromArray(S, w, 6 * paddedC + c);
        FloatVector w21 = FloatVector.fromArray(S, w, 7 * paddedC + c);
        FloatVector w22 = FloatVector.fromArray(S, w, 8 * paddedC + c);
        FloatVector b = FloatVector.fromArray(S, bias, c);
        FloatVector z = FloatVector.zero(S);
        for (int i = 0; i < n; i++, s0 += step, o += ch) {
            int s1 = s0 + rs;
            int s2 = s1 + rs;
            FloatVector v = z.add(FloatVector.fromArray(S, x, s0).mul(w00))
                    .add(FloatVector.fromArray(S, x, s0 + ch).mul(w01))
                    .add(FloatVector.fromArray(S, x, s0 + 2 * ch).mul(w02))
                    .add(FloatVector.fromArray(S, x, s1).mul(w10)).add(FloatVector.fromArray(S, x, s1 + ch).mul(w11))
                    .add(FloatVector.fromArray(S, x, s1 + 2 * ch).mul(w12))
                    .add(FloatVector.fromArray(S, x, s2).mul(w20)).add(FloatVector.fromArray(S, x, s2 + ch).mul(w21))
                    .add(FloatVector.fromArray(S, x, s2 + 2 * ch).mul(w22))
                    .add(b);
            if (clamp) { // each branch stores its own result: no merged vector variable (JDK 17 would box it)
                v.max(lo).min(hi).intoArray(dst, o);
            } else {
                v.intoArray(dst, o);
            }
        }
    }

    /**
     * {@link #row3x3} at stride 2 over pixels of one vector of channels (the 96x96x16 -> 48x48 layer at 512
     * bits): the pixel step is the constant {@code 2 L}, so C2 checks the bounds once per run instead of at
     * each of the nine loads.
     */
    private void row3x3S2L(int s0, int rs, float[] dst, int o, int n) {
        final int ch = L;
        FloatVector w00 = FloatVector.fromArray(S, w, 0);
        FloatVector w01 = FloatVector.fromArray(S, w, paddedC);
        FloatVector w02 = FloatVector.fromArray(S, w, 2 * paddedC);
        FloatVector w10 = FloatVector.fromArray(S, w, 3 * paddedC);
        FloatVector w11 = FloatVector.fromArray(S, w, 4 * paddedC);
        FloatVector w12 = FloatVector.fromArray(S, w, 5 * paddedC);
        FloatVector w20 = FloatVector.fromArray(S, w, 6 * paddedC);
        FloatVector w21 = FloatVector.fromArray(S, w, 7 * paddedC);
        FloatVector w22 = FloatVector.fromArray(S, w, 8 * paddedC);
        FloatVector b = FloatVector.fromArray(S, bias, 0);
        FloatVector z = FloatVector.zero(S);
        for (int i = 0; i < n; i++) {
            int p0 = s0 + 2 * ch * i;
            int p1 = p0 + rs;
            int p2 = p1 + rs;
            int op = o + ch * i;
            FloatVector v = z.add(FloatVector.fromArray(S, x, p0).mul(w00))
                    .add(FloatVector.fromArray(S, x, p0 + ch).mul(w01))
                    .add(FloatVector.fromArray(S, x, p0 + 2 * ch).mul(w02))
                    .add(FloatVector.fromArray(S, x, p1).mul(w10)).add(FloatVector.fromArray(S, x, p1 + ch).mul(w11))
                    .add(FloatVector.fromArray(S, x, p1 + 2 * ch).mul(w12))
                    .add(FloatVector.fromArray(S, x, p2).mul(w20)).add(FloatVector.fromArray(S, x, p2 + ch).mul(w21))
                    .add(FloatVector.fromArray(S, x, p2 + 2 * ch).mul(w22))
                    .add(b);
            if (clamp) { // each branch stores its own result: no merged vector variable (JDK 17 would box it)
                v.max(lo).min(hi).intoArray(dst, op);
            } else {
                v.intoArray(dst, op);
            }
        }
    }

    /**
     * Four adjacent outputs at a time, {@code n} (a multiple of 4) in all, of a 3x3 stride-1 window over
     * pixels of one vector of channels (the 96x96x16 layers at 512 bits), input rows {@code rs} apart: the
     * nine weights and the bias stay in registers, each kernel row's six input vectors feed the four sums in
     * turn, and every sum adds its taps in (ky, kx) order from 0, then the bias. The
     * pixel stride is the constant {@code L}, so every index is a constant multiple of the loop counter plus an
     * invariant, which C2 needs to hoist the range checks out of the loop (with a stride read from a field it
     * checked every load). Replaced three passes over the row, one per kernel row with the partial sums stored
     * in between: 46 -> 38 µs per 96x96x16 op alone on JDK 25
     * ({@code KernelTimes DEPTHWISE_CONV_2D --runs 200 -Damesh.fuse.depthwise=false}). Four sums need 20
     * vector registers; the earlier single pass of eight spilled. Reading the three input rows from three
     * (array, offset) pairs, to let rows in the padding read a row of zeros, made C2 spill the weights:
     * 42 -> 53 µs.
     */
    private void fourWindowsL(int s0, int rs, float[] dst, int o, int n) {
        final int ch = L;
        final int c = 0;
        FloatVector w00 = FloatVector.fromArray(S, w, c);
        FloatVector w01 = FloatVector.fromArray(S, w, paddedC + c);
        FloatVector w02 = FloatVector.fromArray(S, w, 2 * paddedC + c);
        FloatVector w10 = FloatVector.fromArray(S, w, 3 * paddedC + c);
        FloatVector w11 = FloatVector.fromArray(S, w, 4 * paddedC + c);
        FloatVector w12 = FloatVector.fromArray(S, w, 5 * paddedC + c);
        FloatVector w20 = FloatVector.fromArray(S, w, 6 * paddedC + c);
        FloatVector w21 = FloatVector.fromArray(S, w, 7 * paddedC + c);
        FloatVector w22 = FloatVector.fromArray(S, w, 8 * paddedC + c);
        FloatVector b = FloatVector.fromArray(S, bias, c);
        FloatVector z = FloatVector.zero(S);
        for (int i = 0; i < n; i += 4) {
            int xp = s0 + i * ch;
            int op = o + i * ch;
            FloatVector v0 = FloatVector.fromArray(S, x, xp);
            FloatVector v1 = FloatVector.fromArray(S, x, xp + ch);
            FloatVector v2 = FloatVector.fromArray(S, x, xp + 2 * ch);
            FloatVector v3 = FloatVector.fromArray(S, x, xp + 3 * ch);
            FloatVector v4 = FloatVector.fromArray(S, x, xp + 4 * ch);
            FloatVector v5 = FloatVector.fromArray(S, x, xp + 5 * ch);
            FloatVector a0 = z.add(v0.mul(w00)).add(v1.mul(w01)).add(v2.mul(w02));
            FloatVector a1 = z.add(v1.mul(w00)).add(v2.mul(w01)).add(v3.mul(w02));
            FloatVector a2 = z.add(v2.mul(w00)).add(v3.mul(w01)).add(v4.mul(w02));
            FloatVector a3 = z.add(v3.mul(w00)).add(v4.mul(w01)).add(v5.mul(w02));
            xp = s0 + rs + i * ch;
            v0 = FloatVector.fromArray(S, x, xp);
            v1 = FloatVector.fromArray(S, x, xp + ch);
            v2 = FloatVector.fromArray(S, x, xp + 2 * ch);
            v3 = FloatVector.fromArray(S, x, xp + 3 * ch);
            v4 = FloatVector.fromArray(S, x, xp + 4 * ch);
            v5 = FloatVector.fromArray(S, x, xp + 5 * ch);
            a0 = a0.add(v0.mul(w10)).add(v1.mul(w11)).add(v2.mul(w12));
            a1 = a1.add(v1.mul(w10)).add(v2.mul(w11)).add(v3.mul(w12));
            a2 = a2.add(v2.mul(w10)).add(v3.mul(w11)).add(v4.mul(w12));
            a3 = a3.add(v3.mul(w10)).add(v4.mul(w11)).add(v5.mul(w12));
            xp = s0 + 2 * rs + i * ch;
            v0 = FloatVector.fromArray(S, x, xp);
            v1 = FloatVector.fromArray(S, x, xp + ch);
            v2 = FloatVector.fromArray(S, x, xp + 2 * ch);
            v3 = FloatVector.fromArray(S, x, xp + 3 * ch);
            v4 = FloatVector.fromArray(S, x, xp + 4 * ch);
            v5 = FloatVector.fromArray(S, x, xp + 5 * ch);
            a0 = a0.add(v0.mul(w20)).add(v1.mul(w21)).add(v2.mul(w22)).add(b);
            a1 = a1.add(v1.mul(w20)).add(v2.mul(w21)).add(v3.mul(w22)).add(b);
            a2 = a2.add(v2.mul(w20)).add(v3.mul(w21)).add(v4.mul(w22)).add(b);
            a3 = a3.add(v3.mul(w20)).add(v4.mul(w21)).add(v5.mul(w22)).add(b);
            if (clamp) { // each branch stores its own sums: no vector variable is merged (JDK 17 would box it)
                a0.max(lo).min(hi).intoArray(dst, op);
                a1.max(lo).min(hi).intoArray(dst, op + ch);
                a2.max(lo).min(hi).intoArray(dst, op + 2 * ch);
                a3.max(lo).min(hi).intoArray(dst, op + 3 * ch);
            } else {
                a0.intoArray(dst, op);
                a1.intoArray(dst, op + ch);
                a2.intoArray(dst, op + 2 * ch);
                a3.intoArray(dst, op + 3 * ch);
            }
        }
    }

    /**
     * {@link #fourWindowsL} for pixels of two vectors of channels (48x48x32, the 16x16x32 region maps), for
     * the channel vector starting at {@code c}: 26 -> 21 µs per 48x48x32 op alone on JDK 25.
     */
    private void fourWindows2L(int s0, int rs, float[] dst, int o, int c, int n) {
        final int ch = 2 * L;
        FloatVector w00 = FloatVector.fromArray(S, w, c);
        FloatVector w01 = FloatVector.fromArray(S, w, paddedC + c);
        FloatVector w02 = FloatVector.fromArray(S, w, 2 * paddedC + c);
        FloatVector w10 = FloatVector.fromArray(S, w, 3 * paddedC + c);
        FloatVector w11 = FloatVector.fromArray(S, w, 4 * paddedC + c);
        FloatVector w12 = FloatVector.fromArray(S, w, 5 * paddedC + c);
        FloatVector w20 = FloatVector.fromArray(S, w, 6 * paddedC + c);
        FloatVector w21 = FloatVector.fromArray(S, w, 7 * paddedC + c);
        FloatVector w22 = FloatVector.fromArray(S, w, 8 * paddedC + c);
        FloatVector b = FloatVector.fromArray(S, bias, c);
        FloatVector z = FloatVector.zero(S);
        for (int i = 0; i < n; i += 4) {
            int xp = s0 + i * ch;
            int op = o + i * ch;
            FloatVector v0 = FloatVector.fromArray(S, x, xp);
            FloatVector v1 = FloatVector.fromArray(S, x, xp + ch);
            FloatVector v2 = FloatVector.fromArray(S, x, xp + 2 * ch);
            FloatVector v3 = FloatVector.fromArray(S, x, xp + 3 * ch);
            FloatVector v4 = FloatVector.fromArray(S, x, xp + 4 * ch);
            FloatVector v5 = FloatVector.fromArray(S, x, xp + 5 * ch);
            FloatVector a0 = z.add(v0.mul(w00)).add(v1.mul(w01)).add(v2.mul(w02));
            FloatVector a1 = z.add(v1.mul(w00)).add(v2.mul(w01)).add(v3.mul(w02));
            FloatVector a2 = z.add(v2.mul(w00)).add(v3.mul(w01)).add(v4.mul(w02));
            FloatVector a3 = z.add(v3.mul(w00)).add(v4.mul(w01)).add(v5.mul(w02));
            xp = s0 + rs + i * ch;
            v0 = FloatVector.fromArray(S, x, xp);
            v1 = FloatVector.fromArray(S, x, xp + ch);
            v2 = FloatVector.fromArray(S, x, xp + 2 * ch);
            v3 = FloatVector.fromArray(S, x, xp + 3 * ch);
            v4 = FloatVector.fromArray(S, x, xp + 4 * ch);
            v5 = FloatVector.fromArray(S, x, xp + 5 * ch);
            a0 = a0.add(v0.mul(w10)).add(v1.mul(w11)).add(v2.mul(w12));
            a1 = a1.add(v1.mul(w10)).add(v2.mul(w11)).add(v3.mul(w12));
            a2 = a2.add(v2.mul(w10)).add(v3.mul(w11)).add(v4.mul(w12));
            a3 = a3.add(v3.mul(w10)).add(v4.mul(w11)).add(v5.mul(w12));
            xp = s0 + 2 * rs + i * ch;
            v0 = FloatVector.fromArray(S, x, xp);
            v1 = FloatVector.fromArray(S, x, xp + ch);
            v2 = FloatVector.fromArray(S, x, xp + 2 * ch);
            v3 = FloatVector.fromArray(S, x, xp + 3 * ch);
            v4 = FloatVector.fromArray(S, x, xp + 4 * ch);
            v5 = FloatVector.fromArray(S, x, xp + 5 * ch);
            a0 = a0.add(v0.mul(w20)).add(v1.mul(w21)).add(v2.mul(w22)).add(b);
            a1 = a1.add(v1.mul(w20)).add(v2.mul(w21)).add(v3.mul(w22)).add(b);
            a2 = a2.add(v2.mul(w20)).add(v3.mul(w21)).add(v4.mul(w22)).add(b);
            a3 = a3.add(v3.mul(w20)).add(v4.mul(w21)).add(v5.mul(w22)).add(b);
            if (clamp) { // each branch stores its own sums: no vector variable is merged (JDK 17 would box it)
                a0.max(lo).min(hi).intoArray(dst, op);
                a1.max(lo).min(hi).intoArray(dst, op + ch);
                a2.max(lo).min(hi).intoArray(dst, op + 2 * ch);
                a3.max(lo).min(hi).intoArray(dst, op + 3 * ch);
            } else {
                a0.intoArray(dst, op);
                a1.intoArray(dst, op + ch);
                a2.intoArray(dst, op + 2 * ch);
                a3.intoArray(dst, op + 3 * ch);
            }
        }
    }

    /**
     * {@link #fourWindowsL} for more than two vectors of channels, with the channel loop inside the loop
     * over groups of four outputs: every index in the inner loop is then its counter plus an invariant, so
     * C2 checks the bounds once per group instead of at every load (the pixel stride {@code channels} is not
     * a constant). The weights are reloaded per channel vector, which the load ports absorb. Alone on JDK 25:
     * 12x12x128 10.0 -> 8.2 µs, 6x6x128 3.1 -> 2.4, 24x24x64 17 -> 16.
     */
    private void fourWindowsWide(int s0, int rs, float[] dst, int o, int n) {
        final int ch = channels;
        final int pc = paddedC;
        final int vc = vectorC;
        FloatVector z = FloatVector.zero(S);
        for (int i = 0; i < n; i += 4) {
            for (int c = 0; c < vc; c += L) {
                int xp = s0 + i * ch + c;
                int op = o + i * ch + c;
                FloatVector w0 = FloatVector.fromArray(S, w, c);
                FloatVector w1 = FloatVector.fromArray(S, w, pc + c);
                FloatVector w2 = FloatVector.fromArray(S, w, 2 * pc + c);
                FloatVector v0 = FloatVector.fromArray(S, x, xp);
                FloatVector v1 = FloatVector.fromArray(S, x, xp + ch);
                FloatVector v2 = FloatVector.fromArray(S, x, xp + 2 * ch);
                FloatVector v3 = FloatVector.fromArray(S, x, xp + 3 * ch);
                FloatVector v4 = FloatVector.fromArray(S, x, xp + 4 * ch);
                FloatVector v5 = FloatVector.fromArray(S, x, xp + 5 * ch);
                FloatVector a0 = z.add(v0.mul(w0)).add(v1.mul(w1)).add(v2.mul(w2));
                FloatVector a1 = z.add(v1.mul(w0)).add(v2.mul(w1)).add(v3.mul(w2));
                FloatVector a2 = z.add(v2.mul(w0)).add(v3.mul(w1)).add(v4.mul(w2));
                FloatVector a3 = z.add(v3.mul(w0)).add(v4.mul(w1)).add(v5.mul(w2));
                w0 = FloatVector.fromArray(S, w, 3 * pc + c);
                w1 = FloatVector.fromArray(S, w, 4 * pc + c);
                w2 = FloatVector.fromArray(S, w, 5 * pc + c);
                xp = s0 + rs + i * ch + c;
                v0 = FloatVector.fromArray(S, x, xp);
                v1 = FloatVector.fromArray(S, x, xp + ch);
                v2 = FloatVector.fromArray(S, x, xp + 2 * ch);
                v3 = FloatVector.fromArray(S, x, xp + 3 * ch);
                v4 = FloatVector.fromArray(S, x, xp + 4 * ch);
                v5 = FloatVector.fromArray(S, x, xp + 5 * ch);
                a0 = a0.add(v0.mul(w0)).add(v1.mul(w1)).add(v2.mul(w2));
                a1 = a1.add(v1.mul(w0)).add(v2.mul(w1)).add(v3.mul(w2));
                a2 = a2.add(v2.mul(w0)).add(v3.mul(w1)).add(v4.mul(w2));
                a3 = a3.add(v3.mul(w0)).add(v4.mul(w1)).add(v5.mul(w2));
                w0 = FloatVector.fromArray(S, w, 6 * pc + c);
                w1 = FloatVector.fromArray(S, w, 7 * pc + c);
                w2 = FloatVector.fromArray(S, w, 8 * pc + c);
                FloatVector b = FloatVector.fromArray(S, bias, c);
                xp = s0 + 2 * rs + i * ch + c;
                v0 = FloatVector.fromArray(S, x, xp);
                v1 = FloatVector.fromArray(S, x, xp + ch);
                v2 = FloatVector.fromArray(S, x, xp + 2 * ch);
                v3 = FloatVector.fromArray(S, x, xp + 3 * ch);
                v4 = FloatVector.fromArray(S, x, xp + 4 * ch);
                v5 = FloatVector.fromArray(S, x, xp + 5 * ch);
                a0 = a0.add(v0.mul(w0)).add(v1.mul(w1)).add(v2.mul(w2)).add(b);
                a1 = a1.add(v1.mul(w0)).add(v2.mul(w1)).add(v3.mul(w2)).add(b);
                a2 = a2.add(v2.mul(w0)).add(v3.mul(w1)).add(v4.mul(w2)).add(b);
                a3 = a3.add(v3.mul(w0)).add(v4.mul(w1)).add(v5.mul(w2)).add(b);
                if (clamp) { // each branch stores its own sums: no vector variable is merged (JDK 17 would box it)
                    a0.max(lo).min(hi).intoArray(dst, op);
                    a1.max(lo).min(hi).intoArray(dst, op + ch);
                    a2.max(lo).min(hi).intoArray(dst, op + 2 * ch);
                    a3.max(lo).min(hi).intoArray(dst, op + 3 * ch);
                } else {
                    a0.intoArray(dst, op);
                    a1.intoArray(dst, op + ch);
                    a2.intoArray(dst, op + 2 * ch);
                    a3.intoArray(dst, op + 3 * ch);
                }
            }
        }
    }

    /**
     * Four adjacent outputs at a time, {@code n} (a multiple of 4) in all, of a 3x3 window (stride 1 or 2)
     * over kernel rows {@code ky0..ky1-1} only (the rows of an edge row that lie inside the input), for every
     * vector of channels; {@code xi} is the first window's origin. Each sum adds its taps in (ky, kx) order
     * from +0, as the reference does over the taps inside the input.
     */
    private void fourWindowsRows(int xi, float[] dst, int o, int n, int ky0, int ky1) {
        final int ch = channels;
        final int pc = paddedC;
        final int vc = vectorC;
        final int step = sw * ch;
        final int rs = inW * ch;
        FloatVector z = FloatVector.zero(S);
        for (int i = 0; i < n; i += 4) {
            for (int c = 0; c < vc; c += L) {
                FloatVector a0 = z;
                FloatVector a1 = z;
                FloatVector a2 = z;
                FloatVector a3 = z;
                for (int ky = ky0; ky < ky1; ky++) {
                    int xp = xi + ky * rs + i * step + c;
                    FloatVector w0 = FloatVector.fromArray(S, w, 3 * ky * pc + c);
                    FloatVector w1 = FloatVector.fromArray(S, w, (3 * ky + 1) * pc + c);
                    FloatVector w2 = FloatVector.fromArray(S, w, (3 * ky + 2) * pc + c);
                    a0 = a0.add(FloatVector.fromArray(S, x, xp).mul(w0))
                            .add(FloatVector.fromArray(S, x, xp + ch).mul(w1))
                            .add(FloatVector.fromArray(S, x, xp + 2 * ch).mul(w2));
                    a1 = a1.add(FloatVector.fromArray(S, x, xp + step).mul(w0))
                            .add(FloatVector.fromArray(S, x, xp + step + ch).mul(w1))
                            .add(FloatVector.fromArray(S, x, xp + step + 2 * ch).mul(w2));
                    a2 = a2.add(FloatVector.fromArray(S, x, xp + 2 * step).mul(w0))
                            .add(FloatVector.fromArray(S, x, xp + 2 * step + ch).mul(w1))
                            .add(FloatVector.fromArray(S, x, xp + 2 * step + 2 * ch).mul(w2));
                    a3 = a3.add(FloatVector.fromArray(S, x, xp + 3 * step).mul(w0))
                            .add(FloatVector.fromArray(S, x, xp + 3 * step + ch).mul(w1))
                            .add(FloatVector.fromArray(S, x, xp + 3 * step + 2 * ch).mul(w2));
                }
                FloatVector b = FloatVector.fromArray(S, bias, c);
                int op = o + i * ch + c;
                if (clamp) { // each branch stores its own sums: no vector variable is merged (JDK 17 would box it)
                    a0.add(b).max(lo).min(hi).intoArray(dst, op);
                    a1.add(b).max(lo).min(hi).intoArray(dst, op + ch);
                    a2.add(b).max(lo).min(hi).intoArray(dst, op + 2 * ch);
                    a3.add(b).max(lo).min(hi).intoArray(dst, op + 3 * ch);
                } else {
                    a0.add(b).intoArray(dst, op);
                    a1.add(b).intoArray(dst, op + ch);
                    a2.add(b).intoArray(dst, op + 2 * ch);
                    a3.add(b).intoArray(dst, op + 3 * ch);
                }
            }
        }
    }

    /**
     * {@link #one} for four vectors of channels from {@code c}: four independent sums, each in the tap
     * order of the list.
     */
    private void oneFour(int xi, float[] dst, int o, int c, int[] lx, int lxOff, int[] lw, int lwOff, int n) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int t = 0; t < n; t++) {
            int p = xi + lx[lxOff + t];
            int q = lw[lwOff + t] + c;
            a0 = a0.add(FloatVector.fromArray(S, x, p).mul(FloatVector.fromArray(S, w, q)));
            a1 = a1.add(FloatVector.fromArray(S, x, p + L).mul(FloatVector.fromArray(S, w, q + L)));
            a2 = a2.add(FloatVector.fromArray(S, x, p + 2 * L).mul(FloatVector.fromArray(S, w, q + 2 * L)));
            a3 = a3.add(FloatVector.fromArray(S, x, p + 3 * L).mul(FloatVector.fromArray(S, w, q + 3 * L)));
        }
        if (clamp) { // each branch stores: no vector variable is merged (JDK 17 would box it)
            a0.add(FloatVector.fromArray(S, bias, c)).max(lo).min(hi).intoArray(dst, o);
            a1.add(FloatVector.fromArray(S, bias, c + L)).max(lo).min(hi).intoArray(dst, o + L);
            a2.add(FloatVector.fromArray(S, bias, c + 2 * L)).max(lo).min(hi).intoArray(dst, o + 2 * L);
            a3.add(FloatVector.fromArray(S, bias, c + 3 * L)).max(lo).min(hi).intoArray(dst, o + 3 * L);
        } else {
            a0.add(FloatVector.fromArray(S, bias, c)).intoArray(dst, o);
            a1.add(FloatVector.fromArray(S, bias, c + L)).intoArray(dst, o + L);
            a2.add(FloatVector.fromArray(S, bias, c + 2 * L)).intoArray(dst, o + 2 * L);
            a3.add(FloatVector.fromArray(S, bias, c + 3 * L)).intoArray(dst, o + 3 * L);
        }
    }

    /** Four adjacent output pixels of one channel vector; {@code xi} is the first window's origin. */
    private void four(int xi, float[] dst, int o, int c, int taps) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int step = sw * channels;
        for (int t = 0; t < taps; t++) {
            FloatVector wv = FloatVector.fromArray(S, w, tapW[t] + c);
            int p = xi + tapX[t];
            a0 = a0.add(FloatVector.fromArray(S, x, p).mul(wv));
            a1 = a1.add(FloatVector.fromArray(S, x, p + step).mul(wv));
            a2 = a2.add(FloatVector.fromArray(S, x, p + 2 * step).mul(wv));
            a3 = a3.add(FloatVector.fromArray(S, x, p + 3 * step).mul(wv));
        }
        FloatVector b = FloatVector.fromArray(S, bias, c);
        if (clamp) { // each branch stores: no vector variable is merged (JDK 17 would box it)
            a0.add(b).max(lo).min(hi).intoArray(dst, o);
            a1.add(b).max(lo).min(hi).intoArray(dst, o + channels);
            a2.add(b).max(lo).min(hi).intoArray(dst, o + 2 * channels);
            a3.add(b).max(lo).min(hi).intoArray(dst, o + 3 * channels);
        } else {
            a0.add(b).intoArray(dst, o);
            a1.add(b).intoArray(dst, o + channels);
            a2.add(b).intoArray(dst, o + 2 * channels);
            a3.add(b).intoArray(dst, o + 3 * channels);
        }
    }

    /**
     * One output pixel of one channel vector over {@code n} listed taps: input offsets {@code lx[lxOff..]},
     * weight offsets {@code lw[lwOff..]}.
     */
    private void one(int xi, float[] dst, int o, int c, int[] lx, int lxOff, int[] lw, int lwOff, int n) {
        FloatVector acc = FloatVector.zero(S);
        for (int t = 0; t < n; t++) {
            acc = acc.add(FloatVector.fromArray(S, x, xi + lx[lxOff + t])
                    .mul(FloatVector.fromArray(S, w, lw[lwOff + t] + c)));
        }
        if (clamp) {
            acc.add(FloatVector.fromArray(S, bias, c)).max(lo).min(hi).intoArray(dst, o);
        } else {
            acc.add(FloatVector.fromArray(S, bias, c)).intoArray(dst, o);
        }
    }

    /** Channels {@code vectorC..channels-1} of one output pixel, scalar. */
    private void scalarTail(int xi, float[] dst, int o, int[] lx, int lxOff, int[] lw, int lwOff, int n) {
        for (int c = vectorC; c < channels; c++) {
            float acc = 0f;
            for (int t = 0; t < n; t++) {
                acc += x[xi + lx[lxOff + t] + c] * w[lw[lwOff + t] + c];
            }
            dst[o + c] = Math.min(Math.max(acc + bias[c], lo), hi);
        }
    }

    @Override
    public String name() {
        return "simd/depthwise-conv2d-" + kernelH + "x" + kernelW + "-s" + sh + "x" + sw + "-" + L + "L"
                + (poolOut != null ? "+max-pool2d-2x2" : "");
    }
}
