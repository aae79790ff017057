package dev.amesh.mesh.cascade;

import dev.amesh.mesh.Face;
import java.util.List;

/**
 * The Attention Mesh paper's Table 2 measure for one face: mean 2-D distance to reference landmarks per
 * region, normalised by the reference's own size of that region. Lips: the 80 lip points over the mouth
 * corner distance (61–291). Eyes: each eye's 71 contour points over its corner distance (33–133,
 * 362–263), averaged over both eyes. Eyelids: the same for the first 16 points of each eye (the lower and
 * upper lid contour through both corners, without the halo and brow points). Iris centres: points 468 and 473, normalised like their eye (NaN
 * when the landmarks have no irises); only the centres, because MediaPipe's cascade un-mirrors the 362/263
 * eye's iris without reordering it, so its edge points 474 and 476 swap sides against the attention
 * model's. All: the 468 mesh points over the interocular distance (33–263).
 */
public record RegionErrors(double lips, double eyes, double eyelids, double irisCentres, double all) {
    /** Lower (9) and upper (7) lid contour: the first 16 points of each eye map. */
    public static final int EYELID_POINTS = 16;
    public static final int LIPS_START = 61;
    public static final int LIPS_END = 291;

    /**
     * @param ours (x, y, z) pixel triples, 468 or 478 points
     * @param reference (x, y) pixel pairs, 478 points in MediaPipe's order
     */
    public static RegionErrors of(float[] ours, double[] reference) {
        int n = ours.length / 3;
        if (n != 468 && n != 478) {
            throw new IllegalArgumentException("need 468 or 478 landmarks, got " + n);
        }
        if (reference.length != 2 * 478) {
            throw new IllegalArgumentException("the reference needs 478 (x, y) points, got " + reference.length / 2);
        }
        double lips = mean(ours, reference, Face.LIPS) / dist(reference, LIPS_START, LIPS_END);
        double leftNorm = dist(reference, EyeRois.LEFT_EYE_START, EyeRois.LEFT_EYE_END);
        double rightNorm = dist(reference, EyeRois.RIGHT_EYE_START, EyeRois.RIGHT_EYE_END);
        double eyes = (mean(ours, reference, Face.LEFT_EYE) / leftNorm
                + mean(ours, reference, Face.RIGHT_EYE) / rightNorm) / 2;
        double eyelids = (mean(ours, reference, Face.LEFT_EYE.subList(0, EYELID_POINTS)) / leftNorm
                + mean(ours, reference, Face.RIGHT_EYE.subList(0, EYELID_POINTS)) / rightNorm) / 2;
        double irisCentres = n == 478 ? (distTo(ours, reference, Face.LEFT_IRIS.get(0)) / leftNorm
                + distTo(ours, reference, Face.RIGHT_IRIS.get(0)) / rightNorm) / 2 : Double.NaN;
        double all = 0;
        for (int i = 0; i < 468; i++) {
            all += distTo(ours, reference, i);
        }
        all = all / 468 / dist(reference, 33, 263);
        return new RegionErrors(lips, eyes, eyelids, irisCentres, all);
    }

    private static double mean(float[] ours, double[] ref, List<Integer> indices) {
        double s = 0;
        for (int i : indices) {
            s += distTo(ours, ref, i);
        }
        return s / indices.size();
    }

    private static double distTo(float[] ours, double[] ref, int i) {
        return Math.hypot(ours[3 * i] - ref[2 * i], ours[3 * i + 1] - ref[2 * i + 1]);
    }

    private static double dist(double[] ref, int a, int b) {
        return Math.hypot(ref[2 * a] - ref[2 * b], ref[2 * a + 1] - ref[2 * b + 1]);
    }
}
