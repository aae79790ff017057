package dev.amesh.mesh.image;

import dev.amesh.mesh.roi.PixelRect;

/** Samples a rotated image region into an HWC RGB float tensor. Implementations are not thread-safe. */
public interface ImageToTensor {
    int outWidth();

    int outHeight();

    /** Writes {@code outWidth * outHeight * 3} values {@code sample * alpha + beta} (sample in 0..255). */
    void warpFloats(RgbImage src, PixelRect roi, float alpha, float beta, float[] dst, int offset);
}
