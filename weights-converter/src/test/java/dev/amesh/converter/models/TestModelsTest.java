package dev.amesh.converter.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** TestModels hands out verified originals (the converted graphs are checked by the converter's own tests). */
class TestModelsTest {
    @Test
    void tfliteIsTheVerifiedOriginal() throws IOException {
        for (ModelId id : ModelId.values()) {
            assertEquals(id.sha256(), Sha256.of(TestModels.tflite(id)), id.toString());
        }
    }
}
