package dev.amesh.mesh.cascade;

import dev.amesh.mesh.image.RgbImage;
import dev.amesh.mesh.roi.NormalizedRect;

/**
 * TIMING STAND-IN, NOT A LIPS MODEL. The Attention Mesh paper's cascade also ran a lips model, which Google
 * never published. To time that composition, this runs the iris-architecture network (the same compiled
 * iris model) once more on a crop around the mouth (corners 61 and 291, the eye ROI rule) and throws the
 * result away. Its outputs are meaningless for lips and are never returned, merged or reported.
 */
public final class LipsTimingStandIn {
    /** Mouth corners. */
    public static final int START = 61;
    public static final int END = 291;

    private final IrisLandmarks network;

    LipsTimingStandIn(IrisLandmarks network) {
        this.network = network;
    }

    /** The crop the stand-in runs on (the eye rule applied to the mouth corners). */
    public static NormalizedRect roi(float[] meshXyz, int imageWidth, int imageHeight) {
        return EyeRois.fromCorners(meshXyz, START, END, imageWidth, imageHeight, EyeRois.SCALE);
    }

    /** Crops and runs the network; returns nothing on purpose. */
    void runForTiming(RgbImage image, float[] meshXyz) {
        network.infer(image, roi(meshXyz, image.width(), image.height()), false);
    }
}
