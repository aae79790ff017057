package dev.amesh.cpu.ref;

import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;

/** RELU: {@code out = x < 0 ? 0 : x}, same shape. */
public final class ReluRef implements Kernel {
    private final float[] x;
    private final int xOff;
    private final float[] out;
    private final int outOff;
    private final int size;

    private ReluRef(Operand x, Operand out) {
        this.x = x.data();
        this.xOff = x.offset();
        this.out = out.data();
        this.outOff = out.offset();
        this.size = x.size();
    }

    public static Kernel prepare(KernelContext ctx) {
        ctx.requireInputCount(1, 1);
        ctx.requireOutputCount(1);
        ctx.requireOutputShape(0, ctx.input(0).shape());
        return new ReluRef(ctx.input(0), ctx.output(0));
    }

    @Override
    public void execute() {
        for (int i = 0; i < size; i++) {
            float v = x[xOff + i];
            out[outOff + i] = v < 0f ? 0f : v;
        }
    }

    @Override
    public String name() {
        return "ref/relu";
    }
}
