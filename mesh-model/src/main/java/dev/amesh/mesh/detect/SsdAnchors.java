package dev.amesh.mesh.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * SSD anchor generation as in MediaPipe's {@code SsdAnchorsCalculator}: consecutive layers with equal
 * stride share one feature map; each layer adds one anchor per aspect ratio plus an interpolated one.
 */
public final class SsdAnchors {
    /** An anchor centre and size in normalised input coordinates. */
    public record Anchor(float xCenter, float yCenter, float width, float height) {
    }

    private SsdAnchors() {
    }

    public static List<Anchor> generate(SsdAnchorOptions o) {
        int[] strides = o.strides();
        float[] ratiosOption = o.aspectRatios();
        List<Anchor> anchors = new ArrayList<>();
        int layer = 0;
        while (layer < o.numLayers()) {
            List<Float> ratios = new ArrayList<>();
            List<Float> scales = new ArrayList<>();
            int last = layer;
            while (last < o.numLayers() && strides[last] == strides[layer]) {
                float scale = scale(o.minScale(), o.maxScale(), last, strides.length);
                if (last == 0 && o.reduceBoxesInLowestLayer()) {
                    ratios.add(1.0f);
                    ratios.add(2.0f);
                    ratios.add(0.5f);
                    scales.add(0.1f);
                    scales.add(scale);
                    scales.add(scale);
                } else {
                    for (float r : ratiosOption) {
                        ratios.add(r);
                        scales.add(scale);
                    }
                    if (o.interpolatedScaleAspectRatio() > 0f) {
                        float next = last == strides.length - 1 ? 1.0f
                                : scale(o.minScale(), o.maxScale(), last + 1, strides.length);
                        scales.add((float) Math.sqrt(scale * next));
                        ratios.add(o.interpolatedScaleAspectRatio());
                    }
                }
                last++;
            }
            int stride = strides[layer];
            int fmHeight = (int) Math.ceil((float) o.inputHeight() / stride);
            int fmWidth = (int) Math.ceil((float) o.inputWidth() / stride);
            for (int y = 0; y < fmHeight; y++) {
                for (int x = 0; x < fmWidth; x++) {
                    for (int a = 0; a < ratios.size(); a++) {
                        float xc = (x + o.anchorOffsetX()) / fmWidth;
                        float yc = (y + o.anchorOffsetY()) / fmHeight;
                        if (o.fixedAnchorSize()) {
                            anchors.add(new Anchor(xc, yc, 1.0f, 1.0f));
                        } else {
                            float sqrtRatio = (float) Math.sqrt(ratios.get(a));
                            anchors.add(new Anchor(xc, yc, scales.get(a) * sqrtRatio, scales.get(a) / sqrtRatio));
                        }
                    }
                }
            }
            layer = last;
        }
        return List.copyOf(anchors);
    }

    private static float scale(float min, float max, int index, int count) {
        if (count == 1) {
            return (min + max) * 0.5f;
        }
        return min + (max - min) * index / (count - 1.0f);
    }
}
