package dev.amesh.cpu.ref;

import dev.amesh.api.tensor.Shape;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;

/**
 * DEPTHWISE_CONV_2D reference: x [N,H,W,C], filter [1,KH,KW,C*dm], optional bias [C*dm] -> [N,OH,OW,C*dm].
 * Output channel {@code o = c*dm + m} reads only input channel c:
 * {@code out[n,oy,ox,o] = act(sum_{ky,kx} x[n, oy*sh - pt + ky*dh, ox*sw - pl + kx*dw, c] * W[0,ky,kx,o] + b[o])}.
 */
public final class DepthwiseConv2dRef implements Kernel {
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
    private final int multiplier;
    private final int kernelH;
    private final int kernelW;
    private final ConvParams p;
    private final Activation act;

    private DepthwiseConv2dRef(Operand x, Operand filter, Operand bias, Operand out, int multiplier, ConvParams p,
            Activation act) {
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
        this.multiplier = multiplier;
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
        int inC = x.dim(3);
        int outC = filter.dim(3);
        if (filter.dim(0) != 1 || inC == 0 || outC % inC != 0) {
            throw ctx.error("filter " + filter.describe() + " must have shape [1,KH,KW,C*dm] with C = " + inC
                    + " (input " + x.describe() + ")");
        }
        int multiplier = ctx.intAttr("depth_multiplier", outC / inC);
        if (multiplier != outC / inC) {
            throw ctx.error("depth_multiplier is " + multiplier + " but filter " + filter.describe()
                    + " and input " + x.describe() + " give " + outC / inC);
        }
        Operand bias = ctx.inputCount() == 3 ? Conv2dRef.checkedBias(ctx, outC) : null;
        ConvParams p = ConvParams.of(ctx, x.dim(1), x.dim(2), filter.dim(1), filter.dim(2));
        ctx.requireOutputShape(0, Shape.of(x.dim(0), p.padH().outSize(), p.padW().outSize(), outC));
        return new DepthwiseConv2dRef(x, filter, bias, ctx.output(0), multiplier, p, Activation.of(ctx));
    }

    @Override
    public void execute() {
        int outC = inC * multiplier;
        int padTop = p.padH().before();
        int padLeft = p.padW().before();
        for (int n = 0; n < batches; n++) {
            for (int oy = 0; oy < outH; oy++) {
                int iy0 = oy * p.strideH() - padTop;
                for (int ox = 0; ox < outW; ox++) {
                    int ix0 = ox * p.strideW() - padLeft;
                    int outBase = outOff + ((n * outH + oy) * outW + ox) * outC;
                    for (int c = 0; c < inC; c++) {
                        for (int m = 0; m < multiplier; m++) {
                            int o = c * multiplier + m;
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
                                    acc += x[xOff + ((n * inH + iy) * inW + ix) * inC + c]
                                            * w[wOff + (ky * kernelW + kx) * outC + o];
                                }
                            }
                            float b = bias == null ? 0f : bias[biasOff + o];
                            out[outBase + o] = act.apply(acc + b);
                        }
                    }
                }
            }
        }
    }

    @Override
    public String name() {
        return "ref/depthwise-conv2d";
    }
}
