package dev.amesh.cli.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amesh.api.tensor.Shape;
import dev.amesh.cli.DetectCommand;
import dev.amesh.mesh.FaceMesh;
import dev.amesh.mesh.FakeModel;
import dev.amesh.testing.TestData;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code amesh detect} with stand-in networks that return real reference outputs for the astronaut. */
class DetectCommandTest {
    private static final String DET = "raw/tflite-node/face_detection_short_range/astronaut_full_128_pm1/";
    private static final String LM = "raw/tflite-node+mpops/face_landmark_with_attention/astronaut_face_192/";

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static FaceMeshFactory fakes(float flagLogit) {
        return (engine, maxFaces) -> {
            FakeModel det = new FakeModel(Shape.of(1, 128, 128, 3),
                    new Shape[] {Shape.of(1, 896, 16), Shape.of(1, 896, 1)},
                    new float[][] {TestData.readF32(DET + "regressors.f32"), TestData.readF32(DET + "classificators.f32")});
            String[] names = {"output_mesh_identity", "output_lips", "output_left_eye", "output_right_eye",
                "output_left_iris", "output_right_iris"};
            int[] sizes = {1404, 160, 142, 142, 10, 10, 1};
            float[][] outs = new float[7][];
            Shape[] shapes = new Shape[7];
            for (int i = 0; i < 7; i++) {
                outs[i] = i < 6 ? TestData.readF32(LM + names[i] + ".f32") : new float[] {flagLogit};
                shapes[i] = Shape.of(1, 1, 1, sizes[i]);
            }
            FakeModel lm = new FakeModel(Shape.of(1, 192, 192, 3), shapes, outs);
            return FaceMesh.builder().compiledModels(det, lm).maxFaces(maxFaces).build();
        };
    }

    /** Runs the command with amesh's exit-code rules: 2 for usage errors, 1 for failures (one stderr line). */
    static Run run(FaceMeshFactory factory, String... args) {
        return runWith(new DetectCommand(factory), args);
    }

    static Run runWith(DetectCommand command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            cl.getErr().println("amesh detect: " + ex.getMessage());
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("amesh detect: " + ex.getMessage());
            return 1;
        });
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Path astronaut() {
        return TestData.reference("images/astronaut.png");
    }

    @Test
    void printsJsonWithOneFaceOf478Landmarks() throws Exception {
        Run r = run(fakes(4f), astronaut().toString());
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(astronaut().toString(), root.get("image").asText());
        assertEquals("attention", root.get("model").asText(), "default model");
        assertEquals(512, root.get("width").asInt());
        assertEquals(512, root.get("height").asInt());
        assertEquals(1, root.get("faces").size());
        JsonNode face = root.get("faces").get(0);
        assertTrue(face.get("score").asDouble() > 0.9 && face.get("score").asDouble() <= 1.0);
        assertEquals(4, face.get("box").size());
        JsonNode lm = face.get("landmarks");
        assertEquals(478, lm.size());
        for (JsonNode p : lm) {
            assertEquals(3, p.size());
            assertTrue(p.get(0).asDouble() > 0 && p.get(0).asDouble() < 512, "x in pixels");
        }
        // Landmark 263 (subject's left eye, outer corner) is to the image right of landmark 33.
        assertTrue(lm.get(263).get(0).asDouble() > lm.get(33).get(0).asDouble());
    }

    @Test
    void writesJsonAndOverlayFiles() throws Exception {
        Path json = tmp.resolve("out.json");
        Path png = tmp.resolve("out.png");
        Run r = run(fakes(4f), astronaut().toString(), "--json", json.toString(), "--overlay", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().isBlank());
        assertEquals(1, new ObjectMapper().readTree(json.toFile()).get("faces").size());
        BufferedImage overlay = ImageIO.read(png.toFile());
        assertEquals(512, overlay.getWidth());
        int lips = 0;
        int eyes = 0;
        int irises = 0;
        for (int y = 0; y < 512; y++) {
            for (int x = 0; x < 512; x++) {
                int rgb = overlay.getRGB(x, y);
                lips += near(rgb, OverlayRenderer.LIPS.getRGB()) ? 1 : 0;
                eyes += near(rgb, OverlayRenderer.EYES.getRGB()) ? 1 : 0;
                irises += near(rgb, OverlayRenderer.IRISES.getRGB()) ? 1 : 0;
            }
        }
        assertTrue(lips > 100 && eyes > 40 && irises > 30, "lips " + lips + ", eyes " + eyes + ", irises " + irises);
    }

    private static boolean near(int a, int b) {
        int d = Math.abs((a >> 16 & 255) - (b >> 16 & 255)) + Math.abs((a >> 8 & 255) - (b >> 8 & 255))
                + Math.abs((a & 255) - (b & 255));
        return d < 30;
    }

    @Test
    void noFaceGivesEmptyListExitZeroAndOneNote() throws Exception {
        Run r = run(fakes(-5f), astronaut().toString());
        assertEquals(0, r.code());
        assertEquals(0, new ObjectMapper().readTree(r.out()).get("faces").size());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("no face"));
    }

    @Test
    void outDirWritesOneJsonAndOverlayPerImageWithUniqueNames() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("copy")).resolve("astronaut.png");
        Files.copy(astronaut(), other);
        Path dir = tmp.resolve("results");
        Run r = run(fakes(4f), astronaut().toString(), other.toString(), "--out-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        for (String name : new String[] {"astronaut.json", "astronaut.overlay.png", "astronaut_2.json",
            "astronaut_2.overlay.png"}) {
            assertTrue(Files.isRegularFile(dir.resolve(name)), name);
        }
        assertEquals(other.toString(), new ObjectMapper().readTree(dir.resolve("astronaut_2.json").toFile())
                .get("image").asText());
    }

    @Test
    void severalImagesWithJsonGiveAnArray() throws Exception {
        Path json = tmp.resolve("all.json");
        Run r = run(fakes(4f), astronaut().toString(), astronaut().toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode all = new ObjectMapper().readTree(json.toFile());
        assertTrue(all.isArray());
        assertEquals(2, all.size());
    }

    @Test
    void refusesToOverwriteTheInput() throws Exception {
        Path copy = tmp.resolve("in.png");
        Files.copy(astronaut(), copy);
        byte[] before = Files.readAllBytes(copy);
        Run r = run(fakes(4f), copy.toString(), "--overlay", copy.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("overwrite the input"), r.err());
        assertEquals(1, r.err().strip().lines().count());
        Run j = run(fakes(4f), copy.toString(), "--json", tmp.resolve(".").resolve("in.png").toString());
        assertEquals(1, j.code());
        assertArrayEquals(before, Files.readAllBytes(copy));
    }

    @Test
    void badImageFailsWithOneLine() throws Exception {
        Path text = Files.writeString(tmp.resolve("x.png"), "not an image");
        Run r = run(fakes(4f), text.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("x.png"));
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, run(fakes(4f), astronaut().toString(), astronaut().toString(), "--overlay",
                tmp.resolve("o.png").toString()).code());
        assertEquals(2, run(fakes(4f), astronaut().toString(), "--max-faces", "0").code());
        assertEquals(2, run(fakes(4f), astronaut().toString(), "--out-dir", tmp.toString(), "--json",
                tmp.resolve("a.json").toString()).code());
        assertEquals(2, run(fakes(4f)).code());
        assertFalse(Files.exists(tmp.resolve("o.png")));
    }

    @Test
    void modelOptionPicksThePipeline() {
        String[] seen = new String[1];
        FaceCascadeFactory cascade = (e, n) -> {
            seen[0] = e.backend() + "/" + e.threads() + "/" + e.device() + "/" + n;
            throw new java.io.IOException("no cascade models in this test");
        };
        FaceMeshFactory attention = fakes(4f);
        Run r = runWith(new DetectCommand(attention, cascade), astronaut().toString(), "--model", "CASCADE",
                "--backend", "scalar", "--threads", "2", "--device", "0", "--max-faces", "3");
        assertEquals(1, r.code(), r.err());
        assertEquals("scalar/2/0/3", seen[0]);
        assertTrue(r.err().contains("no cascade models"), r.err());
        seen[0] = null;
        Run a = runWith(new DetectCommand(attention, cascade), astronaut().toString(), "--model", "attention");
        assertEquals(0, a.code(), a.err());
        assertEquals(null, seen[0], "attention does not build the cascade");
        Run bad = runWith(new DetectCommand(attention, cascade), astronaut().toString(), "--model", "lips");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("use attention or cascade"), bad.err());
    }

    @Test
    void maxFacesReachesTheFaceMesh() {
        int[] seen = new int[1];
        FaceMeshFactory spy = (e, n) -> {
            seen[0] = n;
            return fakes(4f).create(e, n);
        };
        assertEquals(0, run(spy, astronaut().toString()).code());
        assertEquals(4, seen[0], "CLI default");
        assertEquals(0, run(spy, astronaut().toString(), "--max-faces", "2").code());
        assertEquals(2, seen[0]);
    }

    @Test
    void parallelFacesReachesTheFaceMeshAndIsChecked() {
        int[] seen = new int[1];
        FaceMeshFactory spy = (e, n) -> {
            seen[0] = e.parallelFaces();
            return fakes(4f).create(e, n);
        };
        assertEquals(0, run(spy, astronaut().toString()).code());
        assertEquals(1, seen[0], "CLI default: one face at a time");
        assertEquals(0, run(spy, astronaut().toString(), "--parallel-faces", "3").code());
        assertEquals(3, seen[0]);
        Run zero = run(spy, astronaut().toString(), "--parallel-faces", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--parallel-faces must be between 1 and 100, got 0"), zero.err());
        FaceCascadeFactory cascade = (e, n) -> {
            throw new AssertionError("not reached");
        };
        Run onCascade = runWith(new DetectCommand(spy, cascade), astronaut().toString(), "--model", "cascade",
                "--parallel-faces", "2");
        assertEquals(2, onCascade.code());
        assertTrue(onCascade.err().contains("--parallel-faces applies to the attention model only"), onCascade.err());
    }
}
