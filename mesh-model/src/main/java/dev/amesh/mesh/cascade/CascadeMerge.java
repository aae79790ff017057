package dev.amesh.mesh.cascade;

import dev.amesh.mesh.landmarks.RefinementMaps;

/**
 * {@code UpdateFaceLandmarksCalculator} and the final concatenation of MediaPipe's iris graph (spec §8.7):
 * the 71 contour points of each eye overwrite their 71 mesh points (x, y and z; the eye index lists are the
 * attention model's), and the 5 + 5 iris points are appended: 468 + 10 = 478, in the attention model's order.
 */
public final class CascadeMerge {
    public static final int MESH_POINTS = 468;
    public static final int OUTPUT_POINTS = 478;

    private CascadeMerge() {
    }

    /**
     * @param meshXyz 468 (x, y, z) mesh landmarks
     * @param left the 33/133 eye
     * @param right the 362/263 eye
     * @return 478 (x, y, z) landmarks in the same coordinates as the inputs
     */
    public static float[] merge(float[] meshXyz, IrisLandmarks.Eye left, IrisLandmarks.Eye right) {
        if (meshXyz.length != 3 * MESH_POINTS) {
            throw new IllegalArgumentException("the cascade needs 468 mesh landmarks, got " + meshXyz.length / 3);
        }
        RefinementMaps maps = RefinementMaps.get();
        float[] out = new float[3 * OUTPUT_POINTS];
        System.arraycopy(meshXyz, 0, out, 0, meshXyz.length);
        overwrite(out, maps.leftEye(), left.contour());
        overwrite(out, maps.rightEye(), right.contour());
        System.arraycopy(left.iris(), 0, out, 3 * MESH_POINTS, 3 * IrisLandmarks.IRIS_POINTS);
        System.arraycopy(right.iris(), 0, out, 3 * (MESH_POINTS + IrisLandmarks.IRIS_POINTS),
                3 * IrisLandmarks.IRIS_POINTS);
        return out;
    }

    private static void overwrite(float[] out, int[] indices, float[] xyz) {
        if (xyz.length != 3 * indices.length) {
            throw new IllegalArgumentException("eye has " + xyz.length / 3 + " points, the map " + indices.length);
        }
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(xyz, 3 * i, out, 3 * indices[i], 3);
        }
    }
}
