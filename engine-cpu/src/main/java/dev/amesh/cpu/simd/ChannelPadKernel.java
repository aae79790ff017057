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
 *
 * <p>With more than one thread the rows are split across the pool exactly as a pointwise convolution splits
 * its pixels (the op the model feeds): each core then pads the rows it reads next, and its share of the
 * max-pool output before; on the caller alone, half of every row crossed cores.
 */
final class ChannelPadKernel implements Kernel, WorkerPool.Task {
    private static final VectorSpecies<Float> S = Simd.S;
    private static final int L = Simd.L;
    /**
     * Outputs from which the rows are split across the pool: in the model on two threads (JDK 25) the three
     * backbone pads (73728, 36864, 18432 floats) took 23, 9.5 and 3.7 µs on the caller alone, 10, 5 and 3
     * split; the region pads (4096 floats and less) stay on the caller.
     */
    private static final int MIN_PARALLEL_FLOATS = 10_000;

    private final float[] x;
    private final int xOff;
    private final float[] out;
    private final int outOff;
    private final int rows;
    private final int inRow;
    private final int outRow;
    private final int before;
    private final WorkerPool pool;
    private final boolean parallel;

    private ChannelPadKernel(Operand x, Operand out, int before, WorkerPool pool) {
        this.x = x.data();
        this.xOff = x.offset();
        this.out = out.data();
        this.outOff = out.offset();
        this.inRow = x.dim(x.rank() - 1);
        this.outRow = out.dim(out.rank() - 1);
        this.rows = inRow == 0 ? 0 : x.size() / inRow;
        this.before = before;
        this.pool = pool;
        this.parallel = pool.threads() > 1 && (long) out.size() >= MIN_PARALLEL_FLOATS;
    }

    static Kernel prepare(KernelContext ctx, WorkerPool pool) {
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
        return new ChannelPadKernel(x, ctx.output(0), pads[2 * (rank - 1)], pool);
    }

    @Override
    public void execute() {
        pool.run(this, parallel);
    }

    /** Rows of chunk {@code part}: the pixels {@link ConvKernel} gives the same chunk of a 1x1 convolution. */
    @Override
    public void run(int part, int parts, int thread) {
        int r0 = ConvKernel.pointwiseStart(rows, part, parts);
        int r1 = ConvKernel.pointwiseStart(rows, part + 1, parts);
        FloatVector zero = FloatVector.zero(S);
        int copyBound = S.loopBound(inRow);
        for (int r = r0; r < r1; r++) {
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
