package dev.amesh.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.tensor.Shape;
import dev.amesh.mesh.image.ImageLoader;
import dev.amesh.mesh.image.RgbImage;
import dev.amesh.mesh.landmarks.LandmarkModelKind;
import dev.amesh.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's control flow with stand-in networks that return real reference outputs (the detector's
 * for the astronaut, the attention model's for an astronaut face crop), so everything but the networks runs.
 */
class FaceMeshPipelineTest {
    private static final String DET = "raw/tflite-node/face_detection_short_range/astronaut_full_128_pm1/";
    private static final String LM = "raw/tflite-node+mpops/face_landmark_with_attention/astronaut_face_192/";

    private final RgbImage astronaut = new ImageLoader().load(TestData.reference("images/astronaut.png"));

    FaceMeshPipelineTest() throws Exception {
    }

    private static FakeModel detector() {
        return new FakeModel(Shape.of(1, 128, 128, 3), new Shape[] {Shape.of(1, 896, 16), Shape.of(1, 896, 1)},
                new float[][] {TestData.readF32(DET + "regressors.f32"), TestData.readF32(DET + "classificators.f32")});
    }

    private static FakeModel attention(float flagLogit) {
        String[] names = {"output_mesh_identity", "output_lips", "output_left_eye", "output_right_eye",
            "output_left_iris", "output_right_iris"};
        int[] sizes = {1404, 160, 142, 142, 10, 10, 1};
        float[][] outs = new float[7][];
        Shape[] shapes = new Shape[7];
        for (int i = 0; i < 6; i++) {
            outs[i] = TestData.readF32(LM + names[i] + ".f32");
        }
        outs[6] = new float[] {flagLogit};
        for (int i = 0; i < 7; i++) {
            shapes[i] = Shape.of(1, 1, 1, sizes[i]);
        }
        return new FakeModel(Shape.of(1, 192, 192, 3), shapes, outs);
    }

    @Test
    void staticImageGivesOneFaceInPixels() {
        FakeModel det = detector();
        FakeModel lm = attention(4f);
        try (FaceMesh mesh = FaceMesh.builder().compiledModels(det, lm).build()) {
            assertEquals(LandmarkModelKind.ATTENTION, mesh.landmarkModel());
            FaceMeshResult r = mesh.detect(astronaut);
            assertEquals(512, r.imageWidth());
            assertTrue(r.detectorRan());
            assertEquals(1, r.faces().size());
            Face f = r.faces().get(0);
            assertEquals(478, f.landmarkCount());
            assertEquals((float) (1 / (1 + Math.exp(-4))), f.presence(), 1e-6f);
            assertTrue(f.detected());
            assertTrue(f.detectionScore() > 0.9f);
            float[] box = f.detectionBox();
            // The landmarks' centroid is inside the detector's box (both in pixels).
            double cx = 0;
            double cy = 0;
            for (int i = 0; i < 478; i++) {
                cx += f.x(i) / 478;
                cy += f.y(i) / 478;
            }
            assertTrue(cx > box[0] && cx < box[0] + box[2] && cy > box[1] && cy < box[1] + box[3],
                    "centroid " + cx + "," + cy + " box " + java.util.Arrays.toString(box));
            // The ROI is the detection box squared and enlarged 1.5 times.
            assertEquals(Math.max(box[2], box[3]) * 1.5f / 512, f.roi().width(), 1e-4f);
            // The detector saw the letterboxed image in [-1, 1], the landmark model a crop in [0, 1].
            float[] detIn = det.lastInput.toArray();
            float[] lmIn = lm.lastInput.toArray();
            assertEquals(-1f, min(detIn), 0f);
            assertTrue(min(lmIn) >= 0f && max(lmIn) <= 1f && max(lmIn) > 0.5f);
        }
        assertTrue(det.closed && lm.closed, "close() releases both models");
    }

    @Test
    void absentFaceIsDroppedAndTrackingFallsBackToDetection() {
        FakeModel det = detector();
        try (FaceMesh mesh = FaceMesh.builder().compiledModels(det, attention(-3f)).mode(FaceMesh.Mode.TRACKING)
                .build()) {
            assertEquals(0, mesh.detect(astronaut).faces().size());
            assertEquals(0, mesh.detect(astronaut).faces().size());
            assertEquals(2, det.runs, "no tracked face, so the detector runs every frame");
        }
    }

    @Test
    void presenceThresholdIsStrict() {
        try (FaceMesh mesh = FaceMesh.builder().compiledModels(detector(), attention(0f)).build()) {
            assertEquals(0, mesh.detect(astronaut).faces().size(), "sigmoid(0) = 0.5 is not > 0.5");
        }
        try (FaceMesh mesh = FaceMesh.builder().compiledModels(detector(), attention(0f))
                .minPresenceConfidence(0.49f).build()) {
            assertEquals(1, mesh.detect(astronaut).faces().size());
        }
    }

    @Test
    void trackingSkipsTheDetectorOnceMaxFacesAreTracked() {
        FakeModel det = detector();
        try (FaceMesh mesh = FaceMesh.builder().compiledModels(det, attention(4f)).mode(FaceMesh.Mode.TRACKING)
                .build()) {
            FaceMeshResult first = mesh.detect(astronaut);
            assertTrue(first.faces().get(0).detected());
            FaceMeshResult second = mesh.detect(astronaut);
            assertEquals(1, det.runs);
            assertFalse(second.detectorRan());
            Face tracked = second.faces().get(0);
            assertFalse(tracked.detected());
            assertNull(tracked.detectionBox());
            assertTrue(Float.isNaN(tracked.detectionScore()));
            mesh.reset();
            assertTrue(mesh.detect(astronaut).detectorRan());
            assertEquals(2, det.runs);
        }
    }

    @Test
    void trackedRectReplacesTheOverlappingDetection() {
        FakeModel det = detector();
        try (FaceMesh mesh = FaceMesh.builder().compiledModels(det, attention(4f)).mode(FaceMesh.Mode.TRACKING)
                .maxFaces(2).build()) {
            mesh.detect(astronaut);
            FaceMeshResult second = mesh.detect(astronaut);
            assertEquals(2, det.runs, "fewer than maxFaces tracked: detect again");
            assertEquals(1, second.faces().size(), "the detection overlaps the tracked face and is merged");
            assertFalse(second.faces().get(0).detected(), "the tracked rect wins");
        }
    }

    @Test
    void staticModeNeverTracks() {
        FakeModel det = detector();
        try (FaceMesh mesh = FaceMesh.builder().compiledModels(det, attention(4f)).build()) {
            mesh.detect(astronaut);
            mesh.detect(astronaut);
            assertEquals(2, det.runs);
        }
    }

    @Test
    void builderRejectsBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> FaceMesh.builder().maxFaces(0));
        assertThrows(IllegalArgumentException.class, () -> FaceMesh.builder().minDetectionConfidence(1.5f));
        assertThrows(IllegalArgumentException.class, () -> FaceMesh.builder().minPresenceConfidence(Float.NaN));
        assertThrows(IllegalStateException.class, () -> FaceMesh.builder().build());
        // A detector graph where a landmark graph belongs is named as such.
        assertThrows(IllegalArgumentException.class,
                () -> FaceMesh.builder().compiledModels(detector(), detector()).build());
    }

    private static float min(float[] v) {
        float m = Float.MAX_VALUE;
        for (float x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static float max(float[] v) {
        float m = -Float.MAX_VALUE;
        for (float x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
