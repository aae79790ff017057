package dev.amesh.mesh.detect;

import java.util.Arrays;

/**
 * Options of MediaPipe's {@code SsdAnchorsCalculator} (the subset BlazeFace uses). {@link #faceShortRange}
 * holds the values of {@code face_detection_short_range.pbtxt}.
 */
public record SsdAnchorOptions(int inputWidth, int inputHeight, int numLayers, int[] strides, float minScale,
                               float maxScale, float anchorOffsetX, float anchorOffsetY, float[] aspectRatios,
                               float interpolatedScaleAspectRatio, boolean fixedAnchorSize,
                               boolean reduceBoxesInLowestLayer) {

    public SsdAnchorOptions {
        if (strides.length != numLayers) {
            throw new IllegalArgumentException("need one stride per layer: " + numLayers + " layers, "
                    + strides.length + " strides");
        }
        if (inputWidth <= 0 || inputHeight <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + inputWidth + "x" + inputHeight);
        }
        for (int s : strides) {
            if (s <= 0) {
                throw new IllegalArgumentException("strides must be positive: " + Arrays.toString(strides));
            }
        }
        strides = strides.clone();
        aspectRatios = aspectRatios.clone();
    }

    /** BlazeFace short range, for a detector input of {@code width x height} (128 x 128 for the shipped model). */
    public static SsdAnchorOptions faceShortRange(int width, int height) {
        return new SsdAnchorOptions(width, height, 4, new int[] {8, 16, 16, 16}, 0.1484375f, 0.75f, 0.5f, 0.5f,
                new float[] {1.0f}, 1.0f, true, false);
    }

    @Override
    public int[] strides() {
        return strides.clone();
    }

    @Override
    public float[] aspectRatios() {
        return aspectRatios.clone();
    }
}
