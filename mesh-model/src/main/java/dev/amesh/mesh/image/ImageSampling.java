package dev.amesh.mesh.image;

/**
 * How an image region becomes a model input tensor. MediaPipe's CPU and GPU graphs differ here by a
 * half pixel and in rounding (spec §4.2, §10), which moves landmarks by a fraction of a pixel.
 */
public enum ImageSampling {
    /**
     * MediaPipe's CPU graph (Python and C++ solutions): OpenCV {@code warpPerspective} on uint8, output
     * pixel x at the ROI edge plus x/size, 1/32-pixel positions, uint8 result ({@link OpenCvWarp}).
     * Landmark pixel coordinates put pixel centres on integers.
     */
    OPENCV,
    /**
     * MediaPipe's GPU graph (and its web solution): float bilinear texture sampling at output pixel centres
     * ((x + 0.5)/size across the ROI), with image pixel centres at +0.5 ({@link PixelCenterWarp}).
     * Reproduces the landmarks of MediaPipe's web solution.
     */
    PIXEL_CENTER;

    /** The warp for this convention. */
    public ImageToTensor warp(int outWidth, int outHeight, BorderMode border) {
        return this == OPENCV ? new OpenCvWarp(outWidth, outHeight, border)
                : new PixelCenterWarp(outWidth, outHeight, border);
    }
}
