package dev.amesh.mesh.roi;

/** A rotated rectangle in pixels: centre, size and clockwise rotation in radians. */
public record PixelRect(float xCenter, float yCenter, float width, float height, float rotation) {
}
