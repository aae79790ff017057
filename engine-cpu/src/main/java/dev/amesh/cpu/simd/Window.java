package dev.amesh.cpu.simd;

import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.ref.Padding;

/** Strides, dilations and TFLite SAME/VALID padding of a 2-D window op, read and checked at prepare time. */
record Window(int strideH, int strideW, int dilationH, int dilationW, Padding padH, Padding padW) {

    static Window of(KernelContext ctx, int inH, int inW, int kernelH, int kernelW) {
        int sh = ctx.positiveIntAttr("stride_h", 1);
        int sw = ctx.positiveIntAttr("stride_w", 1);
        int dh = ctx.positiveIntAttr("dilation_h", 1);
        int dw = ctx.positiveIntAttr("dilation_w", 1);
        String mode = ctx.stringAttr("padding");
        try {
            return new Window(sh, sw, dh, dw, Padding.compute(mode, inH, kernelH, sh, dh),
                    Padding.compute(mode, inW, kernelW, sw, dw));
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage());
        }
    }
}
