package dev.amesh.mesh.detect;

import dev.amesh.mesh.roi.PixelRect;

/**
 * The detector's input region: the whole image, padded to the tensor's aspect ratio around the image
 * centre (MediaPipe {@code PadRoi} with {@code keep_aspect_ratio: true}).
 */
public final class Letterbox {
    private Letterbox() {
    }

    public static PixelRect roi(int imageWidth, int imageHeight, int tensorWidth, int tensorHeight) {
        float tensorAspect = (float) tensorHeight / tensorWidth;
        float roiAspect = (float) imageHeight / imageWidth;
        float width = imageWidth;
        float height = imageHeight;
        if (tensorAspect > roiAspect) {
            height = width * tensorAspect;
        } else {
            width = height / tensorAspect;
        }
        return new PixelRect(imageWidth / 2.0f, imageHeight / 2.0f, width, height, 0f);
    }
}
