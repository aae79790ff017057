package dev.amesh.mesh.detect;

import java.util.Arrays;

/**
 * One face detection: an axis-aligned box (xmin, ymin, width, height) and keypoints (x0, y0, x1, y1, ...),
 * all in normalised coordinates of whatever space the detection currently lives in (the letterboxed
 * detector tensor, or the image after {@link DetectionProjection}), and the detector's score.
 */
public final class Detection {
    private final float xmin;
    private final float ymin;
    private final float width;
    private final float height;
    private final float score;
    private final float[] keypoints;

    public Detection(float xmin, float ymin, float width, float height, float score, float[] keypoints) {
        if (keypoints.length % 2 != 0) {
            throw new IllegalArgumentException("keypoints must be (x, y) pairs, got " + keypoints.length + " values");
        }
        this.xmin = xmin;
        this.ymin = ymin;
        this.width = width;
        this.height = height;
        this.score = score;
        this.keypoints = keypoints.clone();
    }

    public float xmin() {
        return xmin;
    }

    public float ymin() {
        return ymin;
    }

    public float width() {
        return width;
    }

    public float height() {
        return height;
    }

    public float xmax() {
        return xmin + width;
    }

    public float ymax() {
        return ymin + height;
    }

    public float score() {
        return score;
    }

    public int keypointCount() {
        return keypoints.length / 2;
    }

    public float keypointX(int k) {
        return keypoints[2 * k];
    }

    public float keypointY(int k) {
        return keypoints[2 * k + 1];
    }

    /** A copy of the keypoints as (x, y) pairs. */
    public float[] keypoints() {
        return keypoints.clone();
    }

    @Override
    public String toString() {
        return String.format("Detection[score=%.4f, box=(%.4f, %.4f, %.4f, %.4f), keypoints=%s]",
                score, xmin, ymin, width, height, Arrays.toString(keypoints));
    }
}
