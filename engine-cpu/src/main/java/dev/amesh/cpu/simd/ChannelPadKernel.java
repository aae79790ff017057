package dev.amesh.cpu.simd;

import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;
import dev.amesh.cpu.ref.PadRef;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * PAD of the last axis only (BlazeFace's channel padding before a residual ADD): each input row of C
 * floats is copied into its output row of {@code before + C + after} floats with vector moves, and the
 * padding is written with zeros, in one pass over the output. Any other padding goes to {@link PadRef},
 * which also validates the operands and the {@code paddings} attribute.
 */
final class ChannelPadKernel implements Kernel {
    private static final VectorSpecies<Float> S = Simd.S;
    private static final int L = Simd.L;

    private final float[] x;
    private final int xOff;
    private final float[] out;
    private final int outOff;
    private final int rows;
    private final int inRow;
    private final int outRow;
    private final int before;

    private ChannelPadKernel(Operand x, Operand out, int before) {
        this.x = x.data();
        this.xOff = x.offset();
        this.out = out.data();
        this.outOff = out.offset();
        this.inRow = x.dim(x.rank() - 1);
        this.outRow = out.dim(out.rank() - 1);
        this.rows = inRow == 0 ? 0 : x.size() / inRow;
        this.before = before;
    }

    static Kernel prepare(KernelContext ctx) {
        Kernel ref = PadRef.prepare(ctx); // validates, names the node on misfits
        Operand x = ctx.input(0);
        int[] pads = ctx.intsAttr("paddings");
        int rank = x.rank();
        for (int d = 0; d < rank - 1; d++) {
            if (pads[2 * d] != 0 || pads[2 * d + 1] != 0) {
                return ref;
            }
        }
        if (rank == 0 || x.dim(rank - 1) == 0) {
            return ref;
        }
        return new ChannelPadKernel(x, ctx.output(0), pads[2 * (rank - 1)]);
    }

    @Override
    public void execute() {
        FloatVector zero = FloatVector.zero(S);
        int copyBound = S.loopBound(inRow);
        for (int r = 0; r < rows; r++) {
            int o = outOff + r * outRow;
            int i = xOff + r * inRow;
            zeros(o, before, zero);
            int d = o + before;
            int c = 0;
            for (; c < copyBound; c += L) {
                FloatVector.fromArray(S, x, i + c).intoArray(out, d + c);
            }
            for (; c < inRow; c++) {
                out[d + c] = x[i + c];
            }
            zeros(d + inRow, outRow - before - inRow, zero);
        }
    }

    private void zeros(int from, int n, FloatVector zero) {
        int c = 0;
        for (; c + L <= n; c += L) {
            zero.intoArray(out, from + c);
        }
        for (; c < n; c++) {
            out[from + c] = 0f;
        }
    }

    @Override
    public String name() {
        return "simd/channel-pad-" + L + "L";
    }
}
