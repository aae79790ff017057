package dev.amesh.cpu.simd;

import dev.amesh.api.tensor.Shape;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;
import dev.amesh.cpu.ref.Activation;
import dev.amesh.cpu.ref.DepthwiseConv2dRef;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * DEPTHWISE_CONV_2D with depth multiplier 1 (others go to the reference kernel), vectorised over
 * channels: any kernel size, stride and dilation. Weights are repacked to [KH][KW][C padded to vectors].
 * Away from the borders four output pixels share each weight vector load; border pixels visit only the
 * taps inside the input. Every output sums its taps in (ky, kx) order from 0, then adds the bias.
 * Split across the pool by output rows.
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
    private final int dh;
    private final int dw;
    private final int padTop;
    private final int padLeft;
    private final boolean clamp;
    private final float lo;
    private final float hi;
    private final VectorMask<Float> tailMask;
    private final WorkerPool pool;
    private final boolean parallel;
    /** First and one-past-last output column whose window lies inside the input. */
    private final int oxIn0;
    private final int oxIn1;

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
        this.dh = win.dilationH();
        this.dw = win.dilationW();
        this.padTop = win.padH().before();
        this.padLeft = win.padW().before();
        this.w = new float[kernelH * kernelW * paddedC];
        for (int t = 0; t < kernelH * kernelW; t++) {
            System.arraycopy(filter.data(), filter.offset() + t * channels, w, t * paddedC, channels);
        }
        this.bias = Epilogue.padded(bias, channels, paddedC);
        this.clamp = act != Activation.NONE;
        this.lo = act.min;
        this.hi = act.max;
        this.tailMask = channels % L == 0 ? null : S.indexInRange(0, channels % L);
        this.pool = pool;
        long macs = (long) out.size() * kernelH * kernelW;
        this.parallel = pool.parts() > 1 && macs >= ConvKernel.MIN_PARALLEL_MACS;
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
        if (parallel) {
            pool.run(this);
        } else {
            run(0, 1);
        }
    }

    @Override
    public void run(int part, int parts) {
        int rows = batches * outH;
        int per = (rows + parts - 1) / parts;
        int row1 = Math.min(rows, (part + 1) * per);
        for (int row = part * per; row < row1; row++) {
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
            int xRow = xOff + n * inH * inW * channels;
            int oRow = outOff + row * outW * channels;
            for (int c = 0; c < channels; c += L) {
                boolean full = c + L <= channels;
                int ox = 0;
                for (; ox < oxIn0 && ox < outW; ox++) {
                    pixel(xRow, oRow, iy0, ky0, ky1, ox, c, full);
                }
                if (full) {
                    for (; ox + 4 <= oxIn1; ox += 4) {
                        interior4(xRow, oRow, iy0, ky0, ky1, ox, c);
                    }
                }
                for (; ox < outW; ox++) {
                    pixel(xRow, oRow, iy0, ky0, ky1, ox, c, full);
                }
            }
        }
    }

    /** Four adjacent output pixels whose windows lie inside the input horizontally; full channel vector. */
    private void interior4(int xRow, int oRow, int iy0, int ky0, int ky1, int ox, int c) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int ix0 = ox * sw - padLeft;
        int step = sw * channels;
        for (int ky = ky0; ky < ky1; ky++) {
            int xi = xRow + ((iy0 + ky * dh) * inW + ix0) * channels + c;
            int wi = ky * kernelW * paddedC + c;
            for (int kx = 0; kx < kernelW; kx++, xi += dw * channels, wi += paddedC) {
                FloatVector wv = FloatVector.fromArray(S, w, wi);
                a0 = a0.add(FloatVector.fromArray(S, x, xi).mul(wv));
                a1 = a1.add(FloatVector.fromArray(S, x, xi + step).mul(wv));
                a2 = a2.add(FloatVector.fromArray(S, x, xi + 2 * step).mul(wv));
                a3 = a3.add(FloatVector.fromArray(S, x, xi + 3 * step).mul(wv));
            }
        }
        FloatVector b = FloatVector.fromArray(S, bias, c);
        int o = oRow + ox * channels + c;
        finish(a0.add(b)).intoArray(out, o);
        finish(a1.add(b)).intoArray(out, o + channels);
        finish(a2.add(b)).intoArray(out, o + 2 * channels);
        finish(a3.add(b)).intoArray(out, o + 3 * channels);
    }

    /** One output pixel, taps clipped to the input; masked when the channel vector is partial. */
    private void pixel(int xRow, int oRow, int iy0, int ky0, int ky1, int ox, int c, boolean full) {
        int ix0 = ox * sw - padLeft;
        int kx0 = 0;
        while (kx0 < kernelW && ix0 + kx0 * dw < 0) {
            kx0++;
        }
        int kx1 = kernelW;
        while (kx1 > kx0 && ix0 + (kx1 - 1) * dw >= inW) {
            kx1--;
        }
        FloatVector acc = FloatVector.zero(S);
        for (int ky = ky0; ky < ky1; ky++) {
            int xi = xRow + ((iy0 + ky * dh) * inW + ix0 + kx0 * dw) * channels + c;
            int wi = (ky * kernelW + kx0) * paddedC + c;
            for (int kx = kx0; kx < kx1; kx++, xi += dw * channels, wi += paddedC) {
                FloatVector xv = full ? FloatVector.fromArray(S, x, xi) : FloatVector.fromArray(S, x, xi, tailMask);
                acc = acc.add(xv.mul(FloatVector.fromArray(S, w, wi)));
            }
        }
        FloatVector r = finish(acc.add(FloatVector.fromArray(S, bias, c)));
        int o = oRow + ox * channels + c;
        if (full) {
            r.intoArray(out, o);
        } else {
            r.intoArray(out, o, tailMask);
        }
    }

    private FloatVector finish(FloatVector v) {
        return clamp ? v.max(lo).min(hi) : v;
    }

    @Override
    public String name() {
        return "simd/depthwise-conv2d-" + kernelH + "x" + kernelW + "-s" + sh + "-" + L + "L";
    }
}
