package dev.amesh.mesh.landmarks;

import dev.amesh.mesh.roi.NormalizedRect;

/**
 * {@code LandmarkProjectionCalculator} (normalised rect form, §4.3): rotates ROI-relative landmarks by the
 * ROI rotation about its centre and scales them by its size; z is scaled by the ROI width like x.
 */
public final class LandmarkProjection {
    private LandmarkProjection() {
    }

    /** Projects (x, y, z) triples in place from ROI coordinates to normalised image coordinates. */
    public static void project(float[] xyz, NormalizedRect rect) {
        float cos = (float) Math.cos(rect.rotation());
        float sin = (float) Math.sin(rect.rotation());
        for (int i = 0; i + 2 < xyz.length; i += 3) {
            float x = xyz[i] - 0.5f;
            float y = xyz[i + 1] - 0.5f;
            float nx = cos * x - sin * y;
            float ny = sin * x + cos * y;
            xyz[i] = nx * rect.width() + rect.xCenter();
            xyz[i + 1] = ny * rect.height() + rect.yCenter();
            xyz[i + 2] = xyz[i + 2] * rect.width();
        }
    }
}
