package dev.amesh.mesh.cascade;

import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.mesh.image.BorderMode;
import dev.amesh.mesh.image.ImageSampling;
import dev.amesh.mesh.image.ImageToTensor;
import dev.amesh.mesh.image.RgbImage;
import dev.amesh.mesh.landmarks.LandmarkProjection;
import dev.amesh.mesh.roi.NormalizedRect;
import java.util.Arrays;
import java.util.List;

/**
 * The iris landmark model on one eye region (spec §8.4–8.6): a 64x64 replicate-border crop in [0, 1],
 * mirrored for the 362/263 eye because the model only knows left eyes, inference, then 71 eye-contour and
 * 5 iris points decoded (x mirrored back as {@code 64 - x}), divided by 64 and projected to normalised
 * image coordinates with the eye ROI. Not thread-safe (it owns its input buffer).
 *
 * <p>The crop is one bilinear warp of the rotated ROI (the GPU graph's approach, or OpenCV's warp with
 * {@link ImageSampling#OPENCV}); MediaPipe's CPU graph instead crops with nearest-neighbour sampling and then
 * resizes with INTER_AREA, which can differ by a fraction of a 64x64 pixel.
 */
public final class IrisLandmarks {
    public static final int CONTOUR_POINTS = 71;
    public static final int IRIS_POINTS = 5;
    /** The model's one output: 71 contour then 5 iris points, (x, y, z) each, in input pixels. */
    public static final int OUTPUT_VALUES = 3 * (CONTOUR_POINTS + IRIS_POINTS);
    public static final float INPUT_SCALE = 1.0f / 255.0f;

    /** One eye in normalised image coordinates: 71 contour points and 5 iris points, (x, y, z) triples. */
    public record Eye(float[] contour, float[] iris, NormalizedRect roi) {
        /** The same points in pixels of a {@code w x h} image ({@code x·w, y·h, z·w}). */
        public Eye inPixels(int w, int h) {
            return new Eye(scale(contour, w, h), scale(iris, w, h), roi);
        }

        private static float[] scale(float[] xyz, int w, int h) {
            float[] px = new float[xyz.length];
            for (int i = 0; i + 2 < xyz.length; i += 3) {
                px[i] = xyz[i] * w;
                px[i + 1] = xyz[i + 1] * h;
                px[i + 2] = xyz[i + 2] * w;
            }
            return px;
        }
    }

    private final CompiledModel model;
    private final int size;
    private final ImageToTensor warp;
    private final float[] input;
    private final Tensor inputTensor;

    /** @throws IllegalArgumentException when the model does not take [1,S,S,3] and give 228 values */
    public IrisLandmarks(CompiledModel model, ImageSampling sampling) {
        this.model = model;
        List<TensorInfo> ins = model.graph().inputTensors();
        List<TensorInfo> outs = model.graph().outputTensors();
        if (ins.size() != 1 || ins.get(0).shape().rank() != 4 || ins.get(0).shape().dim(0) != 1
                || ins.get(0).shape().dim(3) != 3 || ins.get(0).shape().dim(1) != ins.get(0).shape().dim(2)) {
            throw new IllegalArgumentException("iris model must take one [1,S,S,3] input, got " + ins);
        }
        if (outs.size() != 1 || outs.get(0).shape().numElements() != OUTPUT_VALUES) {
            throw new IllegalArgumentException("iris model must give one output of " + OUTPUT_VALUES
                    + " values (71 contour + 5 iris points), got " + outs);
        }
        Shape shape = ins.get(0).shape();
        size = shape.dim(1);
        warp = sampling.warp(size, size, BorderMode.REPLICATE);
        input = new float[size * size * 3];
        inputTensor = new Tensor(ins.get(0).name(), shape, input, 0);
    }

    /** The model's input side (64 for MediaPipe's iris model). */
    public int inputSize() {
        return size;
    }

    /**
     * Runs the model on one eye.
     *
     * @param mirrored true for the 362/263 eye (MediaPipe's IS_RIGHT_EYE)
     */
    public Eye run(RgbImage image, NormalizedRect roi, boolean mirrored) {
        float[] raw = infer(image, roi, mirrored);
        return decode(raw, roi, mirrored, size);
    }

    /** The crop and inference only: the raw 228 output values (a fresh array). */
    float[] infer(RgbImage image, NormalizedRect roi, boolean mirrored) {
        crop(image, roi, mirrored);
        Tensor out = model.run(inputTensor)[0];
        float[] raw = new float[OUTPUT_VALUES];
        for (int i = 0; i < OUTPUT_VALUES; i++) {
            raw[i] = out.get(i);
        }
        return raw;
    }

    /** Fills the model input with the (mirrored) crop and returns it (the internal buffer). */
    float[] crop(RgbImage image, NormalizedRect roi, boolean mirrored) {
        warp.warpFloats(image, roi.toPixels(image.width(), image.height()), INPUT_SCALE, 0f, input, 0);
        if (mirrored) {
            mirrorRows(input, size);
        }
        return input;
    }

    /** Swaps each row's pixels end for end: {@code out[x] = in[size - 1 - x]}. */
    static void mirrorRows(float[] hwc, int size) {
        for (int y = 0; y < size; y++) {
            int row = y * size * 3;
            for (int x = 0; x < size / 2; x++) {
                int a = row + 3 * x;
                int b = row + 3 * (size - 1 - x);
                for (int c = 0; c < 3; c++) {
                    float t = hwc[a + c];
                    hwc[a + c] = hwc[b + c];
                    hwc[b + c] = t;
                }
            }
        }
    }

    /**
     * TfLiteTensorsToLandmarks (x mirrored as {@code size - x} when flipped, then all three divided by
     * {@code size}) and LandmarkProjection with the eye ROI.
     */
    public static Eye decode(float[] raw, NormalizedRect roi, boolean mirrored, int size) {
        if (raw.length < OUTPUT_VALUES) {
            throw new IllegalArgumentException("iris output has " + raw.length + " values, need " + OUTPUT_VALUES);
        }
        float[] xyz = new float[OUTPUT_VALUES];
        for (int i = 0; i < OUTPUT_VALUES; i += 3) {
            float x = raw[i];
            xyz[i] = (mirrored ? size - x : x) / size;
            xyz[i + 1] = raw[i + 1] / size;
            xyz[i + 2] = raw[i + 2] / size;
        }
        LandmarkProjection.project(xyz, roi);
        float[] contour = Arrays.copyOfRange(xyz, 0, 3 * CONTOUR_POINTS);
        float[] iris = Arrays.copyOfRange(xyz, 3 * CONTOUR_POINTS, OUTPUT_VALUES);
        return new Eye(contour, iris, roi);
    }
}
