package dev.amesh.cpu.ref;

import dev.amesh.api.tensor.Shape;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;
import java.util.Arrays;

/**
 * PAD with zeros: attribute {@code paddings} = (before, after) per axis, so the output dim is
 * {@code before + in + after} and {@code out[i + before] = x[i]}, 0 elsewhere.
 */
public final class PadRef implements Kernel {
    private final float[] x;
    private final int xOff;
    private final float[] out;
    private final int outOff;
    private final int outSize;
    private final int[] inDims;
    private final int[] outStrides;
    private final int firstOffset;
    private final int[] index;

    private PadRef(Operand x, Operand out, int[] paddings) {
        this.x = x.data();
        this.xOff = x.offset();
        this.out = out.data();
        this.outOff = out.offset();
        this.outSize = out.size();
        this.inDims = x.shape().dims();
        int rank = inDims.length;
        this.outStrides = new int[rank];
        int first = 0;
        for (int d = 0; d < rank; d++) {
            outStrides[d] = out.shape().stride(d);
            first += paddings[2 * d] * outStrides[d];
        }
        this.firstOffset = first;
        this.index = new int[rank];
    }

    public static Kernel prepare(KernelContext ctx) {
        ctx.requireInputCount(1, 1);
        ctx.requireOutputCount(1);
        Operand x = ctx.input(0);
        int[] pads = ctx.intsAttr("paddings");
        int rank = x.rank();
        if (pads.length != 2 * rank) {
            throw ctx.error("paddings has " + pads.length + " values; input " + x.describe() + " needs " + 2 * rank
                    + " (before, after per axis)");
        }
        int[] outDims = new int[rank];
        for (int d = 0; d < rank; d++) {
            if (pads[2 * d] < 0 || pads[2 * d + 1] < 0) {
                throw ctx.error("negative padding " + Arrays.toString(pads) + " on axis " + d);
            }
            outDims[d] = pads[2 * d] + x.dim(d) + pads[2 * d + 1];
        }
        ctx.requireOutputShape(0, Shape.of(outDims));
        return new PadRef(x, ctx.output(0), pads);
    }

    @Override
    public void execute() {
        Arrays.fill(out, outOff, outOff + outSize, 0f);
        int rank = inDims.length;
        if (rank == 0) {
            out[outOff] = x[xOff];
            return;
        }
        int row = inDims[rank - 1];
        int inSize = 1;
        for (int d : inDims) {
            inSize *= d;
        }
        if (inSize == 0) {
            return;
        }
        Arrays.fill(index, 0);
        for (int src = 0; src < inSize; src += row) {
            int dst = outOff + firstOffset;
            for (int d = 0; d < rank - 1; d++) {
                dst += index[d] * outStrides[d];
            }
            System.arraycopy(x, xOff + src, out, dst, row);
            for (int d = rank - 2; d >= 0; d--) {
                if (++index[d] < inDims[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
    }

    @Override
    public String name() {
        return "ref/pad";
    }
}
