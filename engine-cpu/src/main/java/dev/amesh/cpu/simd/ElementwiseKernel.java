package dev.amesh.cpu.simd;

import dev.amesh.api.graph.OpType;
import dev.amesh.api.tensor.Shape;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;
import dev.amesh.cpu.ref.Activation;
import dev.amesh.cpu.ref.BinaryElementwiseRef;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * ADD, MUL and PRELU when both inputs have the output's shape, or the second is one value per channel of
 * the last axis (PRELU slopes, a per-channel scale) or a single value (a scale); every other broadcast goes
 * to the reference kernel.
 * Vector body, scalar tail, same formulas as {@link BinaryElementwiseRef}.
 */
final class ElementwiseKernel implements Kernel {
    private static final VectorSpecies<Float> S = Simd.S;
    private static final int L = Simd.L;
    private static final int ADD = 0;
    private static final int MUL = 1;
    private static final int PRELU = 2;

    private final int kind;
    private final float[] a;
    private final int aOff;
    private final float[] b;
    private final int bOff;
    private final float[] out;
    private final int outOff;
    private final int size;
    /** Length of the repeating b pattern: size for same-shape inputs, the channel count for per-channel b. */
    private final int period;
    private final boolean clamp;
    private final float lo;
    private final float hi;

    private ElementwiseKernel(int kind, Operand a, Operand b, Operand out, int period, Activation act) {
        this.kind = kind;
        this.a = a.data();
        this.aOff = a.offset();
        this.b = b.data();
        this.bOff = b.offset();
        this.out = out.data();
        this.outOff = out.offset();
        this.size = out.size();
        this.period = period;
        this.clamp = act != Activation.NONE;
        this.lo = act.min;
        this.hi = act.max;
    }

    static Kernel prepare(KernelContext ctx) {
        if (ctx.inputCount() != 2 || ctx.outputCount() != 1) {
            return BinaryElementwiseRef.prepare(ctx);
        }
        Operand a = ctx.input(0);
        Operand b = ctx.input(1);
        Operand out = ctx.output(0);
        Shape s = a.shape();
        boolean same = s.equals(b.shape()) && s.equals(out.shape());
        boolean perChannel = s.rank() >= 1 && s.equals(out.shape())
                && FusedOperands.isPerChannel(b.shape(), s.dim(s.rank() - 1)) && b.rank() <= s.rank();
        // One value for every element (the landmark scaling MULs): a period-1 pattern of b.
        boolean scalar = b.size() == 1 && s.equals(out.shape()) && b.rank() <= s.rank();
        if (!same && !perChannel && !scalar) {
            return BinaryElementwiseRef.prepare(ctx);
        }
        OpType op = ctx.node().op();
        int kind = switch (op) {
            case ADD -> ADD;
            case MUL -> MUL;
            case PRELU -> PRELU;
            default -> throw ctx.error("not a binary element-wise op");
        };
        Activation act = kind == PRELU ? Activation.NONE : Activation.of(ctx);
        int period = same ? out.size() : perChannel ? s.dim(s.rank() - 1) : 1;
        return new ElementwiseKernel(kind, a, b, out, period, act);
    }

    @Override
    public void execute() {
        if (period == 0) {
            return;
        }
        if (period == 1) {
            scalarB();
            return;
        }
        int bound = S.loopBound(period);
        for (int start = 0; start < size; start += period) {
            int ao = aOff + start;
            int oo = outOff + start;
            if (kind == ADD && !clamp) {
                for (int i = 0; i < bound; i += L) {
                    FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, oo + i);
                }
            } else if (kind == ADD) {
                for (int i = 0; i < bound; i += L) {
                    FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bOff + i)).max(lo).min(hi)
                            .intoArray(out, oo + i);
                }
            } else if (kind == MUL) {
                for (int i = 0; i < bound; i += L) {
                    FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bOff + i)).max(lo).min(hi)
                            .intoArray(out, oo + i);
                }
            } else {
                for (int i = 0; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, a, ao + i);
                    v.blend(v.mul(FloatVector.fromArray(S, b, bOff + i)), v.lt(0f)).intoArray(out, oo + i);
                }
            }
            for (int i = bound; i < period; i++) {
                float x = a[ao + i];
                float y = b[bOff + i];
                float r = kind == ADD ? x + y : kind == MUL ? x * y : x >= 0f ? x : x * y;
                out[oo + i] = kind == PRELU ? r : Math.min(Math.max(r, lo), hi);
            }
        }
    }

    /** b is one value: broadcast it once, then one flat loop. */
    private void scalarB() {
        float y = b[bOff];
        FloatVector bv = FloatVector.broadcast(S, y);
        int bound = S.loopBound(size);
        if (kind == ADD && !clamp) {
            for (int i = 0; i < bound; i += L) {
                FloatVector.fromArray(S, a, aOff + i).add(bv).intoArray(out, outOff + i);
            }
        } else if (kind == ADD) {
            for (int i = 0; i < bound; i += L) {
                FloatVector.fromArray(S, a, aOff + i).add(bv).max(lo).min(hi).intoArray(out, outOff + i);
            }
        } else if (kind == MUL) {
            for (int i = 0; i < bound; i += L) {
                FloatVector.fromArray(S, a, aOff + i).mul(bv).max(lo).min(hi).intoArray(out, outOff + i);
            }
        } else {
            for (int i = 0; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, a, aOff + i);
                v.blend(v.mul(bv), v.lt(0f)).intoArray(out, outOff + i);
            }
        }
        for (int i = bound; i < size; i++) {
            float x = a[aOff + i];
            float r = kind == ADD ? x + y : kind == MUL ? x * y : x >= 0f ? x : x * y;
            out[outOff + i] = kind == PRELU ? r : Math.min(Math.max(r, lo), hi);
        }
    }

    @Override
    public String name() {
        return "simd/" + (kind == ADD ? "add" : kind == MUL ? "mul" : "prelu") + "-" + L + "L";
    }
}
