package dev.amesh.cpu.ref;

import dev.amesh.api.tensor.Shape;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Numerics;
import dev.amesh.cpu.Operand;

/**
 * CONV_2D reference: x [N,H,W,I], filter [O,KH,KW,I], optional bias [O] -> [N,OH,OW,O].
 * {@code out[n,oy,ox,o] = act(sum_{ky,kx,i} x[n, oy*sh - pt + ky*dh, ox*sw - pl + kx*dw, i] * W[o,ky,kx,i] + b[o])};
 * taps outside the input contribute nothing. The sum runs ky, kx, i in order from 0, then the bias is
 * added, as in TFLite's reference kernel. Each multiply-add is fused ({@link Math#fma}: one rounding) or
 * rounded as product then sum, as {@link Numerics} decides for the JVM; every backend follows the same
 * choice, so their results agree bit for bit.
 */
public final class Conv2dRef implements Kernel {
    private static final boolean FMA = Numerics.FUSED_CONV;

    private final float[] x;
    private final int xOff;
    private final float[] w;
    private final int wOff;
    private final float[] bias;
    private final int biasOff;
    private final float[] out;
    private final int outOff;
    private final int batches;
    private final int inH;
    private final int inW;
    private final int inC;
    private final int outH;
    private final int outW;
    private final int outC;
    private final int kernelH;
    private final int kernelW;
    private final ConvParams p;
    private final Activation act;

    private Conv2dRef(Operand x, Operand filter, Operand bias, Operand out, ConvParams p, Activation act) {
        this.x = x.data();
        this.xOff = x.offset();
        this.w = filter.data();
        this.wOff = filter.offset();
        this.bias = bias == null ? null : bias.data();
        this.biasOff = bias == null ? 0 : bias.offset();
        this.out = out.data();
        this.outOff = out.offset();
        this.batches = x.dim(0);
        this.inH = x.dim(1);
        this.inW = x.dim(2);
        this.inC = x.dim(3);
        this.outH = out.dim(1);
        this.outW = out.dim(2);
        this.outC = out.dim(3);
        this.kernelH = filter.dim(1);
        this.kernelW = filter.dim(2);
        this.p = p;
        this.act = act;
    }

    public static Kernel prepare(KernelContext ctx) {
        ctx.requireInputCount(2, 3);
        ctx.requireOutputCount(1);
        Operand x = ctx.inputOfRank(0, 4, "input");
        Operand filter = ctx.inputOfRank(1, 4, "filter");
        if (filter.dim(3) != x.dim(3)) {
            throw ctx.error("filter " + filter.describe() + " has " + filter.dim(3) + " input channels but input "
                    + x.describe() + " has " + x.dim(3));
        }
        int outC = filter.dim(0);
        Operand bias = ctx.inputCount() == 3 ? checkedBias(ctx, outC) : null;
        ConvParams p = ConvParams.of(ctx, x.dim(1), x.dim(2), filter.dim(1), filter.dim(2));
        ctx.requireOutputShape(0, Shape.of(x.dim(0), p.padH().outSize(), p.padW().outSize(), outC));
        return new Conv2dRef(x, filter, bias, ctx.output(0), p, Activation.of(ctx));
    }

    /** Input 2 as a bias of {@code channels} values. */
    static Operand checkedBias(KernelContext ctx, int channels) {
        Operand bias = ctx.input(2);
        if (bias.size() != channels || bias.rank() != 1) {
            throw ctx.error("bias " + bias.describe() + " must have shape [" + channels + "]");
        }
        return bias;
    }

    @Override
    public void execute() {
        int padTop = p.padH().before();
        int padLeft = p.padW().before();
        for (int n = 0; n < batches; n++) {
            for (int oy = 0; oy < outH; oy++) {
                int iy0 = oy * p.strideH() - padTop;
                for (int ox = 0; ox < outW; ox++) {
                    int ix0 = ox * p.strideW() - padLeft;
                    int outBase = outOff + ((n * outH + oy) * outW + ox) * outC;
                    for (int o = 0; o < outC; o++) {
                        float acc = 0f;
                        for (int ky = 0; ky < kernelH; ky++) {
                            int iy = iy0 + ky * p.dilationH();
                            if (iy < 0 || iy >= inH) {
                                continue;
                            }
                            for (int kx = 0; kx < kernelW; kx++) {
                                int ix = ix0 + kx * p.dilationW();
                                if (ix < 0 || ix >= inW) {
                                    continue;
                                }
                                int xBase = xOff + ((n * inH + iy) * inW + ix) * inC;
                                int wBase = wOff + ((o * kernelH + ky) * kernelW + kx) * inC;
                                for (int i = 0; i < inC; i++) {
                                    acc = FMA ? Math.fma(x[xBase + i], w[wBase + i], acc) : acc + x[xBase + i] * w[wBase + i];
                                }
                            }
                        }
                        float b = bias == null ? 0f : bias[biasOff + o];
                        out[outBase + o] = act.apply(acc + b);
                    }
                }
            }
        }
    }

    @Override
    public String name() {
        return "ref/conv2d";
    }
}
