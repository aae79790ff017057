package dev.amesh.mesh.cascade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.amesh.mesh.roi.NormalizedRect;
import org.junit.jupiter.api.Test;

class EyeRoisTest {
    private static final int W = 200;
    private static final int H = 100;

    /** 468 landmarks, all at the image centre except the ones set. */
    private static float[] mesh(int[] idx, float[][] px) {
        float[] xyz = new float[468 * 3];
        for (int i = 0; i < 468; i++) {
            xyz[3 * i] = 0.5f;
            xyz[3 * i + 1] = 0.5f;
        }
        for (int k = 0; k < idx.length; k++) {
            xyz[3 * idx[k]] = px[k][0] / W;
            xyz[3 * idx[k] + 1] = px[k][1] / H;
        }
        return xyz;
    }

    @Test
    void levelEyeIsSquareOfTwoPointThreeCornerDistances() {
        float[] m = mesh(new int[] {33, 133}, new float[][] {{50, 40}, {70, 40}});
        NormalizedRect r = EyeRois.leftEye(m, W, H);
        assertEquals(60f / W, r.xCenter(), 1e-6f);
        assertEquals(40f / H, r.yCenter(), 1e-6f);
        assertEquals(46f, r.width() * W, 1e-4f);
        assertEquals(46f, r.height() * H, 1e-4f);
        assertEquals(0f, r.rotation(), 1e-6f);
    }

    @Test
    void tiltedEyeIsRotatedAlongTheCornerLineAndSquaredOnTheLongSide() {
        // 362 -> 263 goes 30 px right and 10 px down: clockwise on screen, rotation +atan(1/3).
        float[] m = mesh(new int[] {362, 263}, new float[][] {{100, 50}, {130, 60}});
        NormalizedRect r = EyeRois.rightEye(m, W, H);
        assertEquals(115f / W, r.xCenter(), 1e-6f);
        assertEquals(55f / H, r.yCenter(), 1e-6f);
        assertEquals((float) Math.atan2(10, 30), r.rotation(), 1e-6f);
        // The box of the two corners is 30 x 10 px; squared on the long side, then x2.3.
        assertEquals(69f, r.width() * W, 1e-4f);
        assertEquals(69f, r.height() * H, 1e-4f);
    }

    @Test
    void cornerOrderSetsTheRotation() {
        // 33 is right of 133 here (a mirrored face): the rotation turns by half a turn.
        float[] m = mesh(new int[] {33, 133}, new float[][] {{70, 40}, {50, 40}});
        assertEquals(-Math.PI, EyeRois.leftEye(m, W, H).rotation(), 1e-6);
    }

    @Test
    void tooFewLandmarksAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> EyeRois.rightEye(new float[3 * 300], W, H));
    }
}
