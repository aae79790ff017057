package dev.amesh.mesh.cascade;

import dev.amesh.mesh.roi.NormalizedRect;
import dev.amesh.mesh.roi.RoiMath;

/**
 * MediaPipe Iris's eye regions from a 468-point mesh ({@code IrisLandmarkLandmarksToRoi}, spec §8.2–8.3):
 * the axis-aligned box of the two eye corners, rotated along the corner line (first corner to second),
 * squared on its long side in pixels and scaled by 2.3.
 */
public final class EyeRois {
    /** Corners of the eye at image left (the subject's right eye): outer 33, inner 133. */
    public static final int LEFT_EYE_START = 33;
    public static final int LEFT_EYE_END = 133;
    /** Corners of the eye at image right (the subject's left eye): inner 362, outer 263. */
    public static final int RIGHT_EYE_START = 362;
    public static final int RIGHT_EYE_END = 263;
    /** {@code RectTransformationCalculator} scale of iris_landmark_landmarks_to_roi.pbtxt. */
    public static final float SCALE = 2.3f;

    private EyeRois() {
    }

    /** The ROI of the 33/133 eye, from normalised (x, y, z) mesh landmarks. */
    public static NormalizedRect leftEye(float[] meshXyz, int imageWidth, int imageHeight) {
        return fromCorners(meshXyz, LEFT_EYE_START, LEFT_EYE_END, imageWidth, imageHeight, SCALE);
    }

    /** The ROI of the 362/263 eye, from normalised (x, y, z) mesh landmarks. */
    public static NormalizedRect rightEye(float[] meshXyz, int imageWidth, int imageHeight) {
        return fromCorners(meshXyz, RIGHT_EYE_START, RIGHT_EYE_END, imageWidth, imageHeight, SCALE);
    }

    /**
     * LandmarksToDetection on two landmarks, DetectionsToRects with the rotation from the first to the
     * second (target 0), then RectTransformation with {@code scale} on both axes and square_long.
     */
    public static NormalizedRect fromCorners(float[] meshXyz, int start, int end, int imageWidth, int imageHeight,
            float scale) {
        int needed = 3 * (Math.max(start, end) + 1);
        if (meshXyz.length < needed) {
            throw new IllegalArgumentException("need landmarks " + start + " and " + end + " (" + needed
                    + " values), got " + meshXyz.length + " values");
        }
        float x0 = meshXyz[3 * start];
        float y0 = meshXyz[3 * start + 1];
        float x1 = meshXyz[3 * end];
        float y1 = meshXyz[3 * end + 1];
        float xmin = Math.min(x0, x1);
        float ymin = Math.min(y0, y1);
        float rotation = RoiMath.rotation(x0, y0, x1, y1, imageWidth, imageHeight);
        NormalizedRect box = RoiMath.fromBox(xmin, ymin, Math.max(x0, x1) - xmin, Math.max(y0, y1) - ymin, rotation);
        return RoiMath.transform(box, imageWidth, imageHeight, scale, scale, true);
    }
}
