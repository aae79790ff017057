package dev.amesh.mesh.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.amesh.mesh.roi.PixelRect;
import dev.amesh.testing.TestData;
import org.junit.jupiter.api.Test;

class PixelCenterWarpTest {
    /**
     * raw/inputs were resampled with src = x0 + (dst + 0.5)·size/out − 0.5, clamped taps and float64
     * bilinear blending (raw/README): MediaPipe's GPU convention for an axis-aligned ROI.
     */
    @Test
    void matchesTheReferenceInputTensors() throws Exception {
        RgbImage astronaut = new ImageLoader().load(TestData.reference("images/astronaut.png"));
        float[] face = new float[192 * 192 * 3];
        new PixelCenterWarp(192, 192, BorderMode.REPLICATE).warpFloats(astronaut,
                new PixelRect(156 + 69.5f, 59 + 69.5f, 139, 139, 0f), 1f / 255f, 0f, face, 0);
        assertClose(TestData.readF32("raw/inputs/astronaut_face_192.f32"), face, 1e-6f);
        float[] full = new float[128 * 128 * 3];
        new PixelCenterWarp(128, 128, BorderMode.ZERO).warpFloats(astronaut, new PixelRect(256, 256, 512, 512, 0f),
                2f / 255f, -1f, full, 0);
        assertClose(TestData.readF32("raw/inputs/astronaut_full_128_pm1.f32"), full, 1e-6f);
    }

    @Test
    void samplesPixelCentresAndBordersAsTheGpuDoes() {
        byte[] px = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120};
        RgbImage img = new RgbImage(px, 2, 2);
        float[] out = new float[12];
        // The ROI covering the whole image, sampled 2x2, reads each pixel centre exactly.
        new PixelCenterWarp(2, 2, BorderMode.REPLICATE).warpFloats(img, new PixelRect(1f, 1f, 2f, 2f, 0f), 1f, 0f, out, 0);
        for (int i = 0; i < 12; i++) {
            assertEquals(px[i], out[i]);
        }
        // One output pixel at the left image edge (corner x = 0): half the first column, half outside.
        float[] one = new float[3];
        new PixelCenterWarp(1, 1, BorderMode.ZERO).warpFloats(img, new PixelRect(0f, 0.5f, 1f, 1f, 0f), 1f, 0f, one, 0);
        assertEquals(5f, one[0], 1e-6f);
        new PixelCenterWarp(1, 1, BorderMode.REPLICATE).warpFloats(img, new PixelRect(0f, 0.5f, 1f, 1f, 0f), 1f, 0f, one, 0);
        assertEquals(10f, one[0], 1e-6f);
    }

    private static void assertClose(float[] expected, float[] actual, float tol) {
        assertEquals(expected.length, actual.length);
        float worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertEquals(0f, worst, tol, "largest difference");
    }
}
