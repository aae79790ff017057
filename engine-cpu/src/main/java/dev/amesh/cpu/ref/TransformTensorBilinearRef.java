package dev.amesh.cpu.ref;

import dev.amesh.api.tensor.Shape;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;

/**
 * MediaPipe's TransformTensorBilinear v2 (mediapipe/util/tflite/operations/transform_tensor_bilinear.cc), the
 * spatial transformer: features [1,H,W,C] and matrix [1,4,4] -> [1,oh,ow,C]. Only rows 0 and 1 of M are read.
 * <ul>
 *   <li>Half-pixel correction: {@code m03 += 0.5 m00 + 0.5 m01 - 0.5}, {@code m13 += 0.5 m10 + 0.5 m11 - 0.5}
 *       (in double, as MediaPipe's double literals make it), so the sample point is {@code M (i+0.5, j+0.5) - 0.5}.</li>
 *   <li>Output pixel (column i, row j) samples {@code tx = m00 i + m01 j + m03}, {@code ty = m10 i + m11 j + m13}.</li>
 *   <li>Hard cut: if {@code tx < 0 || tx > W-1 || ty < 0 || ty > H-1} every channel is 0. NaN coordinates
 *       also give 0 (MediaPipe's behaviour there is undefined).</li>
 *   <li>Otherwise bilinear: {@code upper = (1-ax) F[y0][x0] + ax F[y0][x0+1]}, {@code lower} likewise on row
 *       y0+1, {@code out = ay lower + (1-ay) upper}; neighbours outside the map read 0.</li>
 * </ul>
 */
public final class TransformTensorBilinearRef implements Kernel {
    private final float[] features;
    private final int fOff;
    private final float[] matrix;
    private final int mOff;
    private final float[] out;
    private final int outOff;
    private final int inH;
    private final int inW;
    private final int channels;
    private final int outH;
    private final int outW;

    private TransformTensorBilinearRef(Operand features, Operand matrix, Operand out) {
        this.features = features.data();
        this.fOff = features.offset();
        this.matrix = matrix.data();
        this.mOff = matrix.offset();
        this.out = out.data();
        this.outOff = out.offset();
        this.inH = features.dim(1);
        this.inW = features.dim(2);
        this.channels = features.dim(3);
        this.outH = out.dim(1);
        this.outW = out.dim(2);
    }

    public static Kernel prepare(KernelContext ctx) {
        ctx.requireInputCount(2, 2);
        ctx.requireOutputCount(1);
        Operand f = ctx.inputOfRank(0, 4, "features");
        if (f.dim(0) != 1) {
            throw ctx.error("features " + f.describe() + " must have batch 1");
        }
        Operand m = ctx.input(1);
        if (!m.shape().equals(Shape.of(1, 4, 4))) {
            throw ctx.error("matrix " + m.describe() + " must have shape [1,4,4]");
        }
        Operand out = ctx.output(0);
        if (out.rank() != 4) {
            throw ctx.error("output " + out.describe() + " must have rank 4");
        }
        int oh = ctx.positiveIntAttr("output_height", out.dim(1));
        int ow = ctx.positiveIntAttr("output_width", out.dim(2));
        ctx.requireOutputShape(0, Shape.of(1, oh, ow, f.dim(3)));
        return new TransformTensorBilinearRef(f, m, out);
    }

    @Override
    public void execute() {
        float m00 = matrix[mOff];
        float m01 = matrix[mOff + 1];
        float m02 = matrix[mOff + 2];
        float m03 = matrix[mOff + 3];
        float m10 = matrix[mOff + 4];
        float m11 = matrix[mOff + 5];
        float m12 = matrix[mOff + 6];
        float m13 = matrix[mOff + 7];
        m03 += m00 * 0.5 + m01 * 0.5 - 0.5;
        m13 += m10 * 0.5 + m11 * 0.5 - 0.5;
        int o = outOff;
        for (int j = 0; j < outH; j++) {
            for (int i = 0; i < outW; i++) {
                float fi = i;
                float fj = j;
                float tx = m00 * fi + m01 * fj + m02 * 0f + m03 * 1f;
                float ty = m10 * fi + m11 * fj + m12 * 0f + m13 * 1f;
                boolean inside = tx >= 0f && tx <= inW - 1 && ty >= 0f && ty <= inH - 1;
                if (!inside) {
                    for (int c = 0; c < channels; c++) {
                        out[o++] = 0f;
                    }
                    continue;
                }
                float floorX = (float) Math.floor(tx);
                float floorY = (float) Math.floor(ty);
                int x0 = (int) floorX;
                int y0 = (int) floorY;
                float ax = tx - floorX;
                float ay = ty - floorY;
                for (int c = 0; c < channels; c++) {
                    float q11 = read(y0, x0, c);
                    float q21 = read(y0, x0 + 1, c);
                    float q12 = read(y0 + 1, x0, c);
                    float q22 = read(y0 + 1, x0 + 1, c);
                    float upper = (float) ((1.0 - ax) * q11 + ax * q21);
                    float lower = (float) ((1.0 - ax) * q12 + ax * q22);
                    out[o++] = (float) (ay * lower + (1.0 - ay) * upper);
                }
            }
        }
    }

    private float read(int y, int x, int c) {
        if (y < 0 || x < 0 || y >= inH || x >= inW) {
            return 0f;
        }
        return features[fOff + (y * inW + x) * channels + c];
    }

    @Override
    public String name() {
        return "ref/transform-tensor-bilinear";
    }
}
