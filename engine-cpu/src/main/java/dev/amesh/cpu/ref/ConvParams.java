package dev.amesh.cpu.ref;

import dev.amesh.cpu.KernelContext;

/** Strides, dilations and SAME/VALID padding of a 2-D window op, read and checked once. */
record ConvParams(int strideH, int strideW, int dilationH, int dilationW, Padding padH, Padding padW) {

    static ConvParams of(KernelContext ctx, int inH, int inW, int kernelH, int kernelW) {
        int sh = ctx.positiveIntAttr("stride_h", 1);
        int sw = ctx.positiveIntAttr("stride_w", 1);
        int dh = ctx.positiveIntAttr("dilation_h", 1);
        int dw = ctx.positiveIntAttr("dilation_w", 1);
        Padding ph = Padding.of(ctx, "height", inH, kernelH, sh, dh);
        Padding pw = Padding.of(ctx, "width", inW, kernelW, sw, dw);
        return new ConvParams(sh, sw, dh, dw, ph, pw);
    }
}
