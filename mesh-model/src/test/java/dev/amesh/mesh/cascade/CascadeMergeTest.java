package dev.amesh.mesh.cascade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.amesh.mesh.Face;
import dev.amesh.mesh.roi.NormalizedRect;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CascadeMergeTest {
    private static final NormalizedRect ROI = new NormalizedRect(0.5f, 0.5f, 0.1f, 0.1f, 0f);

    private static float[] filled(int points, float base) {
        float[] v = new float[3 * points];
        for (int i = 0; i < v.length; i++) {
            v[i] = base + i;
        }
        return v;
    }

    @Test
    void eyesOverwriteTheirMeshPointsAndIrisesAreAppended() {
        float[] mesh = filled(468, 0f);
        IrisLandmarks.Eye left = new IrisLandmarks.Eye(filled(71, 10_000f), filled(5, 20_000f), ROI);
        IrisLandmarks.Eye right = new IrisLandmarks.Eye(filled(71, 30_000f), filled(5, 40_000f), ROI);
        float[] out = CascadeMerge.merge(mesh, left, right);
        assertEquals(3 * 478, out.length);
        Set<Integer> eyes = new HashSet<>(Face.LEFT_EYE);
        eyes.addAll(Face.RIGHT_EYE);
        assertEquals(142, eyes.size());
        for (int k = 0; k < 71; k++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(10_000f + 3 * k + c, out[3 * Face.LEFT_EYE.get(k) + c]);
                assertEquals(30_000f + 3 * k + c, out[3 * Face.RIGHT_EYE.get(k) + c]);
            }
        }
        for (int i = 0; i < 468; i++) {
            if (!eyes.contains(i)) {
                assertEquals(mesh[3 * i], out[3 * i]);
                assertEquals(mesh[3 * i + 2], out[3 * i + 2]);
            }
        }
        for (int k = 0; k < 5; k++) {
            assertEquals(20_000f + 3 * k, out[3 * Face.LEFT_IRIS.get(k)]);
            assertEquals(40_000f + 3 * k + 2, out[3 * Face.RIGHT_IRIS.get(k) + 2]);
        }
    }

    @Test
    void wrongSizesAreRejected() {
        IrisLandmarks.Eye eye = new IrisLandmarks.Eye(filled(71, 0f), filled(5, 0f), ROI);
        assertThrows(IllegalArgumentException.class, () -> CascadeMerge.merge(filled(478, 0f), eye, eye));
        IrisLandmarks.Eye shortEye = new IrisLandmarks.Eye(filled(70, 0f), filled(5, 0f), ROI);
        assertThrows(IllegalArgumentException.class, () -> CascadeMerge.merge(filled(468, 0f), shortEye, eye));
    }
}
