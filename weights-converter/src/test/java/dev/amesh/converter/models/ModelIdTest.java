package dev.amesh.converter.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelIdTest {
    @Test
    void looksUpShortNames() {
        assertEquals(ModelId.ATTENTION, ModelId.byShortName("attention"));
        assertEquals(ModelId.MESH, ModelId.byShortName(" Mesh "));
        assertEquals(ModelId.DETECTOR, ModelId.byShortName("detector"));
        assertTrue(ModelId.isShortName("DETECTOR"));
        assertFalse(ModelId.isShortName("face_landmark.tflite"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelId.byShortName("iris"));
        assertEquals("unknown model 'iris'; known: attention, mesh, detector", e.getMessage());
    }

    @Test
    void fileBaseDropsExtension() {
        assertEquals("face_landmark_with_attention", ModelId.ATTENTION.fileBase());
        assertEquals("face_detection_short_range.tflite", ModelId.DETECTOR.fileName());
        for (ModelId id : ModelId.values()) {
            assertTrue(id.sha256().matches("[0-9a-f]{64}"), id.toString());
        }
    }
}
