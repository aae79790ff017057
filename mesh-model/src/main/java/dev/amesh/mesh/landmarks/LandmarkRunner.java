package dev.amesh.mesh.landmarks;

import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.mesh.image.BorderMode;
import dev.amesh.mesh.image.ImageSampling;
import dev.amesh.mesh.image.ImageToTensor;
import dev.amesh.mesh.image.RgbImage;
import dev.amesh.mesh.roi.NormalizedRect;
import java.util.List;

/**
 * The landmark model on one ROI (§4, §5): replicate-border crop to [1,S,S,3] in [0, 1], inference,
 * presence score, decoding and projection. Not thread-safe (it owns its input buffer).
 */
public final class LandmarkRunner {
    public static final float INPUT_SCALE = 1.0f / 255.0f;

    /** Normalised image landmarks (x, y, z triples) and the presence score of one ROI. */
    public record Result(float[] landmarks, float presence) {
    }

    private final CompiledModel model;
    private final LandmarkModelKind kind;
    private final LandmarkDecoder decoder;
    private final ImageToTensor warp;
    private final float[] input;
    private final Tensor inputTensor;

    public LandmarkRunner(CompiledModel model, ImageSampling sampling) {
        this.model = model;
        kind = LandmarkModelKind.of(model.graph());
        List<TensorInfo> ins = model.graph().inputTensors();
        if (ins.size() != 1 || ins.get(0).shape().rank() != 4 || ins.get(0).shape().dim(0) != 1
                || ins.get(0).shape().dim(3) != 3 || ins.get(0).shape().dim(1) != ins.get(0).shape().dim(2)) {
            throw new IllegalArgumentException("landmark model must take one [1,S,S,3] input, got " + ins);
        }
        Shape shape = ins.get(0).shape();
        int size = shape.dim(1);
        decoder = new LandmarkDecoder(kind, size);
        warp = sampling.warp(size, size, BorderMode.REPLICATE);
        input = new float[size * size * 3];
        inputTensor = new Tensor(ins.get(0).name(), shape, input, 0);
    }

    public LandmarkModelKind kind() {
        return kind;
    }

    /** Runs the model on {@code roi}; the landmarks are decoded and projected even when the face is absent. */
    public Result run(RgbImage image, NormalizedRect roi) {
        warp.warpFloats(image, roi.toPixels(image.width(), image.height()), INPUT_SCALE, 0f, input, 0);
        Tensor[] out = model.run(inputTensor);
        return decode(out, roi);
    }

    /** Presence, decoding and projection of raw outputs computed on {@code roi}. */
    public Result decode(Tensor[] outputs, NormalizedRect roi) {
        float presence = LandmarkDecoder.presence(decoder.flagLogit(outputs));
        float[] xyz = decoder.decode(outputs);
        LandmarkProjection.project(xyz, roi);
        return new Result(xyz, presence);
    }
}
