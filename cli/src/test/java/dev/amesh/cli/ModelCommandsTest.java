package dev.amesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amesh.api.io.Npy;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.ModelStore;
import dev.amesh.converter.models.TestModels;
import dev.amesh.testing.TestData;
import dev.amesh.testing.Tolerance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run and convert on the real models, checked against Google's runtime (testdata/reference/raw). */
class ModelCommandsTest {
    private static final String ATTENTION_REF = "raw/tflite-node+mpops/face_landmark_with_attention/astronaut_face_192/";
    private static final String[] ATTENTION_OUTPUTS = {"output_mesh_identity", "output_lips", "output_left_eye",
        "output_right_eye", "output_left_iris", "output_right_iris", "conv_faceflag"};

    @TempDir
    Path tmp;

    private static String cacheDir() {
        TestModels.graph(ModelId.ATTENTION);
        return ModelStore.defaultCacheDir().toString();
    }

    @Test
    void runsAttentionOnRawInputAndMatchesReference() throws IOException {
        String cache = cacheDir();
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("run", "attention", "--cache-dir", cache, "--backend", "scalar", "--threads", "1",
                "--input", TestData.reference("raw/inputs/astronaut_face_192.f32").toString(),
                "--shape", "1,192,192,3", "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        for (String name : ATTENTION_OUTPUTS) {
            Tensor got = Npy.read(out.resolve(name + ".npy"));
            Tolerance.REFERENCE.assertClose(name, TestData.readF32(ATTENTION_REF + name + ".f32"), got.toArray());
        }
        assertTrue(r.out().contains("wrote " + out.resolve("output_mesh_identity.npy") + " [1,1,1,1404]"), r.out());
    }

    @Test
    void acceptsNpyInputWithoutBatchAxis() throws IOException {
        float[] face = TestData.readF32("raw/inputs/astronaut_face_192.f32");
        Path in = tmp.resolve("face.npy");
        Npy.write(in, new Tensor(Shape.of(192, 192, 3), face));
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("run", "attention", "--cache-dir", cacheDir(), "--input", in.toString(), "--out",
                out.toString());
        assertEquals(0, r.code(), r.toString());
        Tolerance.REFERENCE.assertClose("conv_faceflag", TestData.readF32(ATTENTION_REF + "conv_faceflag.f32"),
                Npy.read(out.resolve("conv_faceflag.npy")).toArray());
    }

    @Test
    void wrongInputShapeNamesTheModelInput() {
        CliRun r = CliRun.of("run", "attention", "--cache-dir", cacheDir(),
                "--input", TestData.reference("raw/inputs/astronaut_full_128_pm1.f32").toString(),
                "--shape", "1,128,128,3", "--out", tmp.resolve("out").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.oneErrorLine(), r.toString());
        assertTrue(r.err().matches("(?s)amesh run: input '.+' of model attention expects shape \\[1,192,192,3\\].*"
                + "has shape \\[1,128,128,3\\].*"), r.toString());
        assertTrue(!Files.exists(tmp.resolve("out")), "nothing written on error");
    }

    @Test
    void convertWritesModelAndJsonSummary() throws IOException {
        Path tflite = TestModels.tflite(ModelId.DETECTOR);
        Path out = tmp.resolve("detector.amesh");
        CliRun r = CliRun.of("convert", tflite.toString(), out.toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(out.toString(), json.get("output").asText());
        assertEquals(Files.size(out), json.get("bytes").asLong());
        JsonNode input = json.get("inputs").get(0);
        assertEquals("[1,128,128,3]", input.get("shape").toString());
        assertEquals(2, json.get("outputs").size());

        Path runOut = tmp.resolve("det-out");
        CliRun run = CliRun.of("run", out.toString(), "--input",
                TestData.reference("raw/inputs/astronaut_full_128_pm1.f32").toString(), "--shape", "1,128,128,3",
                "--out", runOut.toString());
        assertEquals(0, run.code(), run.toString());
        try (var files = Files.list(runOut)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void convertPrintsSummary() throws IOException {
        Path out = tmp.resolve("mesh.amesh");
        CliRun r = CliRun.of("convert", TestModels.tflite(ModelId.MESH).toString(), out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("wrote " + out), r.out());
        assertTrue(Files.size(out) > 1_000_000);
    }
}
