package dev.amesh.cpu.ref;

import dev.amesh.api.tensor.Shape;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;

/**
 * MAX_POOL_2D reference: x [N,H,W,C] -> [N,OH,OW,C], the maximum over the filter window clipped to the
 * input. Padding never contributes; the running maximum starts at the lowest float, as in TFLite.
 */
public final class MaxPool2dRef implements Kernel {
    private final float[] x;
    private final int xOff;
    private final float[] out;
    private final int outOff;
    private final int batches;
    private final int inH;
    private final int inW;
    private final int channels;
    private final int outH;
    private final int outW;
    private final int filterH;
    private final int filterW;
    private final ConvParams p;
    private final Activation act;

    private MaxPool2dRef(Operand x, Operand out, int filterH, int filterW, ConvParams p, Activation act) {
        this.x = x.data();
        this.xOff = x.offset();
        this.out = out.data();
        this.outOff = out.offset();
        this.batches = x.dim(0);
        this.inH = x.dim(1);
        this.inW = x.dim(2);
        this.channels = x.dim(3);
        this.outH = out.dim(1);
        this.outW = out.dim(2);
        this.filterH = filterH;
        this.filterW = filterW;
        this.p = p;
        this.act = act;
    }

    public static Kernel prepare(KernelContext ctx) {
        ctx.requireInputCount(1, 1);
        ctx.requireOutputCount(1);
        Operand x = ctx.inputOfRank(0, 4, "input");
        int fh = ctx.positiveIntAttr("filter_h");
        int fw = ctx.positiveIntAttr("filter_w");
        if (ctx.attributes().has("dilation_h") || ctx.attributes().has("dilation_w")) {
            throw ctx.error("MAX_POOL_2D has no dilation");
        }
        ConvParams p = ConvParams.of(ctx, x.dim(1), x.dim(2), fh, fw);
        ctx.requireOutputShape(0, Shape.of(x.dim(0), p.padH().outSize(), p.padW().outSize(), x.dim(3)));
        return new MaxPool2dRef(x, ctx.output(0), fh, fw, p, Activation.of(ctx));
    }

    @Override
    public void execute() {
        for (int n = 0; n < batches; n++) {
            for (int oy = 0; oy < outH; oy++) {
                int iy0 = oy * p.strideH() - p.padH().before();
                int kyStart = Math.max(0, -iy0);
                int kyEnd = Math.min(filterH, inH - iy0);
                for (int ox = 0; ox < outW; ox++) {
                    int ix0 = ox * p.strideW() - p.padW().before();
                    int kxStart = Math.max(0, -ix0);
                    int kxEnd = Math.min(filterW, inW - ix0);
                    int outBase = outOff + ((n * outH + oy) * outW + ox) * channels;
                    for (int c = 0; c < channels; c++) {
                        float max = -Float.MAX_VALUE;
                        for (int ky = kyStart; ky < kyEnd; ky++) {
                            for (int kx = kxStart; kx < kxEnd; kx++) {
                                float v = x[xOff + ((n * inH + iy0 + ky) * inW + ix0 + kx) * channels + c];
                                if (max < v) { // std::max(max, v), as TFLite: a NaN input is skipped
                                    max = v;
                                }
                            }
                        }
                        out[outBase + c] = act.apply(max);
                    }
                }
            }
        }
    }

    @Override
    public String name() {
        return "ref/max-pool2d";
    }
}
