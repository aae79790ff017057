package dev.amesh.mesh.detect;

import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.mesh.image.BorderMode;
import dev.amesh.mesh.image.ImageSampling;
import dev.amesh.mesh.image.ImageToTensor;
import dev.amesh.mesh.image.RgbImage;
import dev.amesh.mesh.roi.PixelRect;
import java.util.List;

/**
 * BlazeFace short range, end to end (§2): letterbox warp to the model input, inference, decoding, weighted
 * NMS and projection to normalised image coordinates. Not thread-safe (it owns its input buffer).
 */
public final class FaceDetector {
    /** The letterbox warp's float conversion to [-1, 1]. */
    public static final float INPUT_SCALE = 2.0f / 255.0f;
    public static final float INPUT_OFFSET = -1.0f;

    private final CompiledModel model;
    private final int inputWidth;
    private final int inputHeight;
    private final ImageToTensor warp;
    private final DetectionDecoder decoder;
    private final WeightedNms nms = WeightedNms.faceDetection();
    private final float[] input;
    private final Tensor inputTensor;
    private final int regressorsOutput;
    private final int scoresOutput;

    public FaceDetector(CompiledModel model, float minScoreThreshold, ImageSampling sampling) {
        this.model = model;
        List<TensorInfo> ins = model.graph().inputTensors();
        if (ins.size() != 1 || ins.get(0).shape().rank() != 4 || ins.get(0).shape().dim(0) != 1
                || ins.get(0).shape().dim(3) != 3) {
            throw new IllegalArgumentException("detector must take one [1,H,W,3] input, got " + ins);
        }
        Shape shape = ins.get(0).shape();
        inputHeight = shape.dim(1);
        inputWidth = shape.dim(2);
        List<SsdAnchors.Anchor> anchors = SsdAnchors.generate(SsdAnchorOptions.faceShortRange(inputWidth, inputHeight));
        DecoderOptions options = DecoderOptions.faceShortRange(inputWidth, inputHeight, minScoreThreshold);
        decoder = new DetectionDecoder(options, anchors);
        List<TensorInfo> outs = model.graph().outputTensors();
        int reg = -1;
        int cls = -1;
        for (int i = 0; i < outs.size(); i++) {
            int n = outs.get(i).shape().numElements();
            if (n == anchors.size() * options.numCoords() && reg < 0) {
                reg = i;
            } else if (n == anchors.size() && cls < 0) {
                cls = i;
            }
        }
        if (reg < 0 || cls < 0) {
            throw new IllegalArgumentException("detector outputs " + outs + " do not match " + anchors.size()
                    + " anchors x " + options.numCoords() + " coordinates and " + anchors.size() + " scores");
        }
        regressorsOutput = reg;
        scoresOutput = cls;
        warp = sampling.warp(inputWidth, inputHeight, BorderMode.ZERO);
        input = new float[inputHeight * inputWidth * 3];
        inputTensor = new Tensor(ins.get(0).name(), shape, input, 0);
    }

    /** Detections in normalised image coordinates, best score first (cluster leaders after NMS). */
    public List<Detection> detect(RgbImage image) {
        PixelRect roi = Letterbox.roi(image.width(), image.height(), inputWidth, inputHeight);
        warp.warpFloats(image, roi, INPUT_SCALE, INPUT_OFFSET, input, 0);
        Tensor[] out = model.run(inputTensor);
        return postprocess(out[regressorsOutput], out[scoresOutput], roi, image.width(), image.height());
    }

    /** Decoding, NMS and projection of raw outputs computed on the letterbox {@code roi}. */
    public List<Detection> postprocess(Tensor regressors, Tensor scores, PixelRect roi, int imageWidth,
                                       int imageHeight) {
        List<Detection> decoded = decoder.decode(regressors.data(), regressors.offset(), scores.data(),
                scores.offset());
        List<Detection> kept = nms.apply(decoded);
        DetectionProjection projection = new DetectionProjection(roi, imageWidth, imageHeight);
        return kept.stream().map(projection::project).toList();
    }

    public int inputWidth() {
        return inputWidth;
    }

    public int inputHeight() {
        return inputHeight;
    }
}
