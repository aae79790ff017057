package dev.amesh.cpu.ref;

import dev.amesh.api.tensor.Shape;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;

/**
 * CONCATENATION along {@code axis} (negative counts from the end): the inputs agree on every other dim;
 * the output dim on {@code axis} is the sum. Each outer slice is the inputs' slices one after another.
 * The fused activation is applied to every element.
 */
public final class ConcatenationRef implements Kernel {
    private final float[][] xs;
    private final int[] xOffs;
    private final int[] chunk;
    private final float[] out;
    private final int outOff;
    private final int outer;
    private final Activation act;

    private ConcatenationRef(Operand[] inputs, Operand out, int axis, Activation act) {
        this.xs = new float[inputs.length][];
        this.xOffs = new int[inputs.length];
        this.chunk = new int[inputs.length];
        int inner = out.shape().stride(axis);
        for (int i = 0; i < inputs.length; i++) {
            xs[i] = inputs[i].data();
            xOffs[i] = inputs[i].offset();
            chunk[i] = inputs[i].dim(axis) * inner;
        }
        int o = 1;
        for (int d = 0; d < axis; d++) {
            o *= out.dim(d);
        }
        this.outer = o;
        this.out = out.data();
        this.outOff = out.offset();
        this.act = act;
    }

    public static Kernel prepare(KernelContext ctx) {
        ctx.requireInputCount(1, Integer.MAX_VALUE);
        ctx.requireOutputCount(1);
        Operand first = ctx.input(0);
        int rank = first.rank();
        int axisAttr = ctx.intAttr("axis");
        int axis = axisAttr < 0 ? axisAttr + rank : axisAttr;
        if (axis < 0 || axis >= rank) {
            throw ctx.error("axis " + axisAttr + " is out of range for rank " + rank + " input " + first.describe());
        }
        int[] outDims = first.shape().dims();
        outDims[axis] = 0;
        Operand[] inputs = new Operand[ctx.inputCount()];
        for (int i = 0; i < inputs.length; i++) {
            Operand x = ctx.input(i);
            boolean fits = x.rank() == rank;
            for (int d = 0; fits && d < rank; d++) {
                fits = d == axis || x.dim(d) == first.dim(d);
            }
            if (!fits) {
                throw ctx.error("input " + i + " " + x.describe() + " does not match input 0 " + first.describe()
                        + " outside axis " + axis);
            }
            outDims[axis] += x.dim(axis);
            inputs[i] = x;
        }
        ctx.requireOutputShape(0, Shape.of(outDims));
        return new ConcatenationRef(inputs, ctx.output(0), axis, Activation.of(ctx));
    }

    @Override
    public void execute() {
        int o = outOff;
        for (int k = 0; k < outer; k++) {
            for (int i = 0; i < xs.length; i++) {
                float[] x = xs[i];
                int src = xOffs[i] + k * chunk[i];
                if (act == Activation.NONE) {
                    System.arraycopy(x, src, out, o, chunk[i]);
                } else {
                    for (int j = 0; j < chunk[i]; j++) {
                        out[o + j] = act.apply(x[src + j]);
                    }
                }
                o += chunk[i];
            }
        }
    }

    @Override
    public String name() {
        return "ref/concatenation";
    }
}
