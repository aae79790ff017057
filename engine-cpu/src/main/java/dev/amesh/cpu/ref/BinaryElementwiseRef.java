package dev.amesh.cpu.ref;

import dev.amesh.api.graph.OpType;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;
import java.util.Arrays;
import java.util.Locale;

/**
 * ADD, MUL and PRELU with NumPy broadcasting: {@code out[i] = act(a[i] + b[i])}, {@code act(a[i] * b[i])}, or
 * for PRELU (a = x, b = alpha) {@code x >= 0 ? x : x * alpha}. The output shape is the broadcast shape.
 */
public final class BinaryElementwiseRef implements Kernel {
    private enum Kind { ADD, MUL, PRELU }

    private final Kind kind;
    private final float[] a;
    private final int aOff;
    private final float[] b;
    private final int bOff;
    private final float[] out;
    private final int outOff;
    private final int size;
    private final boolean sameShape;
    private final Broadcast bc;
    private final int[] index;
    private final float actMin;
    private final float actMax;

    private BinaryElementwiseRef(Kind kind, Operand a, Operand b, Operand out, Broadcast bc, Activation act) {
        this.kind = kind;
        this.a = a.data();
        this.aOff = a.offset();
        this.b = b.data();
        this.bOff = b.offset();
        this.out = out.data();
        this.outOff = out.offset();
        this.size = out.size();
        this.sameShape = a.shape().equals(b.shape());
        this.bc = bc;
        this.index = new int[bc.outDims.length];
        this.actMin = act.min;
        this.actMax = act.max;
    }

    public static Kernel prepare(KernelContext ctx) {
        ctx.requireInputCount(2, 2);
        ctx.requireOutputCount(1);
        Operand a = ctx.input(0);
        Operand b = ctx.input(1);
        Broadcast bc;
        try {
            bc = Broadcast.of(a.shape(), b.shape());
        } catch (IllegalArgumentException e) {
            throw ctx.error("inputs " + a.describe() + " and " + b.describe() + ": " + e.getMessage());
        }
        ctx.requireOutputShape(0, bc.outShape());
        OpType op = ctx.node().op();
        Kind kind = switch (op) {
            case ADD -> Kind.ADD;
            case MUL -> Kind.MUL;
            case PRELU -> Kind.PRELU;
            default -> throw ctx.error("not a binary element-wise op");
        };
        Activation act = kind == Kind.PRELU ? Activation.NONE : Activation.of(ctx);
        return new BinaryElementwiseRef(kind, a, b, ctx.output(0), bc, act);
    }

    private float combine(float x, float y) {
        float v = switch (kind) {
            case ADD -> x + y;
            case MUL -> x * y;
            case PRELU -> x >= 0f ? x : x * y;
        };
        return Math.min(Math.max(v, actMin), actMax);
    }

    @Override
    public void execute() {
        if (sameShape) {
            for (int i = 0; i < size; i++) {
                out[outOff + i] = combine(a[aOff + i], b[bOff + i]);
            }
            return;
        }
        int rank = index.length;
        int inner = bc.outDims[rank - 1];
        if (inner == 0) {
            return;
        }
        int innerA = bc.aStrides[rank - 1];
        int innerB = bc.bStrides[rank - 1];
        Arrays.fill(index, 0);
        int o = outOff;
        for (int row = size / inner; row > 0; row--) {
            int ia = aOff;
            int ib = bOff;
            for (int d = 0; d < rank - 1; d++) {
                ia += index[d] * bc.aStrides[d];
                ib += index[d] * bc.bStrides[d];
            }
            for (int j = 0; j < inner; j++) {
                out[o++] = combine(a[ia + j * innerA], b[ib + j * innerB]);
            }
            for (int d = rank - 2; d >= 0; d--) {
                if (++index[d] < bc.outDims[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
    }

    @Override
    public String name() {
        return "ref/" + kind.name().toLowerCase(Locale.ROOT);
    }
}
