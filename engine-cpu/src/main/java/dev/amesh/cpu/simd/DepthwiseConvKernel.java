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
 * channels: any kernel size, stride and dilation. Weights are repacked to [KH*KW taps][C padded to whole
 * vectors]. Each run first copies the input into a zero-bordered buffer with padded channels, so every
 * output pixel is an interior one: one loop over the taps, no masks on loads, four output pixels sharing
 * each weight load. A tap in the padding adds {@code 0 * w}, which leaves the sum unchanged for finite
 * weights; every output sums its taps in (ky, kx) order from 0 with separate multiply and add, then adds
 * the bias, exactly as the reference does. Split across the pool by output rows.
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
    private final int paddedC;
    private final int outH;
    private final int outW;
    private final int kernelH;
    private final int kernelW;
    private final int sh;
    private final int sw;
    /** The zero-bordered copy of one batch item: [padH][padW][paddedC]. */
    private final float[] padded;
    private final int padTop;
    private final int padLeft;
    private final int paddedH;
    private final int paddedW;
    /** Per tap t = ky*KW + kx: offset into {@link #padded} relative to the window origin, and into {@link #w}. */
    private final int[] tapX;
    private final int[] tapW;
    private final float lo;
    private final float hi;
    /** Per thread: one vector of scratch for a partial channel vector, copied out by the real channels. */
    private final float[][] tails;
    private final WorkerPool pool;
    private final boolean parallel;
    private final CopyTask copy = new CopyTask();
    private int batch;

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
        this.paddedC = Simd.roundUp(channels);
        this.outH = out.dim(1);
        this.outW = out.dim(2);
        this.kernelH = filter.dim(1);
        this.kernelW = filter.dim(2);
        this.sh = win.strideH();
        this.sw = win.strideW();
        this.padTop = win.padH().before();
        this.padLeft = win.padW().before();
        // rows/columns the windows reach: (out-1)*stride + (k-1)*dilation + 1, at least the input itself
        this.paddedH = Math.max(padTop + inH, (outH - 1) * sh + (kernelH - 1) * win.dilationH() + 1);
        this.paddedW = Math.max(padLeft + inW, (outW - 1) * sw + (kernelW - 1) * win.dilationW() + 1);
        this.padded = new float[paddedH * paddedW * paddedC];
        int taps = kernelH * kernelW;
        this.tapX = new int[taps];
        this.tapW = new int[taps];
        this.w = new float[taps * paddedC];
        for (int t = 0; t < taps; t++) {
            int ky = t / kernelW;
            int kx = t % kernelW;
            tapX[t] = (ky * win.dilationH() * paddedW + kx * win.dilationW()) * paddedC;
            tapW[t] = t * paddedC;
            System.arraycopy(filter.data(), filter.offset() + t * channels, w, t * paddedC, channels);
        }
        this.bias = Epilogue.padded(bias, channels, paddedC);
        this.lo = act.min;
        this.hi = act.max;
        this.tails = new float[pool.threads()][L];
        this.pool = pool;
        long macs = (long) out.size() * taps;
        this.parallel = pool.threads() > 1 && macs >= ConvKernel.MIN_PARALLEL_MACS;
    }

    static Kernel prepare(KernelContext ctx, WorkerPool pool) {
        ctx.requireInputCount(2, 3);
        ctx.requireOutputCount(1);
        Operand x = ctx.inputOfRank(0, 4, "input");
        Operand filter = ctx.inputOfRank(1, 4, "filter");
        int c = x.dim(3);
        if (filter.dim(0) != 1 || filter.dim(3) != c || ctx.intAttr("depth_multiplier", 1) != 1) {
            return DepthwiseConv2dRef.prepare(ctx); // depth multiplier != 1, or a misfit the reference reports
        }
        Operand bias = null;
        if (ctx.inputCount() == 3) {
            bias = ctx.input(2);
            if (bias.size() != c || bias.rank() != 1) {
                throw ctx.error("bias " + bias.describe() + " must have shape [" + c + "]");
            }
        }
        Window win = Window.of(ctx, x.dim(1), x.dim(2), filter.dim(1), filter.dim(2));
        ctx.requireOutputShape(0, Shape.of(x.dim(0), win.padH().outSize(), win.padW().outSize(), c));
        return new DepthwiseConvKernel(x, filter, bias, ctx.output(0), win, Activation.of(ctx), pool);
    }

    @Override
    public void execute() {
        for (batch = 0; batch < batches; batch++) {
            if (parallel) {
                pool.run(copy);
                pool.run(this);
            } else {
                copy.run(0, 1, 0);
                run(0, 1, 0);
            }
        }
    }

    /** Copies input rows of the current batch item into the zero-bordered buffer. */
    private final class CopyTask implements WorkerPool.Task {
        @Override
        public void run(int part, int parts, int thread) {
            int per = (inH + parts - 1) / parts;
            int y1 = Math.min(inH, (part + 1) * per);
            for (int y = part * per; y < y1; y++) {
                int src = xOff + ((batch * inH + y) * inW) * channels;
                int dst = ((y + padTop) * paddedW + padLeft) * paddedC;
                if (paddedC == channels) {
                    System.arraycopy(x, src, padded, dst, inW * channels);
                } else {
                    for (int ix = 0; ix < inW; ix++) {
                        System.arraycopy(x, src + ix * channels, padded, dst + ix * paddedC, channels);
                    }
                }
            }
        }
    }

    @Override
    public void run(int part, int parts, int thread) {
        int per = (outH + parts - 1) / parts;
        int oy1 = Math.min(outH, (part + 1) * per);
        int taps = kernelH * kernelW;
        for (int oy = part * per; oy < oy1; oy++) {
            int rowIn = oy * sh * paddedW * paddedC;
            int oRow = outOff + (batch * outH + oy) * outW * channels;
            for (int c = 0; c < paddedC; c += L) {
                boolean full = c + L <= channels;
                int ox = 0;
                if (full) {
                    for (; ox + 4 <= outW; ox += 4) {
                        four(rowIn + ox * sw * paddedC + c, oRow + ox * channels + c, c, taps);
                    }
                }
                for (; ox < outW; ox++) {
                    one(rowIn + ox * sw * paddedC + c, oRow + ox * channels + c, c, taps, full ? null : tails[thread]);
                }
            }
        }
    }

    /** Four adjacent output pixels of a full channel vector; {@code xi} is the first window's origin. */
    private void four(int xi, int o, int c, int taps) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int step = sw * paddedC;
        for (int t = 0; t < taps; t++) {
            FloatVector wv = FloatVector.fromArray(S, w, tapW[t] + c);
            int p = xi + tapX[t];
            a0 = a0.add(FloatVector.fromArray(S, padded, p).mul(wv));
            a1 = a1.add(FloatVector.fromArray(S, padded, p + step).mul(wv));
            a2 = a2.add(FloatVector.fromArray(S, padded, p + 2 * step).mul(wv));
            a3 = a3.add(FloatVector.fromArray(S, padded, p + 3 * step).mul(wv));
        }
        FloatVector b = FloatVector.fromArray(S, bias, c);
        a0.add(b).max(lo).min(hi).intoArray(out, o);
        a1.add(b).max(lo).min(hi).intoArray(out, o + channels);
        a2.add(b).max(lo).min(hi).intoArray(out, o + 2 * channels);
        a3.add(b).max(lo).min(hi).intoArray(out, o + 3 * channels);
    }

    /**
     * One output pixel. A partial channel vector goes through {@code tail} and is copied by its real
     * channels: masked stores cost JDK 17's C2 its intrinsics (and box vectors) once both paths are hot.
     */
    private void one(int xi, int o, int c, int taps, float[] tail) {
        FloatVector acc = FloatVector.zero(S);
        for (int t = 0; t < taps; t++) {
            acc = acc.add(FloatVector.fromArray(S, padded, xi + tapX[t]).mul(FloatVector.fromArray(S, w, tapW[t] + c)));
        }
        FloatVector r = acc.add(FloatVector.fromArray(S, bias, c)).max(lo).min(hi);
        if (tail == null) {
            r.intoArray(out, o);
        } else {
            r.intoArray(tail, 0);
            System.arraycopy(tail, 0, out, o, channels - c);
        }
    }

    @Override
    public String name() {
        return "simd/depthwise-conv2d-" + kernelH + "x" + kernelW + "-s" + sh + "x" + sw + "-" + L + "L";
    }
}
