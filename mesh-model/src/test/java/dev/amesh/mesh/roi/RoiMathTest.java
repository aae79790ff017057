package dev.amesh.mesh.roi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.amesh.mesh.detect.Detection;
import org.junit.jupiter.api.Test;

class RoiMathTest {
    @Test
    void normalizeRadiansWrapsIntoMinusPiToPi() {
        assertEquals(0f, RoiMath.normalizeRadians(0f));
        assertEquals((float) -Math.PI, RoiMath.normalizeRadians((float) Math.PI), 1e-6f);
        assertEquals((float) (-Math.PI / 2), RoiMath.normalizeRadians((float) (3 * Math.PI / 2)), 1e-6f);
        assertEquals(1f, RoiMath.normalizeRadians((float) (1 + 4 * Math.PI)), 1e-5f);
    }

    @Test
    void rotationIsPositiveWhenTheSecondPointIsLowerOnScreen() {
        // Level eyes: no rotation.
        assertEquals(0f, RoiMath.rotation(0.4f, 0.5f, 0.6f, 0.5f, 100, 100));
        // Point 1 is 10 px lower (y down) and 20 px right: the face is turned clockwise by atan(0.5).
        assertEquals((float) Math.atan2(10, 20), RoiMath.rotation(0.4f, 0.5f, 0.6f, 0.6f, 100, 100), 1e-6f);
        // Higher: anticlockwise, negative.
        assertEquals((float) -Math.atan2(10, 20), RoiMath.rotation(0.4f, 0.6f, 0.6f, 0.5f, 100, 100), 1e-6f);
        // The angle is taken in pixels: on a 200x100 image the same normalised step is flatter.
        assertEquals((float) Math.atan2(10, 40), RoiMath.rotation(0.4f, 0.5f, 0.6f, 0.6f, 200, 100), 1e-6f);
    }

    @Test
    void transformSquaresOnTheLongSideInPixelsThenScales() {
        // 0.2 x 0.1 of 640x480 = 128 x 48 px: square of 128 px, times 1.5 = 192 px.
        NormalizedRect r = new NormalizedRect(0.5f, 0.4f, 0.2f, 0.1f, 0.3f);
        NormalizedRect t = RoiMath.transform(r, 640, 480, 1.5f, 1.5f, true);
        assertEquals(192f / 640, t.width(), 1e-7f);
        assertEquals(192f / 480, t.height(), 1e-7f);
        assertEquals(0.5f, t.xCenter());
        assertEquals(0.4f, t.yCenter());
        assertEquals(0.3f, t.rotation());
    }

    @Test
    void detectionRoiUsesTheBoxCentreAndEyeKeypoints() {
        // Box (100..200, 50..170) px in a 400x300 image; right eye (130, 100), left eye (170, 120).
        float[] kp = {130f / 400, 100f / 300, 170f / 400, 120f / 300, 0, 0, 0, 0, 0, 0, 0, 0};
        Detection d = new Detection(100f / 400, 50f / 300, 100f / 400, 120f / 300, 0.9f, kp);
        NormalizedRect r = FaceRois.fromDetection(d, 400, 300);
        assertEquals(150f / 400, r.xCenter(), 1e-6f);
        assertEquals(110f / 300, r.yCenter(), 1e-6f);
        assertEquals(120f * 1.5f / 400, r.width(), 1e-6f);   // long side 120 px (height)
        assertEquals(120f * 1.5f / 300, r.height(), 1e-6f);
        assertEquals((float) Math.atan2(20, 40), r.rotation(), 1e-6f);
    }

    @Test
    void landmarkRoiUsesTheHullAndLandmarks33And263() {
        float[] xyz = new float[478 * 3];
        for (int i = 0; i < 478; i++) {
            xyz[3 * i] = 0.5f;
            xyz[3 * i + 1] = 0.5f;
        }
        xyz[0] = 0.2f;                 // hull: x 0.2..0.6, y 0.3..0.5
        xyz[3 * 5] = 0.6f;
        xyz[3 * 7 + 1] = 0.3f;
        xyz[3 * 33] = 0.4f;            // eye corners: 33 at (0.4, 0.45), 263 at (0.6, 0.45)
        xyz[3 * 33 + 1] = 0.45f;
        xyz[3 * 263] = 0.6f;
        xyz[3 * 263 + 1] = 0.45f;
        NormalizedRect r = FaceRois.fromLandmarks(xyz, 100, 100);
        assertEquals(0.4f, r.xCenter(), 1e-6f);
        assertEquals(0.4f, r.yCenter(), 1e-6f);
        assertEquals(0.4f * 1.5f, r.width(), 1e-6f);
        assertEquals(0.4f * 1.5f, r.height(), 1e-6f);
        assertEquals(0f, r.rotation(), 1e-7f);
    }

    @Test
    void landmarkHullMaximaStartAtFltMin() {
        float[] xyz = new float[478 * 3];
        for (int i = 0; i < 478; i++) {
            xyz[3 * i] = -0.5f - i * 1e-4f;
            xyz[3 * i + 1] = 0.5f;
        }
        NormalizedRect r = FaceRois.fromLandmarks(xyz, 100, 100);
        // All x negative: xmax stays FLT_MIN, so the box reaches 0 on the right.
        float xmin = -0.5f - 477 * 1e-4f;
        assertEquals((xmin + Float.MIN_NORMAL) / 2, r.xCenter(), 1e-6f);
    }

    @Test
    void associationLetsTrackedRectsReplaceOverlappingDetections() {
        NormalizedRect det1 = new NormalizedRect(0.3f, 0.3f, 0.2f, 0.2f, 0f);
        NormalizedRect det2 = new NormalizedRect(0.7f, 0.7f, 0.2f, 0.2f, 0f);
        NormalizedRect tracked1 = new NormalizedRect(0.31f, 0.3f, 0.2f, 0.2f, 0.5f);  // IoU with det1 ~0.9
        NormalizedRect tracked3 = new NormalizedRect(0.3f, 0.7f, 0.2f, 0.2f, 0f);
        var out = RectAssociation.associate(java.util.List.of(det1, det2), java.util.List.of(tracked1, tracked3), 0.5f);
        assertEquals(java.util.List.of(det2, tracked1, tracked3), out);
        // A weak overlap (IoU 1/3) keeps both.
        NormalizedRect half = new NormalizedRect(0.4f, 0.3f, 0.2f, 0.2f, 0f);
        assertEquals(0.3333f, NormalizedRect.iou(det1, half), 1e-3f);
        assertEquals(2, RectAssociation.associate(java.util.List.of(det1), java.util.List.of(half), 0.5f).size());
    }
}
