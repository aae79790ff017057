package dev.amesh.mesh.roi;

/**
 * The rect arithmetic of MediaPipe's {@code DetectionsToRectsCalculator} (bounding-box mode with a
 * rotation from two keypoints) and {@code RectTransformationCalculator}, in float like the original.
 */
public final class RoiMath {
    private RoiMath() {
    }

    /** {@code a - 2π·floor((a + π) / 2π)}, a value in [-π, π). */
    public static float normalizeRadians(float angle) {
        return (float) (angle - 2 * Math.PI * Math.floor((angle - (-Math.PI)) / (2 * Math.PI)));
    }

    /**
     * Rotation that brings the vector from point 0 to point 1 (normalised coordinates, converted to pixels)
     * to the horizontal: positive when point 1 lies below the horizontal through point 0 (clockwise on screen).
     */
    public static float rotation(float x0, float y0, float x1, float y1, int imageWidth, int imageHeight) {
        float px0 = x0 * imageWidth;
        float py0 = y0 * imageHeight;
        float px1 = x1 * imageWidth;
        float py1 = y1 * imageHeight;
        float target = 0f;
        float r = target - (float) Math.atan2(-(py1 - py0), px1 - px0);
        return normalizeRadians(r);
    }

    /** A rect centred on the box, its size, rotated by {@code rotation}. */
    public static NormalizedRect fromBox(float xmin, float ymin, float width, float height, float rotation) {
        return new NormalizedRect(xmin + width / 2, ymin + height / 2, width, height, rotation);
    }

    /**
     * {@code RectTransformationCalculator} without shift: optionally squares the rect on its long side
     * in pixels, then scales width and height; centre and rotation stay.
     */
    public static NormalizedRect transform(NormalizedRect rect, int imageWidth, int imageHeight,
                                           float scaleX, float scaleY, boolean squareLong) {
        float width = rect.width();
        float height = rect.height();
        if (squareLong) {
            float longSide = Math.max(width * imageWidth, height * imageHeight);
            width = longSide / imageWidth;
            height = longSide / imageHeight;
        }
        return new NormalizedRect(rect.xCenter(), rect.yCenter(), width * scaleX, height * scaleY, rect.rotation());
    }
}
