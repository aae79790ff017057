package dev.amesh.mesh.inspect;

import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.mesh.detect.Detection;
import dev.amesh.mesh.detect.FaceDetector;
import dev.amesh.mesh.image.BorderMode;
import dev.amesh.mesh.image.ImageSampling;
import dev.amesh.mesh.image.RgbImage;
import dev.amesh.mesh.landmarks.LandmarkRunner;
import dev.amesh.mesh.roi.FaceRois;
import dev.amesh.mesh.roi.NormalizedRect;
import dev.amesh.mesh.roi.PixelRect;
import java.util.List;
import java.util.Optional;

/**
 * The landmark model's input for the first face of a photo, cut exactly as {@link dev.amesh.mesh.FaceMesh}
 * cuts it in static mode: BlazeFace detection (best score first), the detection's ROI, and the
 * replicate-border warp of that ROI into [1,S,S,3] scaled to [0, 1].
 *
 * @param input the model input
 * @param rect the ROI in normalised image coordinates
 * @param roi the same ROI in photo pixels, as a map from input pixels to photo pixels
 * @param detectionScore the detector's score for the face
 */
public record FaceCrop(Tensor input, NormalizedRect rect, AttentionGeometry.Roi roi, float detectionScore) {
    /** MediaPipe's default minimum detection score. */
    public static final float MIN_DETECTION_SCORE = 0.5f;

    /**
     * Finds the first face of {@code image} with {@code detector} and cuts the input of {@code landmarkGraph}
     * for it; empty when no face is found.
     *
     * @throws IllegalArgumentException if the landmark graph does not take one square [1,S,S,3] input
     */
    public static Optional<FaceCrop> firstFace(RgbImage image, CompiledModel detector, Graph landmarkGraph,
            ImageSampling sampling) {
        List<TensorInfo> ins = landmarkGraph.inputTensors();
        Shape shape = ins.size() == 1 ? ins.get(0).shape() : null;
        if (shape == null || shape.rank() != 4 || shape.dim(0) != 1 || shape.dim(3) != 3
                || shape.dim(1) != shape.dim(2)) {
            throw new IllegalArgumentException("landmark model '" + landmarkGraph.name()
                    + "' must take one [1,S,S,3] input, got " + ins);
        }
        List<Detection> detections = new FaceDetector(detector, MIN_DETECTION_SCORE, sampling).detect(image);
        for (Detection d : detections) {
            NormalizedRect rect = FaceRois.fromDetection(d, image.width(), image.height());
            if (!(rect.width() > 0 && rect.height() > 0 && Float.isFinite(rect.width())
                    && Float.isFinite(rect.height()) && Float.isFinite(rect.xCenter())
                    && Float.isFinite(rect.yCenter()) && Float.isFinite(rect.rotation()))) {
                continue; // a degenerate box; FaceMesh skips these too
            }
            int size = shape.dim(1);
            float[] data = new float[size * size * 3];
            PixelRect px = rect.toPixels(image.width(), image.height());
            sampling.warp(size, size, BorderMode.REPLICATE).warpFloats(image, px, LandmarkRunner.INPUT_SCALE, 0f,
                    data, 0);
            AttentionGeometry.Roi roi = new AttentionGeometry.Roi(px.xCenter(), px.yCenter(), px.width(),
                    px.height(), px.rotation(), size);
            return Optional.of(new FaceCrop(new Tensor(ins.get(0).name(), shape, data, 0), rect, roi, d.score()));
        }
        return Optional.empty();
    }
}
