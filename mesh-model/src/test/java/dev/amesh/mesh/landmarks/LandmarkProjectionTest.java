package dev.amesh.mesh.landmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.amesh.mesh.roi.NormalizedRect;
import org.junit.jupiter.api.Test;

class LandmarkProjectionTest {
    @Test
    void unrotatedRoiScalesAndShifts() {
        float[] p = {0f, 0f, 0.1f, 1f, 0.5f, -0.2f};
        LandmarkProjection.project(p, new NormalizedRect(0.5f, 0.4f, 0.2f, 0.3f, 0f));
        assertEquals(0.4f, p[0], 1e-7f);
        assertEquals(0.25f, p[1], 1e-7f);
        assertEquals(0.02f, p[2], 1e-7f);       // z scaled by the ROI width
        assertEquals(0.6f, p[3], 1e-7f);
        assertEquals(0.4f, p[4], 1e-7f);
        assertEquals(-0.04f, p[5], 1e-7f);
    }

    @Test
    void positiveRotationTurnsClockwiseOnScreen() {
        // The ROI's right-middle point goes to the bottom-middle after a quarter turn clockwise.
        float[] p = {1f, 0.5f, 0f};
        LandmarkProjection.project(p, new NormalizedRect(0.5f, 0.5f, 0.4f, 0.4f, (float) (Math.PI / 2)));
        assertEquals(0.5f, p[0], 1e-6f);
        assertEquals(0.7f, p[1], 1e-6f);
    }
}
