package dev.amesh.mesh.roi;

import dev.amesh.mesh.detect.Detection;

/** The face-mesh graph's two ROI rules: from a detection (§3.1) and from the previous landmarks (§3.2). */
public final class FaceRois {
    /** Landmarks whose direction sets the tracking ROI's rotation: outer eye corners. */
    public static final int ROTATION_START_LANDMARK = 33;
    public static final int ROTATION_END_LANDMARK = 263;
    /** Both rules enlarge the face box by this factor after squaring it. */
    public static final float SCALE = 1.5f;

    private FaceRois() {
    }

    /**
     * {@code FaceDetectionFrontDetectionToRoi}: centre and size from the box (normalised image
     * coordinates), rotation from keypoint 0 (right eye) to keypoint 1 (left eye), squared on the long
     * side in pixels and scaled by 1.5.
     */
    public static NormalizedRect fromDetection(Detection d, int imageWidth, int imageHeight) {
        if (d.keypointCount() < 2) {
            throw new IllegalArgumentException("a face detection needs the two eye keypoints, got "
                    + d.keypointCount() + " keypoints");
        }
        float rotation = RoiMath.rotation(d.keypointX(0), d.keypointY(0), d.keypointX(1), d.keypointY(1),
                imageWidth, imageHeight);
        NormalizedRect rect = RoiMath.fromBox(d.xmin(), d.ymin(), d.width(), d.height(), rotation);
        return RoiMath.transform(rect, imageWidth, imageHeight, SCALE, SCALE, true);
    }

    /**
     * {@code FaceLandmarkLandmarksToRoi}: the axis-aligned hull of all landmarks (normalised (x, y, z)
     * triples), rotation from landmark 33 to 263, squared on the long side and scaled by 1.5.
     */
    public static NormalizedRect fromLandmarks(float[] xyz, int imageWidth, int imageHeight) {
        int n = xyz.length / 3;
        if (n <= ROTATION_END_LANDMARK) {
            throw new IllegalArgumentException("need at least " + (ROTATION_END_LANDMARK + 1)
                    + " landmarks for the tracking ROI, got " + n);
        }
        float xmin = Float.MAX_VALUE;
        float ymin = Float.MAX_VALUE;
        // MediaPipe starts the maxima at FLT_MIN (smallest positive float), not at -infinity.
        float xmax = Float.MIN_NORMAL;
        float ymax = Float.MIN_NORMAL;
        for (int i = 0; i < n; i++) {
            float x = xyz[3 * i];
            float y = xyz[3 * i + 1];
            xmin = Math.min(xmin, x);
            ymin = Math.min(ymin, y);
            xmax = Math.max(xmax, x);
            ymax = Math.max(ymax, y);
        }
        int s = 3 * ROTATION_START_LANDMARK;
        int e = 3 * ROTATION_END_LANDMARK;
        float rotation = RoiMath.rotation(xyz[s], xyz[s + 1], xyz[e], xyz[e + 1], imageWidth, imageHeight);
        NormalizedRect rect = RoiMath.fromBox(xmin, ymin, xmax - xmin, ymax - ymin, rotation);
        return RoiMath.transform(rect, imageWidth, imageHeight, SCALE, SCALE, true);
    }
}
