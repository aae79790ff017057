package dev.amesh.cpu.ref;

import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;
import java.util.Arrays;

/**
 * RESHAPE: the same elements in the same order under the graph's output shape. When the memory plan
 * gave the output its input's window there is nothing to do; otherwise the elements are copied.
 * {@code new_shape}, if present, may hold one -1 and must resolve to the declared output shape.
 */
public final class ReshapeRef implements Kernel {
    private final float[] x;
    private final int xOff;
    private final float[] out;
    private final int outOff;
    private final int size;
    private final boolean aliased;

    private ReshapeRef(Operand x, Operand out) {
        this.x = x.data();
        this.xOff = x.offset();
        this.out = out.data();
        this.outOff = out.offset();
        this.size = x.size();
        this.aliased = x.sameStorage(out);
    }

    public static Kernel prepare(KernelContext ctx) {
        ctx.requireInputCount(1, 1);
        ctx.requireOutputCount(1);
        Operand x = ctx.input(0);
        Operand out = ctx.output(0);
        if (x.size() != out.size()) {
            throw ctx.error("input " + x.describe() + " has " + x.size() + " elements but output " + out.describe()
                    + " has " + out.size());
        }
        if (ctx.attributes().has("new_shape")) {
            int[] target = resolve(ctx, ctx.intsAttr("new_shape"), x.size());
            if (!Arrays.equals(target, out.shape().dims())) {
                throw ctx.error("new_shape " + Arrays.toString(ctx.intsAttr("new_shape")) + " resolves to "
                        + Arrays.toString(target) + " but output " + out.describe() + " is declared otherwise");
            }
        }
        return new ReshapeRef(x, out);
    }

    /** Replaces a single -1 in {@code shape} so that it holds {@code size} elements. */
    private static int[] resolve(KernelContext ctx, int[] shape, int size) {
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1 && unknown < 0) {
                unknown = i;
            } else if (shape[i] < 0) {
                throw ctx.error("new_shape " + Arrays.toString(shape) + " has an invalid dimension " + shape[i]);
            } else {
                known *= shape[i];
            }
        }
        int[] r = shape.clone();
        if (unknown >= 0) {
            if (known == 0 || size % known != 0) {
                throw ctx.error("new_shape " + Arrays.toString(shape) + " cannot hold " + size + " elements");
            }
            r[unknown] = (int) (size / known);
        }
        return r;
    }

    @Override
    public void execute() {
        if (!aliased) {
            System.arraycopy(x, xOff, out, outOff, size);
        }
    }

    @Override
    public String name() {
        return aliased ? "ref/reshape(alias)" : "ref/reshape(copy)";
    }
}
