package dev.amesh.mesh.roi;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * MediaPipe's {@code AssociationNormRectCalculator}: rects are added in order; each new rect first removes
 * every rect already in the list whose axis-aligned IoU with it exceeds the threshold.
 */
public final class RectAssociation {
    /** The face-mesh graph's {@code min_similarity_threshold}. */
    public static final float FACE_MESH_THRESHOLD = 0.5f;

    private RectAssociation() {
    }

    /**
     * @param detected rects from this frame's detections (added first)
     * @param tracked rects from the previous frame's landmarks (added after, so they win on overlap)
     */
    public static List<NormalizedRect> associate(List<NormalizedRect> detected, List<NormalizedRect> tracked,
                                                 float threshold) {
        return associate(detected, tracked, threshold, Function.identity());
    }

    /** As {@link #associate(List, List, float)} for items that carry a rect (kept whole in the result). */
    public static <T> List<T> associate(List<T> detected, List<T> tracked, float threshold,
                                        Function<T, NormalizedRect> rectOf) {
        List<T> result = new ArrayList<>();
        for (List<T> stream : List.of(detected, tracked)) {
            for (T item : stream) {
                NormalizedRect rect = rectOf.apply(item);
                result.removeIf(existing -> NormalizedRect.iou(rectOf.apply(existing), rect) > threshold);
                result.add(item);
            }
        }
        return result;
    }
}
