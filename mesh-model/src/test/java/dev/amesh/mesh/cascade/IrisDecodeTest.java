package dev.amesh.mesh.cascade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.amesh.mesh.roi.NormalizedRect;
import org.junit.jupiter.api.Test;

class IrisDecodeTest {

    @Test
    void mirroredXIsSixtyFourMinusXThenDividedAndProjected() {
        float[] raw = new float[IrisLandmarks.OUTPUT_VALUES];
        raw[0] = 16f; // contour point 0 at (16, 32, 8) in the 64x64 crop
        raw[1] = 32f;
        raw[2] = 8f;
        raw[3 * 71] = 48f; // iris centre at (48, 16, -4)
        raw[3 * 71 + 1] = 16f;
        raw[3 * 71 + 2] = -4f;
        // An axis-aligned ROI 0.2 wide, 0.4 high, centred at (0.5, 0.5).
        NormalizedRect roi = new NormalizedRect(0.5f, 0.5f, 0.2f, 0.4f, 0f);
        IrisLandmarks.Eye plain = IrisLandmarks.decode(raw, roi, false, 64);
        assertEquals(0.5f + (0.25f - 0.5f) * 0.2f, plain.contour()[0], 1e-6f);
        assertEquals(0.5f, plain.contour()[1], 1e-6f);
        assertEquals(8f / 64 * 0.2f, plain.contour()[2], 1e-6f);
        IrisLandmarks.Eye mirrored = IrisLandmarks.decode(raw, roi, true, 64);
        assertEquals(0.5f + (0.75f - 0.5f) * 0.2f, mirrored.contour()[0], 1e-6f);
        assertEquals(0.5f + (0.25f - 0.5f) * 0.2f, mirrored.iris()[0], 1e-6f);
        assertEquals(0.5f + (0.25f - 0.5f) * 0.4f, mirrored.iris()[1], 1e-6f);
        assertEquals(-4f / 64 * 0.2f, mirrored.iris()[2], 1e-6f);
        assertEquals(3 * 71, mirrored.contour().length);
        assertEquals(3 * 5, mirrored.iris().length);
    }

    @Test
    void rotatedRoiTurnsThePoints() {
        float[] raw = new float[IrisLandmarks.OUTPUT_VALUES];
        raw[0] = 64f; // right edge, vertical middle of the crop
        raw[1] = 32f;
        NormalizedRect roi = new NormalizedRect(0.5f, 0.5f, 0.2f, 0.2f, (float) (Math.PI / 2));
        IrisLandmarks.Eye e = IrisLandmarks.decode(raw, roi, false, 64);
        // A quarter turn clockwise on screen maps the crop's +x to the image's +y.
        assertEquals(0.5f, e.contour()[0], 1e-6f);
        assertEquals(0.6f, e.contour()[1], 1e-6f);
    }

    @Test
    void mirrorRowsReversesEachRow() {
        // A 3x3 image: pixels p0 p1 p2 -> p2 p1 p0 in every row.
        float[] img = new float[27];
        for (int i = 0; i < img.length; i++) {
            img[i] = i;
        }
        IrisLandmarks.mirrorRows(img, 3);
        assertArrayEquals(new float[] {6, 7, 8, 3, 4, 5, 0, 1, 2}, java.util.Arrays.copyOfRange(img, 0, 9));
        assertArrayEquals(new float[] {24, 25, 26, 21, 22, 23, 18, 19, 20}, java.util.Arrays.copyOfRange(img, 18, 27));
    }
}
