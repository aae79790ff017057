package dev.amesh.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amesh.api.graph.Graph;
import dev.amesh.mesh.image.ImageLoader;
import dev.amesh.mesh.image.RgbImage;
import dev.amesh.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole pipeline with the real networks against MediaPipe's own landmarks
 * (testdata/reference/mediapipe/cpu-inference, see its README): same faces, mean distance over the 478
 * points at most 0.5 % of the interocular distance (landmarks 33 and 263), max at most 2 %. Those files
 * come from MediaPipe's GPU-convention image steps, so a CPU-path port differs by a sub-pixel amount.
 *
 * <p>Runs when {@code -Damesh.e2e.models=DIR} names a folder with {@code detector.amesh} and
 * {@code attention.amesh}.
 */
@Tag("e2e")
@EnabledIfSystemProperty(named = "amesh.e2e.models", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaPipeEndToEndTest {
    private static final double MEAN_LIMIT = 0.005;
    private static final double MAX_LIMIT = 0.02;
    private static final double ROTATION_LIMIT = 0.015;

    private FaceMesh mesh;

    @BeforeAll
    void loadModels() throws Exception {
        Path dir = Paths.get(System.getProperty("amesh.e2e.models"));
        mesh = FaceMesh.builder().models(loadGraph(dir.resolve("detector.amesh")),
                loadGraph(dir.resolve("attention.amesh"))).maxFaces(4).build();
    }

    @AfterAll
    void close() {
        if (mesh != null) {
            mesh.close();
        }
    }

    // TODO(models): ModelStore.defaultStore().load(ModelId.DETECTOR / ModelId.ATTENTION) once merged.
    private static Graph loadGraph(Path file) throws Exception {
        Class<?> modelFile = Class.forName("dev.amesh.api.format.ModelFile");
        return (Graph) modelFile.getMethod("load", Path.class).invoke(null, file);
    }

    static Stream<String> goldenFiles() throws Exception {
        try (Stream<Path> files = Files.list(TestData.reference("mediapipe/cpu-inference"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
                    .toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("goldenFiles")
    void landmarksMatchMediaPipe(String golden) throws Exception {
        JsonNode ref = new ObjectMapper().readTree(TestData.reference("mediapipe/cpu-inference/" + golden).toFile());
        int w = ref.get("width").asInt();
        int h = ref.get("height").asInt();
        RgbImage image = new ImageLoader().load(TestData.reference("images/" + ref.get("image").asText()));
        FaceMeshResult result = mesh.detect(image);
        JsonNode refFaces = ref.get("faces");
        assertEquals(refFaces.size(), result.faces().size(), golden + ": face count");
        List<Face> unmatched = new ArrayList<>(result.faces());
        for (JsonNode refFace : refFaces) {
            double[] expected = pixels(refFace.get("landmarks"), w, h);
            Face ours = nearest(unmatched, expected);
            unmatched.remove(ours);
            double iod = Math.hypot(expected[2 * 33] - expected[2 * 263], expected[2 * 33 + 1] - expected[2 * 263 + 1]);
            double sum = 0;
            double max = 0;
            for (int i = 0; i < 478; i++) {
                double d = Math.hypot(ours.x(i) - expected[2 * i], ours.y(i) - expected[2 * i + 1]);
                sum += d;
                max = Math.max(max, d);
            }
            double mean = sum / 478;
            System.out.printf("%s: mean %.3f px (%.3f%% IOD), max %.3f px (%.3f%% IOD)%n", golden, mean,
                    100 * mean / iod, max, 100 * max / iod);
            assertTrue(mean <= MEAN_LIMIT * iod, golden + ": mean " + mean + " px, interocular " + iod);
            assertTrue(max <= MAX_LIMIT * iod, golden + ": max " + max + " px, interocular " + iod);
        }
    }

    /** The photo rotated 25° (Pillow, expand=True) gives the same face once our landmarks are rotated back. */
    @Test
    void rotatedPhotoGivesTheSameLandmarksRotatedBack() throws Exception {
        RgbImage upright = new ImageLoader().load(TestData.reference("images/astronaut.png"));
        RgbImage rotated = new ImageLoader().load(TestData.reference("images/astronaut_rot25.png"));
        Face a = mesh.detect(upright).faces().get(0);
        Face b = mesh.detect(rotated).faces().get(0);
        // Pillow turns anticlockwise about the image centre, whose pixel-centre coordinate is (size - 1) / 2.
        double t = Math.toRadians(25);
        double co = (upright.width() - 1) / 2.0;
        double cn = (rotated.width() - 1) / 2.0;
        double iod = Math.hypot(a.x(33) - a.x(263), a.y(33) - a.y(263));
        double sum = 0;
        for (int i = 0; i < 478; i++) {
            double x = b.x(i) - cn;
            double y = b.y(i) - cn;
            double xr = Math.cos(t) * x - Math.sin(t) * y + co;
            double yr = Math.sin(t) * x + Math.cos(t) * y + co;
            sum += Math.hypot(xr - a.x(i), yr - a.y(i));
        }
        double mean = sum / 478;
        System.out.printf("rotation check: mean %.3f px = %.3f%% IOD (MediaPipe's own files give about 1.5%%)%n",
                mean, 100 * mean / iod);
        assertTrue(mean <= ROTATION_LIMIT * iod, "rotated back: mean " + mean + " px, interocular " + iod);
    }

    private static double[] pixels(JsonNode landmarks, int w, int h) {
        double[] out = new double[2 * landmarks.size()];
        for (int i = 0; i < landmarks.size(); i++) {
            out[2 * i] = (float) landmarks.get(i).get(0).asDouble() * (double) w;
            out[2 * i + 1] = (float) landmarks.get(i).get(1).asDouble() * (double) h;
        }
        return out;
    }

    private static Face nearest(List<Face> faces, double[] expected) {
        Face best = null;
        double bestDist = Double.MAX_VALUE;
        for (Face f : faces) {
            double d = Math.hypot(f.x(1) - expected[2], f.y(1) - expected[3]);
            if (d < bestDist) {
                bestDist = d;
                best = f;
            }
        }
        return best;
    }
}
