package dev.amesh.cpu.simd;

import dev.amesh.cpu.Operand;
import dev.amesh.cpu.ref.Activation;

/**
 * What happens to a convolution's accumulator before it is stored, in graph order:
 * {@code v = act(acc + bias)}, then optionally a fused residual ADD {@code v = addAct(v + residual)}, then
 * optionally a fused PRELU {@code v = v >= 0 ? v : v * alpha}. Per-channel constants are copied into
 * arrays padded to whole vectors, so the kernels load them without masks.
 *
 * @param bias padded bias (zeros when the op has none)
 * @param act the convolution's own fused activation
 * @param residual the other ADD operand, laid out like the output, or null
 * @param addAct the ADD's fused activation
 * @param alpha padded PRELU slopes, or null
 */
record Epilogue(float[] bias, Activation act, Operand residual, Activation addAct, float[] alpha) {

    /** Bias from {@code bias} (may be null) padded to {@code paddedChannels}; no residual, no PRELU. */
    static Epilogue of(Operand bias, int channels, int paddedChannels, Activation act) {
        return new Epilogue(padded(bias, channels, paddedChannels), act, null, Activation.NONE, null);
    }

    Epilogue withResidual(Operand r, Activation a) {
        return new Epilogue(bias, act, r, a, alpha);
    }

    Epilogue withAlpha(float[] paddedAlpha) {
        return new Epilogue(bias, act, residual, addAct, paddedAlpha);
    }

    /** The first {@code channels} values of {@code o} (or zeros when null) in an array of {@code paddedChannels}. */
    static float[] padded(Operand o, int channels, int paddedChannels) {
        float[] p = new float[paddedChannels];
        if (o != null) {
            System.arraycopy(o.data(), o.offset(), p, 0, channels);
        }
        return p;
    }
}
