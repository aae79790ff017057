package dev.amesh.mesh.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the detector's raw regressors and classificator logits into scored detections in normalised
 * tensor coordinates, as MediaPipe's {@code TensorsToDetectionsCalculator} does for BlazeFace.
 */
public final class DetectionDecoder {
    private final DecoderOptions options;
    private final List<SsdAnchors.Anchor> anchors;

    public DetectionDecoder(DecoderOptions options, List<SsdAnchors.Anchor> anchors) {
        this.options = options;
        this.anchors = List.copyOf(anchors);
    }

    public int numBoxes() {
        return anchors.size();
    }

    /**
     * Decodes {@code [numBoxes, numCoords]} regressors (row-major, starting at {@code regOffset}) and
     * {@code [numBoxes]} logits. Keeps boxes whose sigmoid score is at least the threshold and whose width
     * and height are neither negative nor NaN, in anchor order.
     */
    public List<Detection> decode(float[] regressors, int regOffset, float[] logits, int logitOffset) {
        int n = anchors.size();
        int nc = options.numCoords();
        if (regressors.length - regOffset < (long) n * nc || logits.length - logitOffset < n) {
            throw new IllegalArgumentException("detector outputs too small: need " + n + "x" + nc
                    + " regressors and " + n + " scores");
        }
        float clip = options.scoreClippingThreshold();
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float raw = logits[logitOffset + i];
            raw = raw < -clip ? -clip : Math.min(raw, clip);
            float score = 1.0f / (1.0f + (float) Math.exp(-raw));
            if (!(score >= options.minScoreThreshold())) {
                continue;
            }
            SsdAnchors.Anchor a = anchors.get(i);
            int base = regOffset + i * nc;
            int b = base + options.boxCoordOffset();
            float xc = regressors[b] / options.xScale() * a.width() + a.xCenter();
            float yc = regressors[b + 1] / options.yScale() * a.height() + a.yCenter();
            float w = regressors[b + 2] / options.wScale() * a.width();
            float h = regressors[b + 3] / options.hScale() * a.height();
            float ymin = yc - h / 2.0f;
            float xmin = xc - w / 2.0f;
            float ymax = yc + h / 2.0f;
            float xmax = xc + w / 2.0f;
            float width = xmax - xmin;
            float height = ymax - ymin;
            if (!(width >= 0f) || !(height >= 0f)) {
                continue;
            }
            float[] kp = new float[options.numKeypoints() * 2];
            for (int k = 0; k < options.numKeypoints(); k++) {
                int o = base + options.keypointCoordOffset() + k * options.valuesPerKeypoint();
                kp[2 * k] = regressors[o] / options.xScale() * a.width() + a.xCenter();
                kp[2 * k + 1] = regressors[o + 1] / options.yScale() * a.height() + a.yCenter();
            }
            out.add(new Detection(xmin, ymin, width, height, score, kp));
        }
        return out;
    }
}
