package dev.amesh.mesh.cascade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.Graph;
import dev.amesh.converter.models.ModelId;
import dev.amesh.mesh.image.ImageLoader;
import dev.amesh.mesh.image.RgbImage;
import dev.amesh.testing.TestData;
import org.junit.jupiter.api.Test;

/** The cascade with the real models on the astronaut photo. */
class FaceCascadeTest {

    private static FaceCascade.Builder builder() throws Exception {
        return FaceCascade.builder().backend("scalar").models(CascadeModels.graph(ModelId.DETECTOR),
                CascadeModels.graph(ModelId.MESH), CascadeModels.iris());
    }

    @Test
    void lipsStandInCostsTimeButChangesNoLandmark() throws Exception {
        RgbImage image = new ImageLoader().load(TestData.reference("images/astronaut.png"));
        CascadeResult plain;
        CascadeResult withLips;
        try (FaceCascade c = builder().build()) {
            plain = c.detect(image);
        }
        try (FaceCascade c = builder().lipsTimingStandIn(true).build()) {
            assertTrue(c.lipsTimingStandIn());
            withLips = c.detect(image);
        }
        assertEquals(1, plain.faces().size());
        CascadeFace f = plain.faces().get(0);
        assertEquals(478, f.landmarkCount());
        assertEquals(468 * 3, f.baseMeshLandmarks().length);
        assertArrayEquals(f.landmarks(), withLips.faces().get(0).landmarks());
        // Detector box and score are passed on from the base mesh's face.
        assertTrue(f.detected() && f.detectionBox().length == 4, "detector box");
        assertTrue(f.detectionScore() > 0.5f && f.detectionScore() <= 1f, "score " + f.detectionScore());
        assertEquals(0, plain.lipsStandInNanos());
        assertTrue(withLips.lipsStandInNanos() > 0);
        assertTrue(plain.meshNanos() > 0 && plain.eyesNanos() > 0);
        assertEquals(plain.meshNanos() + plain.eyesNanos(), plain.totalNanos());
        // The iris centres lie inside their eye's crop region.
        assertInside(f.x(468) / 512, f.y(468) / 512, f.leftEyeRoi());
        assertInside(f.x(473) / 512, f.y(473) / 512, f.rightEyeRoi());
    }

    private static void assertInside(float x, float y, dev.amesh.mesh.roi.NormalizedRect r) {
        assertTrue(Math.abs(x - r.xCenter()) < r.width() / 2 && Math.abs(y - r.yCenter()) < r.height() / 2,
                "(" + x + ", " + y + ") outside " + r);
    }

    @Test
    void theBaseModelMustBeThePlainMesh() throws Exception {
        Graph detector = CascadeModels.graph(ModelId.DETECTOR);
        Graph attention = CascadeModels.graph(ModelId.ATTENTION);
        FaceCascade.Builder b = FaceCascade.builder().models(detector, attention, CascadeModels.iris());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("468"), e.getMessage());
    }

    @Test
    void aClosedCascadeRefusesWork() throws Exception {
        RgbImage image = new ImageLoader().load(TestData.reference("images/astronaut.png"));
        FaceCascade c = builder().build();
        c.close();
        c.close();
        assertThrows(IllegalStateException.class, () -> c.detect(image));
    }
}
