package dev.amesh.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.Graph;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.TestModels;
import dev.amesh.mesh.image.ImageLoader;
import dev.amesh.mesh.image.RgbImage;
import dev.amesh.testing.TestData;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Several faces of one image on several landmark models at once give exactly the one-at-a-time result. */
class ParallelFacesTest {
    /**
     * Four 256x256 cells cut around the faces of the reference photos (each face keeps its size, so the
     * 512x512 composite scales to the detector input as the photos do): four faces.
     */
    private static RgbImage fourFaces() throws IOException {
        int cell = 256;
        int w = 2 * cell;
        byte[] rgb = new byte[w * w * 3];
        paste(rgb, w, load("astronaut.png"), 97, 0, 0, 0, cell);
        paste(rgb, w, load("grace_hopper.jpg"), 140, 114, cell, 0, cell);
        paste(rgb, w, load("astronaut_flip.png"), 159, 0, 0, cell, cell);
        paste(rgb, w, load("grace_hopper_flip.png"), 116, 114, cell, cell, cell);
        return new RgbImage(rgb, w, w);
    }

    private static RgbImage load(String name) throws IOException {
        return new ImageLoader().load(TestData.reference("images/" + name));
    }

    /** The {@code size} square of {@code img} from (sx, sy) into {@code dst} at (dx, dy). */
    private static void paste(byte[] dst, int dstW, RgbImage img, int sx, int sy, int dx, int dy, int size) {
        byte[] src = img.toBytes();
        for (int y = 0; y < size; y++) {
            System.arraycopy(src, ((sy + y) * img.width() + sx) * 3, dst, ((dy + y) * dstW + dx) * 3, size * 3);
        }
    }

    @Test
    void fourFacesOnSeveralModelsMatchOneAtATime() throws IOException {
        Graph detector = TestModels.graph(ModelId.DETECTOR);
        Graph attention = TestModels.graph(ModelId.ATTENTION);
        RgbImage image = fourFaces();
        FaceMeshResult sequential;
        try (FaceMesh mesh = FaceMesh.builder().models(detector, attention).maxFaces(4).threads(2).build()) {
            assertEquals(1, mesh.parallelFaces());
            sequential = mesh.detect(image);
        }
        assertEquals(4, sequential.faces().size(), "the composite holds four faces");
        for (int parallel : new int[] {2, 3, 8}) { // 8: at most maxFaces models
            try (FaceMesh mesh = FaceMesh.builder().models(detector, attention).maxFaces(4).threads(2)
                    .parallelFaces(parallel).build()) {
                assertEquals(Math.min(parallel, 4), mesh.parallelFaces());
                for (int run = 0; run < 3; run++) {
                    FaceMeshResult r = mesh.detect(image);
                    assertEquals(sequential.faces().size(), r.faces().size());
                    for (int i = 0; i < r.faces().size(); i++) {
                        assertArrayEquals(sequential.faces().get(i).landmarks(), r.faces().get(i).landmarks(),
                                "face " + i + " with " + parallel + " at once, run " + run);
                        assertEquals(sequential.faces().get(i).presence(), r.faces().get(i).presence());
                    }
                }
            }
        }
    }

    @Test
    void parallelFacesIsValidatedAndNeedsGraphs() {
        assertThrows(IllegalArgumentException.class, () -> FaceMesh.builder().parallelFaces(0));
        assertThrows(IllegalArgumentException.class, () -> FaceMesh.builder().parallelFaces(101));
        Graph detector = TestModels.graph(ModelId.DETECTOR);
        Graph attention = TestModels.graph(ModelId.ATTENTION);
        FaceMesh.Builder b = FaceMesh.builder().models(detector, attention);
        var det = b.compile(detector);
        var lm = b.compile(attention);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FaceMesh.builder().compiledModels(det, lm).parallelFaces(2).build());
        assertTrue(e.getMessage().contains("needs graphs"), e.getMessage());
    }
}
