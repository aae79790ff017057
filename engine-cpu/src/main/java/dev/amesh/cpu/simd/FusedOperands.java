package dev.amesh.cpu.simd;

import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.tensor.Shape;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;
import dev.amesh.cpu.ref.Activation;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads the extra operands {@link Fusion} appends to a convolution node: a residual ADD operand, PRELU
 * slopes, and the filter and bias of a folded depthwise convolution (whose input then is input 0), named by
 * input index in the {@code amesh.fused.*} attributes. A node without those attributes is a plain
 * convolution with inputs x, filter and an optional bias.
 */
final class FusedOperands {
    static final String RESIDUAL_INPUT = "amesh.fused.residual_input";
    static final String ADD_ACTIVATION = "amesh.fused.add_activation";
    /**
     * 1 when the residual is the input of a folded channel PAD: [N, H, W, C'] with C' below the output's C,
     * standing for that tensor padded with zeros to C channels.
     */
    static final String RESIDUAL_CHANNEL_PADDED = "amesh.fused.residual_channel_padded";
    static final String ALPHA_INPUT = "amesh.fused.alpha_input";
    /**
     * 1 on a DEPTHWISE_CONV_2D that a 2x2 stride-2 MAX_POOL_2D over the same input was folded into
     * ({@link Fusion#foldMaxPools}): output 1 is the pool's.
     */
    static final String MAX_POOL_OUTPUT = "amesh.fused.max_pool_output";
    /** A folded depthwise convolution: its filter and bias inputs, its (never stored) output tensor id. */
    static final String DW_FILTER_INPUT = "amesh.fused.dw_filter_input";
    static final String DW_BIAS_INPUT = "amesh.fused.dw_bias_input";
    static final String DW_OUTPUT = "amesh.fused.dw_output";
    /** Prefix of the folded depthwise node's own attributes (padding, strides, activation, ...). */
    static final String DW_ATTRIBUTE_PREFIX = "amesh.fused.dw.";

    private final int residualInput;
    private final int alphaInput;
    private final int dwFilterInput;
    private final int dwBiasInput;
    private final int baseInputs;
    private final String addActivation;

    private FusedOperands(int residualInput, int alphaInput, int dwFilterInput, int dwBiasInput, int baseInputs,
            String addActivation) {
        this.residualInput = residualInput;
        this.alphaInput = alphaInput;
        this.dwFilterInput = dwFilterInput;
        this.dwBiasInput = dwBiasInput;
        this.baseInputs = baseInputs;
        this.addActivation = addActivation;
    }

    static FusedOperands of(KernelContext ctx) {
        ctx.requireOutputCount(1);
        int residual = ctx.intAttr(RESIDUAL_INPUT, -1);
        int alpha = ctx.intAttr(ALPHA_INPUT, -1);
        int dwFilter = ctx.intAttr(DW_FILTER_INPUT, -1);
        int dwBias = ctx.intAttr(DW_BIAS_INPUT, -1);
        if (dwBias >= 0 && dwFilter < 0) {
            throw ctx.error("a fused depthwise bias (input " + dwBias + ") needs a fused depthwise filter");
        }
        int[] extras = {residual, alpha, dwFilter, dwBias};
        int extra = 0;
        for (int i = 0; i < extras.length; i++) {
            extra += extras[i] >= 0 ? 1 : 0;
        }
        ctx.requireInputCount(2 + extra, 3 + extra);
        int base = ctx.inputCount() - extra;
        for (int i = 0; i < extras.length; i++) {
            int e = extras[i];
            if ((e >= 0 && e < base) || e >= ctx.inputCount()) {
                throw ctx.error("fused operand indices residual=" + residual + ", alpha=" + alpha + ", dw filter="
                        + dwFilter + ", dw bias=" + dwBias + " must follow the " + base + " convolution inputs");
            }
        }
        return new FusedOperands(residual, alpha, dwFilter, dwBias, base, ctx.stringAttr(ADD_ACTIVATION, "NONE"));
    }

    /** True when a depthwise convolution was folded in: input 0 is then that op's input. */
    boolean hasDepthwise() {
        return dwFilterInput >= 0;
    }

    /**
     * The context of the folded depthwise node, as the graph had it: input 0, the depthwise filter and bias,
     * its attributes, and its output tensor (which has no storage).
     */
    KernelContext depthwiseContext(KernelContext ctx) {
        int outId = ctx.intAttr(DW_OUTPUT);
        if (outId < 0 || outId >= ctx.graph().tensors().size()) {
            throw ctx.error("fused depthwise output tensor " + outId + " is not in the graph");
        }
        Attributes.Builder attrs = Attributes.builder();
        Iterator<Map.Entry<String, Object>> it = ctx.attributes().asMap().entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Object> e = it.next();
            if (e.getKey().startsWith(DW_ATTRIBUTE_PREFIX)) {
                attrs.putObject(e.getKey().substring(DW_ATTRIBUTE_PREFIX.length()), e.getValue());
            }
        }
        Node conv = ctx.node();
        int[] ids = dwBiasInput >= 0
                ? new int[] {conv.input(0), conv.input(dwFilterInput), conv.input(dwBiasInput)}
                : new int[] {conv.input(0), conv.input(dwFilterInput)};
        Operand[] ins = new Operand[ids.length];
        ins[0] = ctx.input(0);
        ins[1] = ctx.input(dwFilterInput);
        if (dwBiasInput >= 0) {
            ins[2] = ctx.input(dwBiasInput);
        }
        Node dw = new Node(conv.index(), OpType.DEPTHWISE_CONV_2D, ids, new int[] {outId}, attrs.build());
        Operand out = new Operand(ctx.graph().tensor(outId), null, 0);
        return new KernelContext(ctx.graph(), dw, ins, new Operand[] {out}, ctx.options());
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
            if (ctx.intAttr(RESIDUAL_CHANNEL_PADDED, 0) == 1) {
                if (r.rank() != 4 || r.dim(0) != outShape.dim(0) || r.dim(1) != outShape.dim(1)
                        || r.dim(2) != outShape.dim(2) || r.dim(3) < 1 || r.dim(3) >= outShape.dim(3)) {
                    throw ctx.error("fused channel-padded residual " + r.describe() + " must match the output shape "
                            + outShape + " but for fewer channels");
                }
            } else if (!r.shape().equals(outShape)) {
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
