package dev.amesh.cpu.ref;

import dev.amesh.cpu.KernelContext;

/**
 * TFLite's spatial padding for one axis ({@code tensorflow/lite/kernels/padding.h}).
 *
 * <p>SAME: {@code out = ceil(in/s)}, {@code total = max((out-1)*s + (k-1)*d + 1 - in, 0)}, {@code before =
 * total/2}, {@code after = total - before} (an odd total puts the extra row or column at the bottom or
 * right). VALID: {@code out = (in - ((k-1)*d + 1) + s) / s}, no padding.
 */
public record Padding(int outSize, int before, int after) {

    /**
     * @param mode SAME or VALID
     * @throws IllegalArgumentException for an unknown mode or a window larger than the VALID input
     */
    public static Padding compute(String mode, int in, int kernel, int stride, int dilation) {
        int effective = (kernel - 1) * dilation + 1;
        switch (mode) {
            case "SAME": {
                int out = (in + stride - 1) / stride;
                int total = Math.max((out - 1) * stride + effective - in, 0);
                return new Padding(out, total / 2, total - total / 2);
            }
            case "VALID": {
                int out = (in - effective + stride) / stride;
                if (in < effective) {
                    throw new IllegalArgumentException("VALID window of " + effective + " does not fit input size " + in);
                }
                return new Padding(out, 0, 0);
            }
            default:
                throw new IllegalArgumentException("unknown padding '" + mode + "'; expected SAME or VALID");
        }
    }

    /** Padding for one axis from the node's {@code padding} attribute, failures naming the node. */
    static Padding of(KernelContext ctx, String axis, int in, int kernel, int stride, int dilation) {
        try {
            return compute(ctx.stringAttr("padding"), in, kernel, stride, dilation);
        } catch (IllegalArgumentException e) {
            throw ctx.error(axis + ": " + e.getMessage());
        }
    }
}
