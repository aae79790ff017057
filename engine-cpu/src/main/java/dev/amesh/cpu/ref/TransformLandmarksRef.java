package dev.amesh.cpu.ref;

import dev.amesh.api.tensor.Shape;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;

/**
 * MediaPipe's TransformLandmarks v2 (mediapipe/util/tflite/operations/transform_landmarks.cc): landmarks
 * [1,N,d] (d = 2 or 3) and matrix [1,4,4] -> same shape as the landmarks, with
 * {@code x' = m00 x + m01 y + m02 0 + m03}, {@code y' = m10 x + m11 y + m12 0 + m13}; z (d = 3) is copied.
 * Only rows 0 and 1 of M are read; there is no half-pixel correction.
 */
public final class TransformLandmarksRef implements Kernel {
    private final float[] landmarks;
    private final int inOff;
    private final float[] matrix;
    private final int mOff;
    private final float[] out;
    private final int outOff;
    private final int count;
    private final int dims;

    private TransformLandmarksRef(Operand landmarks, Operand matrix, Operand out) {
        this.landmarks = landmarks.data();
        this.inOff = landmarks.offset();
        this.matrix = matrix.data();
        this.mOff = matrix.offset();
        this.out = out.data();
        this.outOff = out.offset();
        this.count = landmarks.dim(1);
        this.dims = landmarks.dim(2);
    }

    public static Kernel prepare(KernelContext ctx) {
        ctx.requireInputCount(2, 2);
        ctx.requireOutputCount(1);
        Operand l = ctx.inputOfRank(0, 3, "landmarks");
        if (l.dim(0) != 1 || (l.dim(2) != 2 && l.dim(2) != 3)) {
            throw ctx.error("landmarks " + l.describe() + " must have shape [1,N,2] or [1,N,3]");
        }
        Operand m = ctx.input(1);
        if (!m.shape().equals(Shape.of(1, 4, 4))) {
            throw ctx.error("matrix " + m.describe() + " must have shape [1,4,4]");
        }
        ctx.requireOutputShape(0, l.shape());
        return new TransformLandmarksRef(l, m, ctx.output(0));
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
        for (int k = 0; k < count; k++) {
            int at = k * dims;
            float x = landmarks[inOff + at];
            float y = landmarks[inOff + at + 1];
            out[outOff + at] = m00 * x + m01 * y + m02 * 0f + m03 * 1f;
            out[outOff + at + 1] = m10 * x + m11 * y + m12 * 0f + m13 * 1f;
            if (dims == 3) {
                out[outOff + at + 2] = landmarks[inOff + at + 2];
            }
        }
    }

    @Override
    public String name() {
        return "ref/transform-landmarks";
    }
}
