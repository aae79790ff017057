package dev.amesh.cpu.ref;

import dev.amesh.cpu.KernelContext;

/** TFLite fused activations: the result is clamped to {@code [min, max]} as {@code min(max(x, lo), hi)}. */
public enum Activation {
    NONE(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY),
    RELU(0f, Float.POSITIVE_INFINITY),
    RELU6(0f, 6f),
    RELU_N1_TO_1(-1f, 1f);

    public final float min;
    public final float max;

    Activation(float min, float max) {
        this.min = min;
        this.max = max;
    }

    public float apply(float x) {
        return Math.min(Math.max(x, min), max);
    }

    /** The node's {@code activation} attribute; NONE when absent. */
    public static Activation of(KernelContext ctx) {
        String name = ctx.stringAttr("activation", "NONE");
        for (Activation a : values()) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        throw ctx.error("unknown activation '" + name + "'; expected NONE, RELU, RELU6 or RELU_N1_TO_1");
    }
}
