package dev.amesh.mesh.landmarks;

import dev.amesh.api.tensor.Tensor;

/**
 * Decodes the landmark model's outputs into normalised ROI coordinates (§4.3, §5.2–§5.4): raw values are
 * divided by the model input size S, the attention model's regions are merged into 478 points, and the
 * face-flag logit becomes a presence score.
 */
public final class LandmarkDecoder {
    public static final int MESH_POINTS = 468;

    private final LandmarkModelKind kind;
    private final float inputSize;
    private final int[] lips;
    private final int[] leftEye;
    private final int[] rightEye;
    private final int[] leftIris;
    private final int[] rightIris;
    private final int[] leftIrisZ;
    private final int[] rightIrisZ;

    /** @param inputSize the model's square input side S (192 for the shipped models) */
    public LandmarkDecoder(LandmarkModelKind kind, int inputSize) {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("model input size must be positive, got " + inputSize);
        }
        this.kind = kind;
        this.inputSize = inputSize;
        RefinementMaps maps = RefinementMaps.get();
        lips = maps.lips();
        leftEye = maps.leftEye();
        rightEye = maps.rightEye();
        leftIris = maps.leftIris();
        rightIris = maps.rightIris();
        leftIrisZ = maps.leftIrisZSource();
        rightIrisZ = maps.rightIrisZSource();
    }

    public LandmarkModelKind kind() {
        return kind;
    }

    /** Sigmoid of the face-flag logit, in float as {@code TensorsToFloatsCalculator} computes it. */
    public static float presence(float logit) {
        return 1.0f / (1.0f + (float) Math.exp(-logit));
    }

    /** {@code ThresholdingCalculator}: present when the score is strictly above the threshold (in double). */
    public static boolean isPresent(float score, double threshold) {
        return (double) score > threshold;
    }

    /** The face-flag logit from the model outputs (last output). */
    public float flagLogit(Tensor[] outputs) {
        checkOutputs(outputs);
        return outputs[outputs.length - 1].get(0);
    }

    /** Normalised (x, y, z) per landmark: 478 points for the attention model, 468 for the mesh model. */
    public float[] decode(Tensor[] outputs) {
        checkOutputs(outputs);
        float[] out = new float[kind.landmarkCount() * 3];
        Tensor mesh = outputs[0];
        for (int i = 0; i < MESH_POINTS; i++) {
            out[3 * i] = mesh.get(3 * i) / inputSize;
            out[3 * i + 1] = mesh.get(3 * i + 1) / inputSize;
            out[3 * i + 2] = mesh.get(3 * i + 2) / inputSize / 1.0f;
        }
        if (kind == LandmarkModelKind.ATTENTION) {
            writeXy(outputs[1], lips, out);
            writeXy(outputs[2], leftEye, out);
            writeXy(outputs[3], rightEye, out);
            writeXy(outputs[4], leftIris, out);
            writeXy(outputs[5], rightIris, out);
            setAverageZ(out, leftIris, leftIrisZ);
            setAverageZ(out, rightIris, rightIrisZ);
        }
        return out;
    }

    /** Region point i overwrites x and y of landmark {@code target[i]}; z (the mesh's) stays. */
    private void writeXy(Tensor region, int[] target, float[] out) {
        for (int i = 0; i < target.length; i++) {
            out[3 * target[i]] = region.get(2 * i) / inputSize;
            out[3 * target[i] + 1] = region.get(2 * i + 1) / inputSize;
        }
    }

    /** {@code assign_average}: mean z of the source points, summed in double, stored as float. */
    private static void setAverageZ(float[] out, int[] targets, int[] sources) {
        double sum = 0;
        for (int s : sources) {
            sum += out[3 * s + 2];
        }
        float z = (float) (sum / sources.length);
        for (int t : targets) {
            out[3 * t + 2] = z;
        }
    }

    private void checkOutputs(Tensor[] outputs) {
        if (outputs.length != kind.outputCount()) {
            throw new IllegalArgumentException(kind + " model gives " + kind.outputCount() + " outputs, got "
                    + outputs.length);
        }
        int[] expected = kind == LandmarkModelKind.ATTENTION
                ? new int[] {1404, 2 * lips.length, 2 * leftEye.length, 2 * rightEye.length,
                        2 * leftIris.length, 2 * rightIris.length, 1}
                : new int[] {1404, 1};
        for (int i = 0; i < expected.length; i++) {
            if (outputs[i].size() != expected[i]) {
                throw new IllegalArgumentException("landmark output " + i + " has " + outputs[i].size()
                        + " values, expected " + expected[i]);
            }
        }
    }
}
