package dev.amesh.mesh.roi;

/** Axis-aligned box overlap, with the semantics of MediaPipe's {@code Rectangle_f}. */
public final class Boxes {
    private Boxes() {
    }

    /**
     * Intersection over union of two boxes given by their corners. Following {@code Rectangle_f}, a box
     * with min > max is empty and intersects nothing; boxes that only touch count as intersecting
     * (their IoU is then 0 because the intersection has no area). Returns 0 when the union is not positive.
     */
    public static float iou(float xmin1, float ymin1, float xmax1, float ymax1,
                            float xmin2, float ymin2, float xmax2, float ymax2) {
        boolean empty1 = xmin1 > xmax1 || ymin1 > ymax1;
        boolean empty2 = xmin2 > xmax2 || ymin2 > ymax2;
        if (empty1 || empty2 || xmax2 < xmin1 || xmax1 < xmin2 || ymax2 < ymin1 || ymax1 < ymin2) {
            return 0f;
        }
        float ix = Math.min(xmax1, xmax2) - Math.max(xmin1, xmin2);
        float iy = Math.min(ymax1, ymax2) - Math.max(ymin1, ymin2);
        float inter = ix * iy;
        float union = (xmax1 - xmin1) * (ymax1 - ymin1) + (xmax2 - xmin2) * (ymax2 - ymin2) - inter;
        return union > 0f ? inter / union : 0f;
    }
}
