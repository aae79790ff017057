package dev.amesh.mesh.roi;

/**
 * MediaPipe's {@code NormalizedRect}: centre and size as fractions of the image width (x, width) and
 * height (y, height), and a rotation in radians that turns the rect clockwise on screen (y down).
 */
public record NormalizedRect(float xCenter, float yCenter, float width, float height, float rotation) {

    /** The rect in pixels of a {@code imageWidth x imageHeight} image. */
    public PixelRect toPixels(int imageWidth, int imageHeight) {
        return new PixelRect(xCenter * imageWidth, yCenter * imageHeight, width * imageWidth,
                height * imageHeight, rotation);
    }

    /**
     * Axis-aligned intersection over union of the two rects (rotation ignored), as MediaPipe's
     * association calculator computes it: 0 when they do not intersect.
     */
    public static float iou(NormalizedRect a, NormalizedRect b) {
        return Boxes.iou(a.xCenter - a.width / 2, a.yCenter - a.height / 2,
                a.xCenter + a.width / 2, a.yCenter + a.height / 2,
                b.xCenter - b.width / 2, b.yCenter - b.height / 2,
                b.xCenter + b.width / 2, b.yCenter + b.height / 2);
    }
}
