package dev.amesh.cpu.ref;

import dev.amesh.api.tensor.Shape;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;
import java.util.Arrays;

/**
 * STRIDED_SLICE with TFLite's begin/end/shrink-axis masks. Per axis of size n with stride s != 0:
 * start = begin (or the first element in the stride's direction when its begin_mask bit is set), a
 * negative value counting from the end, then clamped to [0, n] for s > 0 or [-1, n-1] for s < 0; stop
 * likewise from end/end_mask; a shrink_axis bit takes the single element at start and drops the axis.
 * The axis then holds {@code max(0, ceil((stop - start) / s))} elements. ellipsis_mask and new_axis_mask
 * do not occur in the supported models and are rejected.
 */
public final class StridedSliceRef implements Kernel {
    private final float[] x;
    private final int xOff;
    private final float[] out;
    private final int outOff;
    private final int outSize;
    private final int[] counts;
    private final int[] steps;
    private final int base;
    private final int[] index;

    private StridedSliceRef(Operand x, Operand out, int[] starts, int[] strides, int[] counts) {
        this.x = x.data();
        this.xOff = x.offset();
        this.out = out.data();
        this.outOff = out.offset();
        this.outSize = out.size();
        this.counts = counts;
        int rank = counts.length;
        this.steps = new int[rank];
        int b = 0;
        for (int d = 0; d < rank; d++) {
            int inStride = x.shape().stride(d);
            steps[d] = strides[d] * inStride;
            b += starts[d] * inStride;
        }
        this.base = b;
        this.index = new int[rank];
    }

    public static Kernel prepare(KernelContext ctx) {
        ctx.requireInputCount(1, 1);
        ctx.requireOutputCount(1);
        Operand x = ctx.input(0);
        int rank = x.rank();
        int[] begin = ctx.intsAttr("begin");
        int[] end = ctx.intsAttr("end");
        int[] strides = ctx.attributes().has("strides") ? ctx.intsAttr("strides") : filled(rank, 1);
        if (begin.length != rank || end.length != rank || strides.length != rank) {
            throw ctx.error("begin, end and strides must each have " + rank + " values for input " + x.describe()
                    + ", got " + Arrays.toString(begin) + ", " + Arrays.toString(end) + ", " + Arrays.toString(strides));
        }
        int beginMask = ctx.intAttr("begin_mask", 0);
        int endMask = ctx.intAttr("end_mask", 0);
        int shrinkMask = ctx.intAttr("shrink_axis_mask", 0);
        if (ctx.intAttr("ellipsis_mask", 0) != 0 || ctx.intAttr("new_axis_mask", 0) != 0) {
            throw ctx.error("ellipsis_mask and new_axis_mask are not supported");
        }
        int[] starts = new int[rank];
        int[] counts = new int[rank];
        int[] outDims = new int[rank];
        int outRank = 0;
        for (int d = 0; d < rank; d++) {
            int n = x.dim(d);
            int s = strides[d];
            if (s == 0) {
                throw ctx.error("stride of axis " + d + " is 0");
            }
            boolean shrink = (shrinkMask >> d & 1) != 0;
            int start = startIndex(begin[d], (beginMask >> d & 1) != 0, s, n);
            int stop = shrink ? start + 1 : stopIndex(end[d], (endMask >> d & 1) != 0, s, n);
            int raw = begin[d] < 0 ? begin[d] + n : begin[d];
            if (shrink && (beginMask >> d & 1) == 0 && (raw < 0 || raw >= n)) {
                throw ctx.error("shrink_axis on axis " + d + " selects index " + begin[d] + " outside size " + n);
            }
            int count = shrink ? 1 : s > 0 ? ceilDiv(stop - start, s) : ceilDiv(start - stop, -s);
            starts[d] = start;
            counts[d] = Math.max(0, count);
            if (!shrink) {
                outDims[outRank++] = counts[d];
            }
        }
        ctx.requireOutputShape(0, Shape.of(Arrays.copyOf(outDims, outRank)));
        return new StridedSliceRef(x, ctx.output(0), starts, strides, counts);
    }

    /** Start index of one axis after begin_mask, negative wrap-around and clamping. */
    private static int startIndex(int begin, boolean masked, int stride, int n) {
        if (masked) {
            return stride > 0 ? 0 : n - 1;
        }
        return clampToAxis(begin < 0 ? begin + n : begin, stride, n);
    }

    /** Stop index (exclusive) of one axis after end_mask, negative wrap-around and clamping. */
    private static int stopIndex(int end, boolean masked, int stride, int n) {
        if (masked) {
            return stride > 0 ? n : -1;
        }
        return clampToAxis(end < 0 ? end + n : end, stride, n);
    }

    private static int clampToAxis(int v, int stride, int n) {
        return stride > 0 ? clamp(v, 0, n) : clamp(v, -1, n - 1);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static int ceilDiv(int a, int b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    @Override
    public void execute() {
        int rank = counts.length;
        if (outSize == 0) {
            return;
        }
        if (rank == 0) {
            out[outOff] = x[xOff];
            return;
        }
        Arrays.fill(index, 0);
        int inner = counts[rank - 1];
        int innerStep = steps[rank - 1];
        int o = outOff;
        for (int row = outSize / inner; row > 0; row--) {
            int src = xOff + base;
            for (int d = 0; d < rank - 1; d++) {
                src += index[d] * steps[d];
            }
            for (int j = 0; j < inner; j++) {
                out[o++] = x[src + j * innerStep];
            }
            for (int d = rank - 2; d >= 0; d--) {
                if (++index[d] < counts[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
    }

    @Override
    public String name() {
        return "ref/strided-slice";
    }
}
