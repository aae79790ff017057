package dev.amesh.mesh.image;

/** How the warp fills samples outside the source image. */
public enum BorderMode {
    /** OpenCV {@code BORDER_CONSTANT} with value 0 (the detector letterbox). */
    ZERO,
    /** OpenCV {@code BORDER_REPLICATE}: the nearest edge pixel (the landmark crop). */
    REPLICATE
}
