package dev.amesh.mesh.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SsdAnchorsTest {
    private final List<SsdAnchors.Anchor> anchors = SsdAnchors.generate(SsdAnchorOptions.faceShortRange(128, 128));

    @Test
    void shortRangeHas896Anchors() {
        assertEquals(896, anchors.size());
    }

    @Test
    void matchesTheSpecExamples() {
        assertAnchor(0, 0.03125f, 0.03125f);
        assertAnchor(1, 0.03125f, 0.03125f);
        assertAnchor(2, 0.09375f, 0.03125f);
        assertAnchor(511, 0.96875f, 0.96875f);
        for (int i = 512; i <= 517; i++) {
            assertAnchor(i, 0.0625f, 0.0625f);
        }
        assertAnchor(895, 0.9375f, 0.9375f);
    }

    @Test
    void fixedAnchorSizeMakesEveryAnchorUnitSized() {
        for (SsdAnchors.Anchor a : anchors) {
            assertEquals(1.0f, a.width());
            assertEquals(1.0f, a.height());
        }
    }

    @Test
    void otherInputSizeGivesOtherGrid() {
        // 256 px: 32x32x2 + 16x16x6 anchors.
        assertEquals(32 * 32 * 2 + 16 * 16 * 6, SsdAnchors.generate(SsdAnchorOptions.faceShortRange(256, 256)).size());
    }

    @Test
    void withoutFixedSizeTheScalesInterpolate() {
        SsdAnchorOptions o = new SsdAnchorOptions(128, 128, 2, new int[] {8, 16}, 0.2f, 0.8f, 0.5f, 0.5f,
                new float[] {1.0f}, 1.0f, false, false);
        List<SsdAnchors.Anchor> list = SsdAnchors.generate(o);
        assertEquals(16 * 16 * 2 + 8 * 8 * 2, list.size());
        assertEquals(0.2f, list.get(0).width(), 1e-7f);
        assertEquals((float) Math.sqrt(0.2f * 0.8f), list.get(1).width(), 1e-7f);
        assertEquals(0.8f, list.get(512).width(), 1e-7f);
        assertEquals((float) Math.sqrt(0.8f * 1.0f), list.get(513).width(), 1e-7f);
    }

    private void assertAnchor(int i, float x, float y) {
        assertEquals(x, anchors.get(i).xCenter(), "x of anchor " + i);
        assertEquals(y, anchors.get(i).yCenter(), "y of anchor " + i);
    }
}
