package dev.amesh.cpu.simd;

import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;
import dev.amesh.cpu.ref.Activation;
import dev.amesh.cpu.ref.MaxPool2dRef;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * MAX_POOL_2D vectorised over channels. Like the reference, the maximum starts at the lowest float and a
 * tap replaces it only when {@code max < tap}, so NaN inputs are skipped and padding never contributes.
 */
final class MaxPoolKernel implements Kernel, WorkerPool.Task {
    private static final VectorSpecies<Float> S = Simd.S;
    private static final int L = Simd.L;

    private final float[] x;
    private final int xOff;
    private final float[] out;
    private final int outOff;
    private final int batches;
    private final int inH;
    private final int inW;
    private final int channels;
    private final int outH;
    private final int outW;
    private final int filterH;
    private final int filterW;
    private final Window win;
    private final boolean clamp;
    private final float lo;
    private final float hi;

    private final WorkerPool pool;
    private final boolean parallel;
    /** 2x2 windows at stride 2, all inside the input, whole vectors of channels, no clamp: the model's pools. */
    private final boolean wholeWindows2x2;

    private MaxPoolKernel(Operand x, Operand out, int filterH, int filterW, Window win, Activation act,
            WorkerPool pool) {
        this.pool = pool;
        this.parallel = pool.threads() > 1 && (long) out.size() * filterH * filterW >= ConvKernel.MIN_PARALLEL_MACS;
        this.x = x.data();
        this.xOff = x.offset();
        this.out = out.data();
        this.outOff = out.offset();
        this.batches = x.dim(0);
        this.inH = x.dim(1);
        this.inW = x.dim(2);
        this.channels = x.dim(3);
        this.outH = out.dim(1);
        this.outW = out.dim(2);
        this.filterH = filterH;
        this.filterW = filterW;
        this.win = win;
        this.clamp = act != Activation.NONE;
        this.lo = act.min;
        this.hi = act.max;
        this.wholeWindows2x2 = filterH == 2 && filterW == 2 && win.strideH() == 2 && win.strideW() == 2
                && win.padH().before() == 0 && win.padW().before() == 0 && outH * 2 <= inH && outW * 2 <= inW
                && channels % L == 0 && !clamp;
    }

    static Kernel prepare(KernelContext ctx, WorkerPool pool) {
        MaxPool2dRef.prepare(ctx); // validates operands, attributes and output shape, naming the node
        Operand x = ctx.input(0);
        int fh = ctx.positiveIntAttr("filter_h");
        int fw = ctx.positiveIntAttr("filter_w");
        Window win = Window.of(ctx, x.dim(1), x.dim(2), fh, fw);
        return new MaxPoolKernel(x, ctx.output(0), fh, fw, win, Activation.of(ctx), pool);
    }

    @Override
    public void execute() {
        pool.run(this, parallel);
    }

    /** Output rows of chunk {@code part}. */
    @Override
    public void run(int part, int parts, int thread) {
        int rows = batches * outH;
        int per = (rows + parts - 1) / parts;
        int row1 = Math.min(rows, (part + 1) * per);
        if (wholeWindows2x2) {
            for (int row = part * per; row < row1; row++) {
                int in = xOff + (row / outH * inH + row % outH * 2) * inW * channels;
                row2x2(x, in, inW * channels, channels, out, outOff + row * outW * channels, outW);
            }
            return;
        }
        for (int row = part * per; row < row1; row++) {
            int n = row / outH;
            int oy = row % outH;
            int o = outOff + row * outW * channels;
            int iy0 = oy * win.strideH() - win.padH().before();
            int ky0 = Math.max(0, -iy0);
            int ky1 = Math.min(filterH, inH - iy0);
            for (int ox = 0; ox < outW; ox++, o += channels) {
                int ix0 = ox * win.strideW() - win.padW().before();
                int kx0 = Math.max(0, -ix0);
                int kx1 = Math.min(filterW, inW - ix0);
                int first = xOff + ((n * inH + iy0 + ky0) * inW + ix0 + kx0) * channels;
                int c = 0;
                for (; c + L <= channels; c += L) {
                    if (clamp) { // each branch stores: no merged vector variable (JDK 17 would box it)
                        window(first + c, ky1 - ky0, kx1 - kx0).max(lo).min(hi).intoArray(out, o + c);
                    } else {
                        window(first + c, ky1 - ky0, kx1 - kx0).intoArray(out, o + c);
                    }
                }
                for (; c < channels; c++) {
                    out[o + c] = scalarWindow(first + c, ky1 - ky0, kx1 - kx0);
                }
            }
        }
    }

    /**
     * The maximum over {@code rows x cols} taps from {@code first}, in one loop over the taps: the running
     * maximum is the only loop-carried vector, which JDK 17's C2 keeps in a register.
     */
    private FloatVector window(int first, int rows, int cols) {
        FloatVector m = FloatVector.broadcast(S, -Float.MAX_VALUE);
        int taps = rows * cols;
        int rowSkip = (inW - cols + 1) * channels;
        int at = first;
        for (int t = 0, kx = 0; t < taps; t++) { // no division per tap: it cost more than the loads
            FloatVector v = FloatVector.fromArray(S, x, at);
            m = m.blend(v, m.lt(v));
            if (++kx == cols) {
                kx = 0;
                at += rowSkip;
            } else {
                at += channels;
            }
        }
        return m;
    }

    /**
     * One output row of 2x2 stride-2 windows (the attention model's pools), no padding, no clamp, whole vectors
     * of {@code channels}: input rows from {@code in} and {@code in + rowFloats}, {@code outW} pixels to
     * {@code out} from {@code o}. The taps of {@link #window} in the same order. Also run by a
     * {@link DepthwiseConvKernel} that a pool reading the same input was folded into, right after the
     * depthwise row that loaded these input rows.
     */
    static void row2x2(float[] x, int in, int rowFloats, int channels, float[] out, int o, int outW) {
        if (channels == L) {
            row2x2L(x, in, rowFloats, out, o, outW);
            return;
        }
        // One flat loop over the row's output vectors: a loop over the channel vectors nested in the loop over
        // pixels paid the inner loop's entry checks per pixel (96x96x16 alone 12.9 -> 8.5 µs flat).
        FloatVector lowest = FloatVector.broadcast(S, -Float.MAX_VALUE);
        int n = outW * channels;
        int c = 0;
        int pixel = in;
        for (int j = 0; j < n; j += L) {
            int first = pixel + c;
            int below = first + rowFloats;
            FloatVector v = FloatVector.fromArray(S, x, first);
            FloatVector m = lowest.blend(v, lowest.lt(v));
            v = FloatVector.fromArray(S, x, first + channels);
            m = m.blend(v, m.lt(v));
            v = FloatVector.fromArray(S, x, below);
            m = m.blend(v, m.lt(v));
            v = FloatVector.fromArray(S, x, below + channels);
            m.blend(v, m.lt(v)).intoArray(out, o + j);
            c += L;
            if (c == channels) {
                c = 0;
                pixel += 2 * channels;
            }
        }
    }

    /** {@link #row2x2} for one vector of channels: every index a constant multiple of the counter plus an invariant. */
    private static void row2x2L(float[] x, int in, int rowFloats, float[] out, int o, int outW) {
        FloatVector lowest = FloatVector.broadcast(S, -Float.MAX_VALUE);
        for (int j = 0; j < outW; j++) {
            int first = in + 2 * L * j;
            int below = first + rowFloats;
            FloatVector v = FloatVector.fromArray(S, x, first);
            FloatVector m = lowest.blend(v, lowest.lt(v));
            v = FloatVector.fromArray(S, x, first + L);
            m = m.blend(v, m.lt(v));
            v = FloatVector.fromArray(S, x, below);
            m = m.blend(v, m.lt(v));
            v = FloatVector.fromArray(S, x, below + L);
            m.blend(v, m.lt(v)).intoArray(out, o + L * j);
        }
    }

    /** The scalar tail: one channel, same comparison as the vector path and the reference. */
    private float scalarWindow(int first, int rows, int cols) {
        float m = -Float.MAX_VALUE;
        for (int ky = 0; ky < rows; ky++) {
            for (int kx = 0; kx < cols; kx++) {
                float v = x[first + (ky * inW + kx) * channels];
                if (m < v) {
                    m = v;
                }
            }
        }
        return Math.min(Math.max(m, lo), hi);
    }

    @Override
    public String name() {
        return "simd/max-pool2d-" + filterH + "x" + filterW + "-" + L + "L";
    }
}
