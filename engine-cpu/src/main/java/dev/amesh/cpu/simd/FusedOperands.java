package dev.amesh.cpu.simd;

import dev.amesh.api.tensor.Shape;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;
import dev.amesh.cpu.ref.Activation;

/**
 * Reads the extra operands {@link Fusion} appends to a convolution node: a residual ADD operand and/or
 * PRELU slopes, named by input index in the {@code amesh.fused.*} attributes. A node without those
 * attributes is a plain convolution with inputs x, filter and an optional bias.
 */
final class FusedOperands {
    static final String RESIDUAL_INPUT = "amesh.fused.residual_input";
    static final String ADD_ACTIVATION = "amesh.fused.add_activation";
    static final String ALPHA_INPUT = "amesh.fused.alpha_input";

    private final int residualInput;
    private final int alphaInput;
    private final int baseInputs;
    private final String addActivation;

    private FusedOperands(int residualInput, int alphaInput, int baseInputs, String addActivation) {
        this.residualInput = residualInput;
        this.alphaInput = alphaInput;
        this.baseInputs = baseInputs;
        this.addActivation = addActivation;
    }

    static FusedOperands of(KernelContext ctx) {
        ctx.requireOutputCount(1);
        int residual = ctx.intAttr(RESIDUAL_INPUT, -1);
        int alpha = ctx.intAttr(ALPHA_INPUT, -1);
        int extra = (residual >= 0 ? 1 : 0) + (alpha >= 0 ? 1 : 0);
        ctx.requireInputCount(2 + extra, 3 + extra);
        int base = ctx.inputCount() - extra;
        if ((residual >= 0 && residual < base) || residual >= ctx.inputCount()
                || (alpha >= 0 && alpha < base) || alpha >= ctx.inputCount()) {
            throw ctx.error("fused operand indices residual=" + residual + ", alpha=" + alpha + " must follow the "
                    + base + " convolution inputs");
        }
        return new FusedOperands(residual, alpha, base, ctx.stringAttr(ADD_ACTIVATION, "NONE"));
    }

    /** The bias operand, or null. */
    Operand bias(KernelContext ctx, int channels) {
        if (baseInputs < 3) {
            return null;
        }
        Operand b = ctx.input(2);
        if (b.size() != channels || b.rank() != 1) {
            throw ctx.error("bias " + b.describe() + " must have shape [" + channels + "]");
        }
        return b;
    }

    /** The epilogue of a convolution with {@code channels} outputs of shape {@code outShape}. */
    Epilogue epilogue(KernelContext ctx, int channels, int paddedChannels, Shape outShape) {
        Epilogue e = Epilogue.of(bias(ctx, channels), channels, paddedChannels, Activation.of(ctx));
        if (residualInput >= 0) {
            Operand r = ctx.input(residualInput);
            if (!r.shape().equals(outShape)) {
                throw ctx.error("fused residual " + r.describe() + " must have the output shape " + outShape);
            }
            Activation addAct;
            try {
                addAct = Activation.valueOf(addActivation);
            } catch (IllegalArgumentException ex) {
                throw ctx.error("unknown fused ADD activation '" + addActivation + "'");
            }
            e = e.withResidual(r, addAct);
        }
        if (alphaInput >= 0) {
            Operand a = ctx.input(alphaInput);
            if (!isPerChannel(a.shape(), channels)) {
                throw ctx.error("fused PRELU slopes " + a.describe() + " must be one value per channel (" + channels
                        + ")");
            }
            e = e.withAlpha(Epilogue.padded(a, channels, paddedChannels));
        }
        return e;
    }

    /** True for shapes like [C], [1,C], [1,1,C]: one value per channel of the last axis. */
    static boolean isPerChannel(Shape s, int channels) {
        if (s.rank() == 0 || s.dim(s.rank() - 1) != channels) {
            return false;
        }
        for (int i = 0; i < s.rank() - 1; i++) {
            if (s.dim(i) != 1) {
                return false;
            }
        }
        return true;
    }
}
