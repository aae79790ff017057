package dev.amesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.TestModels;
import dev.amesh.mesh.Face;
import dev.amesh.mesh.cascade.CascadeFace;
import dev.amesh.mesh.cascade.CascadeResult;
import dev.amesh.mesh.cascade.FaceCascade;
import dev.amesh.mesh.image.ImageLoader;
import dev.amesh.testing.TestData;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code amesh detect --model cascade} end to end on the real models from the default caches. */
class DetectCascadeTest {
    @TempDir
    Path tmp;

    @Test
    void cascadeWritesTheSameJsonAsTheApiAndAnOverlay() throws Exception {
        // Through the caches the command itself uses; aborted (not failed) when offline and not cached.
        TestModels.graph(ModelId.DETECTOR);
        TestModels.graph(ModelId.MESH);
        CliTestModels.iris();
        Path image = TestData.reference("images/astronaut.png");
        Path json = tmp.resolve("a.json");
        Path png = tmp.resolve("a.png");
        CliRun r = CliRun.of("detect", image.toString(), "--model", "cascade", "--backend", "scalar", "--threads", "1",
                "--json", json.toString(), "--overlay", png.toString());
        assertEquals(0, r.code(), r.toString());

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals("cascade", root.get("model").asText());
        assertEquals(512, root.get("width").asInt());
        assertEquals(1, root.get("faces").size());
        JsonNode face = root.get("faces").get(0);
        JsonNode lm = face.get("landmarks");
        assertEquals(478, lm.size());

        CascadeResult api;
        try (FaceCascade c = FaceCascade.builder().models(TestModels.graph(ModelId.DETECTOR),
                TestModels.graph(ModelId.MESH), CliTestModels.iris()).backend("scalar").threads(1).maxFaces(4).build()) {
            api = c.detect(new ImageLoader().load(image));
        }
        assertEquals(1, api.faces().size());
        CascadeFace f = api.faces().get(0);
        for (int i = 0; i < 478; i++) {
            assertEquals(f.x(i), (float) lm.get(i).get(0).asDouble(), "x of " + i);
            assertEquals(f.y(i), (float) lm.get(i).get(1).asDouble(), "y of " + i);
            assertEquals(f.z(i), (float) lm.get(i).get(2).asDouble(), "z of " + i);
        }
        // The cascade refines only the eyes: its lips are the base mesh's, to the bit.
        float[] base = f.baseMeshLandmarks();
        for (int i : Face.LIPS) {
            for (int k = 0; k < 3; k++) {
                assertEquals(base[3 * i + k], (float) lm.get(i).get(k).asDouble(), "lip point " + i);
            }
        }
        assertEquals(f.detectionScore(), (float) face.get("score").asDouble());
        assertEquals(f.presence(), (float) face.get("presence").asDouble());
        assertEquals(4, face.get("box").size());
        for (int k = 0; k < 4; k++) {
            assertEquals(f.detectionBox()[k], (float) face.get("box").get(k).asDouble());
        }

        BufferedImage overlay = ImageIO.read(png.toFile());
        assertEquals(512, overlay.getWidth());
        BufferedImage photo = ImageIO.read(image.toFile());
        int changed = 0;
        for (int y = 0; y < 512; y++) {
            for (int x = 0; x < 512; x++) {
                changed += (overlay.getRGB(x, y) & 0xffffff) != (photo.getRGB(x, y) & 0xffffff) ? 1 : 0;
            }
        }
        assertTrue(changed > 2000, "the overlay draws on the photo: " + changed + " pixels changed");
    }
}
