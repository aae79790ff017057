package dev.amesh.mesh.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.mesh.roi.PixelRect;
import dev.amesh.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionDecoderTest {
    private final List<SsdAnchors.Anchor> anchors = SsdAnchors.generate(SsdAnchorOptions.faceShortRange(128, 128));

    @Test
    void decodesOneRowByTheFormula() {
        float[] reg = new float[896 * 16];
        float[] logits = new float[896];
        java.util.Arrays.fill(logits, -10f);
        int i = 2; // anchor (0.09375, 0.03125)
        float[] row = {6.4f, -3.2f, 25.6f, 12.8f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        System.arraycopy(row, 0, reg, i * 16, 16);
        logits[i] = 2.0f;
        DetectionDecoder dec = new DetectionDecoder(DecoderOptions.faceShortRange(128, 128, 0.5f), anchors);
        List<Detection> out = dec.decode(reg, 0, logits, 0);
        assertEquals(1, out.size());
        Detection d = out.get(0);
        float xc = 6.4f / 128 + 0.09375f;
        float yc = -3.2f / 128 + 0.03125f;
        float w = 25.6f / 128;
        float h = 12.8f / 128;
        assertEquals(xc - w / 2, d.xmin(), 1e-7f);
        assertEquals(yc - h / 2, d.ymin(), 1e-7f);
        assertEquals(w, d.width(), 1e-6f);
        assertEquals(h, d.height(), 1e-6f);
        assertEquals((float) (1 / (1 + Math.exp(-2.0))), d.score(), 1e-7f);
        assertEquals(6, d.keypointCount());
        assertEquals(1f / 128 + 0.09375f, d.keypointX(0), 1e-7f);
        assertEquals(12f / 128 + 0.03125f, d.keypointY(5), 1e-7f);
    }

    @Test
    void thresholdIsInclusiveAndNegativeSizesAreDropped() {
        float[] reg = new float[896 * 16];
        float[] logits = new float[896];
        java.util.Arrays.fill(logits, -10f);
        logits[0] = 0f;                 // sigmoid = 0.5 exactly: kept at threshold 0.5
        logits[1] = 5f;
        reg[16 + 2] = -1f;              // anchor 1 with negative width: dropped
        logits[3] = 1000f;              // clipped to 100 before the sigmoid
        DetectionDecoder dec = new DetectionDecoder(DecoderOptions.faceShortRange(128, 128, 0.5f), anchors);
        List<Detection> out = dec.decode(reg, 0, logits, 0);
        assertEquals(2, out.size());
        assertEquals(0.5f, out.get(0).score());
        assertEquals(1.0f, out.get(1).score());
    }

    @Test
    void astronautReferenceOutputsGiveOnePlausibleFace() {
        // Real TFLite outputs for the 512x512 astronaut resized to 128x128 (not MediaPipe's warp, see raw/README).
        String dir = "raw/tflite-node/face_detection_short_range/astronaut_full_128_pm1/";
        float[] reg = TestData.readF32(dir + "regressors.f32");
        float[] cls = TestData.readF32(dir + "classificators.f32");
        DetectionDecoder dec = new DetectionDecoder(DecoderOptions.faceShortRange(128, 128, 0.5f), anchors);
        List<Detection> raw = dec.decode(reg, 0, cls, 0);
        assertTrue(raw.size() >= 2, "a real face fires several neighbouring anchors, got " + raw.size());
        List<Detection> faces = WeightedNms.faceDetection().apply(raw);
        assertEquals(1, faces.size(), "one astronaut: " + faces);
        // Square image: the letterbox is the whole image, projection is the identity.
        Detection d = new DetectionProjection(new PixelRect(256, 256, 512, 512, 0), 512, 512).project(faces.get(0));
        float best = 0f;
        for (Detection r : raw) {
            best = Math.max(best, r.score());
        }
        assertEquals(best, d.score(), "the leader keeps its own score");
        assertTrue(d.score() > 0.9f, "score " + d.score());
        // raw/README: the best box is w = h = 0.1806 and its centre gave the 139 px face ROI at x0=156, y0=59.
        assertEquals(0.1806f, d.width(), 0.01f);
        assertEquals(0.1806f, d.height(), 0.01f);
        float cx = d.xmin() + d.width() / 2;
        float cy = d.ymin() + d.height() / 2;
        assertEquals((156 + 139 / 2f) / 512, cx, 0.01f);
        assertEquals((59 + 139 / 2f) / 512, cy, 0.01f);
        assertTrue(d.keypointX(0) < d.keypointX(1), "right eye (kp 0) is on the image left");
        float eyeY = (d.keypointY(0) + d.keypointY(1)) / 2;
        assertTrue(eyeY < d.keypointY(2) && d.keypointY(2) < d.keypointY(3), "eyes above nose above mouth");
        assertTrue(d.keypointX(4) < d.keypointX(0) && d.keypointX(5) > d.keypointX(1), "ears outside the eyes");
        for (int k = 0; k < 4; k++) {
            assertTrue(d.keypointX(k) > d.xmin() && d.keypointX(k) < d.xmax(), "keypoint " + k + " inside the box");
        }
    }
}
