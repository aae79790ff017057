package dev.amesh.cpu.ref;

import dev.amesh.api.tensor.Shape;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;
import java.util.Arrays;

/**
 * MediaPipe's Landmarks2TransformMatrix v2 (mediapipe/util/tflite/operations/landmarks_to_transform_matrix.cc):
 * landmarks [1,N,3] (x, y used) -> a row-major [1,4,4] matrix M that maps a continuous crop coordinate
 * (u, v) of an output_width x output_height crop to landmark units:
 * <pre>
 *   theta = atan2(L[right].y - L[left].y, L[right].x - L[left].x);  r = target_rotation_radians - theta
 *   q = R(r) p for every subset point p;  bbox of the q's: size (cw, ch), centre m
 *   c = R(-r) m
 *   M = T(c) R(-r) diag(scale_x cw / out_w, scale_y ch / out_h, 1, 1) T(-out_w/2, -out_h/2)
 * </pre>
 * {@code subset_idxs} is read as pairs; an odd count pairs the last index with itself. Every step is float
 * arithmetic in MediaPipe's order, including the 4x4 products (sum from 0, k ascending).
 */
public final class Landmarks2TransformMatrixRef implements Kernel {
    private final float[] landmarks;
    private final int inOff;
    private final float[] out;
    private final int outOff;
    private final int[] points;
    private final int left;
    private final int right;
    private final float targetRotation;
    private final int outputWidth;
    private final int outputHeight;
    private final float scaleX;
    private final float scaleY;
    private final float[] product = new float[16];
    private final float[] factor = new float[16];
    private final float[] scratch = new float[16];

    private Landmarks2TransformMatrixRef(Operand in, Operand out, int[] points, int left, int right, float target,
            int outW, int outH, float scaleX, float scaleY) {
        this.landmarks = in.data();
        this.inOff = in.offset();
        this.out = out.data();
        this.outOff = out.offset();
        this.points = points;
        this.left = left;
        this.right = right;
        this.targetRotation = target;
        this.outputWidth = outW;
        this.outputHeight = outH;
        this.scaleX = scaleX;
        this.scaleY = scaleY;
    }

    public static Kernel prepare(KernelContext ctx) {
        ctx.requireInputCount(1, 1);
        ctx.requireOutputCount(1);
        Operand in = ctx.inputOfRank(0, 3, "landmarks");
        if (in.dim(0) != 1 || in.dim(2) != 3) {
            throw ctx.error("landmarks " + in.describe() + " must have shape [1,N,3] (MediaPipe reads them with stride 3)");
        }
        int count = in.dim(1);
        int[] subset = ctx.intsAttr("subset_idxs");
        if (subset.length == 0) {
            throw ctx.error("subset_idxs is empty");
        }
        int[] points = new int[subset.length + subset.length % 2];
        System.arraycopy(subset, 0, points, 0, subset.length);
        if (subset.length % 2 == 1) {
            points[subset.length] = subset[subset.length - 1];
        }
        for (int i = 0; i < subset.length; i++) {
            checkIndex(ctx, "subset_idxs[" + i + "]", subset[i], count);
        }
        int left = checkIndex(ctx, "left_rotation_idx", ctx.intAttr("left_rotation_idx"), count);
        int right = checkIndex(ctx, "right_rotation_idx", ctx.intAttr("right_rotation_idx"), count);
        int outH = ctx.positiveIntAttr("output_height");
        int outW = ctx.positiveIntAttr("output_width");
        float scaleX = ctx.floatAttr("scale_x");
        float scaleY = ctx.floatAttr("scale_y");
        if (!(scaleX > 0f) || !(scaleY > 0f)) {
            throw ctx.error("scale_x and scale_y must be > 0, got " + scaleX + ", " + scaleY);
        }
        float target = ctx.floatAttr("target_rotation_radians", 0f);
        ctx.requireOutputShape(0, Shape.of(1, 4, 4));
        return new Landmarks2TransformMatrixRef(in, ctx.output(0), points, left, right, target, outW, outH, scaleX,
                scaleY);
    }

    private static int checkIndex(KernelContext ctx, String what, int idx, int count) {
        if (idx < 0 || idx >= count) {
            throw ctx.error(what + " = " + idx + " is outside the " + count + " landmarks");
        }
        return idx;
    }

    @Override
    public void execute() {
        float lx = x(left);
        float ly = y(left);
        float rx = x(right);
        float ry = y(right);
        float rotation = targetRotation - (float) Math.atan2(ry - ly, rx - lx);

        float cos = (float) Math.cos(rotation);
        float sin = (float) Math.sin(rotation);
        float minX = 0f;
        float minY = 0f;
        float maxX = 0f;
        float maxY = 0f;
        for (int k = 0; k < points.length; k++) {
            float px = x(points[k]);
            float py = y(points[k]);
            float qx = rowTimesXy1(cos, -sin, px, py);
            float qy = rowTimesXy1(sin, cos, px, py);
            if (k == 0) {
                minX = qx;
                maxX = qx;
                minY = qy;
                maxY = qy;
            } else {
                if (maxX < qx) {
                    maxX = qx;
                }
                if (maxY < qy) {
                    maxY = qy;
                }
                if (minX > qx) {
                    minX = qx;
                }
                if (minY > qy) {
                    minY = qy;
                }
            }
        }
        float cropWidth = maxX - minX;
        float cropHeight = maxY - minY;
        float midX = (minX + maxX) / 2;
        float midY = (minY + maxY) / 2;
        float back = -rotation;
        float cosBack = (float) Math.cos(back);
        float sinBack = (float) Math.sin(back);
        float centreX = rowTimesXy1(cosBack, -sinBack, midX, midY);
        float centreY = rowTimesXy1(sinBack, cosBack, midX, midY);

        setIdentity(product);
        setAffine(factor, 1f, 0f, centreX, 0f, 1f, centreY);
        multiplyInPlace(product, factor);
        float r = -rotation;
        float cr = (float) Math.cos(r);
        float sr = (float) Math.sin(r);
        setAffine(factor, cr, -sr, 0f, sr, cr, 0f);
        multiplyInPlace(product, factor);
        float sx = scaleX * cropWidth / outputWidth;
        float sy = scaleY * cropHeight / outputHeight;
        setAffine(factor, sx, 0f, 0f, 0f, sy, 0f);
        multiplyInPlace(product, factor);
        float shiftX = (float) (-1.0 * (outputWidth / 2.0));
        float shiftY = (float) (-1.0 * (outputHeight / 2.0));
        setAffine(factor, 1f, 0f, shiftX, 0f, 1f, shiftY);
        multiplyInPlace(product, factor);
        System.arraycopy(product, 0, out, outOff, 16);
    }

    private float x(int idx) {
        return landmarks[inOff + idx * 3];
    }

    private float y(int idx) {
        return landmarks[inOff + idx * 3 + 1];
    }

    /** One row (a, b, 0) of a 3x3 matrix times (x, y, 1), summed from 0 in column order like MediaPipe's Mat3. */
    private static float rowTimesXy1(float a, float b, float x, float y) {
        float sum = 0f;
        sum += a * x;
        sum += b * y;
        sum += 0f * 1f;
        return sum;
    }

    private static void setIdentity(float[] m) {
        setAffine(m, 1f, 0f, 0f, 0f, 1f, 0f);
    }

    /** Rows (a, b, 0, c), (d, e, 0, f), (0, 0, 1, 0), (0, 0, 0, 1). */
    private static void setAffine(float[] m, float a, float b, float c, float d, float e, float f) {
        Arrays.fill(m, 0f);
        m[0] = a;
        m[1] = b;
        m[3] = c;
        m[4] = d;
        m[5] = e;
        m[7] = f;
        m[10] = 1f;
        m[15] = 1f;
    }

    /** {@code m = m * f}, each element summed from 0 with k ascending (MediaPipe's Mat4::operator*=). */
    private void multiplyInPlace(float[] m, float[] f) {
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                float sum = 0f;
                for (int k = 0; k < 4; k++) {
                    sum += m[r * 4 + k] * f[k * 4 + c];
                }
                scratch[r * 4 + c] = sum;
            }
        }
        System.arraycopy(scratch, 0, m, 0, 16);
    }

    @Override
    public String name() {
        return "ref/landmarks2transform-matrix";
    }
}
