package dev.amesh.mesh.detect;

import dev.amesh.mesh.roi.PixelRect;

/**
 * Maps detections from normalised tensor coordinates back to normalised image coordinates with the
 * matrix of MediaPipe's {@code GetRotatedSubRectToRectTransformMatrix} (no flip), as
 * {@code DetectionProjectionCalculator} does: keypoints are transformed, the box becomes the
 * axis-aligned hull of its four transformed corners.
 */
public final class DetectionProjection {
    private final float m0;
    private final float m1;
    private final float m3;
    private final float m4;
    private final float m5;
    private final float m7;

    /** @param roi the region of the image that the tensor shows, in pixels */
    public DetectionProjection(PixelRect roi, int imageWidth, int imageHeight) {
        float a = roi.width();
        float b = roi.height();
        float c = (float) Math.cos(roi.rotation());
        float d = (float) Math.sin(roi.rotation());
        float e = roi.xCenter();
        float f = roi.yCenter();
        float g = 1.0f / imageWidth;
        float h = 1.0f / imageHeight;
        m0 = a * c * g;
        m1 = -b * d * g;
        m3 = (-0.5f * a * c + 0.5f * b * d + e) * g;
        m4 = a * d * h;
        m5 = b * c * h;
        m7 = (-0.5f * b * c - 0.5f * a * d + f) * h;
    }

    public float projectX(float x, float y) {
        return m0 * x + m1 * y + m3;
    }

    public float projectY(float x, float y) {
        return m4 * x + m5 * y + m7;
    }

    public Detection project(Detection det) {
        float[] xs = {det.xmin(), det.xmax(), det.xmax(), det.xmin()};
        float[] ys = {det.ymin(), det.ymin(), det.ymax(), det.ymax()};
        float xmin = Float.MAX_VALUE;
        float ymin = Float.MAX_VALUE;
        float xmax = -Float.MAX_VALUE;
        float ymax = -Float.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            float px = projectX(xs[i], ys[i]);
            float py = projectY(xs[i], ys[i]);
            xmin = Math.min(xmin, px);
            ymin = Math.min(ymin, py);
            xmax = Math.max(xmax, px);
            ymax = Math.max(ymax, py);
        }
        float[] kp = det.keypoints();
        for (int k = 0; k < kp.length; k += 2) {
            float x = kp[k];
            float y = kp[k + 1];
            kp[k] = projectX(x, y);
            kp[k + 1] = projectY(x, y);
        }
        return new Detection(xmin, ymin, xmax - xmin, ymax - ymin, det.score(), kp);
    }
}
