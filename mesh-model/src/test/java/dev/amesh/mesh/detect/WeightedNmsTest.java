package dev.amesh.mesh.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedNmsTest {
    private static Detection box(float xmin, float ymin, float size, float score, float kx) {
        return new Detection(xmin, ymin, size, size, score, new float[] {kx, kx + 1});
    }

    @Test
    void clusterBecomesScoreWeightedMeanWithTheLeadersScore() {
        Detection a = box(0.0f, 0.0f, 1.0f, 0.9f, 10f);
        Detection b = box(0.1f, 0.1f, 1.0f, 0.6f, 20f);   // IoU with a = 0.81/1.19 = 0.68
        Detection far = box(5f, 5f, 1f, 0.7f, 30f);
        List<Detection> out = WeightedNms.faceDetection().apply(List.of(b, far, a));
        assertEquals(2, out.size());
        Detection m = out.get(0);
        assertEquals(0.9f, m.score(), "leader's score, not a mean");
        float total = 0.9f + 0.6f;
        assertEquals((0.0f * 0.9f + 0.1f * 0.6f) / total, m.xmin(), 1e-6f);
        assertEquals((1.0f * 0.9f + 1.1f * 0.6f) / total, m.xmax(), 1e-6f);
        assertEquals(m.xmax() - m.xmin(), m.width(), 1e-7f);
        assertEquals((10f * 0.9f + 20f * 0.6f) / total, m.keypointX(0), 1e-5f);
        assertEquals((11f * 0.9f + 21f * 0.6f) / total, m.keypointY(0), 1e-5f);
        Detection second = out.get(1);
        assertEquals(0.7f, second.score());
        assertEquals(5f, second.xmin());
        assertEquals(30f, second.keypointX(0));
    }

    @Test
    void overlapAtOrBelowThresholdStaysSeparate() {
        // Two unit boxes shifted by 0.5: IoU = 0.5/1.5 = 0.333 > 0.3, merged.
        Detection a = box(0f, 0f, 1f, 0.8f, 0f);
        Detection b = new Detection(0.5f, 0f, 1f, 1f, 0.7f, new float[] {0f, 0f});
        assertEquals(1, WeightedNms.faceDetection().apply(List.of(a, b)).size());
        // Shifted by 0.6: IoU = 0.4/1.6 = 0.25, kept apart.
        Detection c = new Detection(0.6f, 0f, 1f, 1f, 0.7f, new float[] {0f, 0f});
        assertEquals(2, WeightedNms.faceDetection().apply(List.of(a, c)).size());
        // Touching edges intersect with zero area: IoU 0, kept apart.
        Detection d = new Detection(1f, 0f, 1f, 1f, 0.7f, new float[] {0f, 0f});
        assertEquals(2, WeightedNms.faceDetection().apply(List.of(a, d)).size());
    }

    @Test
    void emptyLeaderIsOutputAndEndsSuppression() {
        Detection empty = new Detection(0.5f, 0.5f, 0f, 0f, 0.95f, new float[] {0f, 0f});
        Detection other = box(3f, 3f, 1f, 0.6f, 0f);
        List<Detection> out = WeightedNms.faceDetection().apply(List.of(other, empty));
        assertEquals(1, out.size(), "MediaPipe stops when a round removes nothing");
        assertEquals(0.95f, out.get(0).score());
    }
}
