package dev.amesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.io.Npy;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.ModelStore;
import dev.amesh.converter.models.TestModels;
import dev.amesh.testing.TestData;
import dev.amesh.testing.Tolerance;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpCommandTest {
    private static final String REF = "raw/tflite-node+mpops/face_landmark_with_attention/astronaut_face_192/";

    @TempDir
    Path tmp;

    private static String cacheDir() {
        TestModels.graph(ModelId.ATTENTION);
        return ModelStore.defaultCacheDir().toString();
    }

    /** The reference input (raw .f32) as the .npy a user would pass. */
    private Path faceNpy() throws IOException {
        Path p = tmp.resolve("face.npy");
        Npy.write(p, new Tensor(Shape.of(1, 192, 192, 3), TestData.readF32("raw/inputs/astronaut_face_192.f32")));
        return p;
    }

    @Test
    void dumpsReferenceLayersWithIndex() throws IOException {
        Path out = tmp.resolve("dump");
        CliRun r = CliRun.of("dump", "--input", faceNpy().toString(), "--cache-dir", cacheDir(), "--backend", "scalar",
                "--layer", "p_re_lu_3", "transform_tensor_bilinear_v2.*", "landmarks_to_transform_matrix.*",
                "--layer", "conv_.*", "--out", out.toString(), "--png");
        assertEquals(0, r.code(), r.toString());
        JsonNode index = new ObjectMapper().readTree(out.resolve("index.json").toFile());
        assertEquals("face_landmark_with_attention", index.get("model").asText());
        JsonNode layers = index.get("layers");
        // p_re_lu_3, 3 crops, 3 matrices, 6 conv_* (lips, eyes, irises, faceflag)
        assertEquals(13, layers.size(), layers.toString());
        for (JsonNode l : layers) {
            String name = l.get("name").asText();
            Tensor t = Npy.read(out.resolve(l.get("file").asText()));
            assertEquals(Shape.of(toInts(l.get("shape"))), t.shape(), name);
            Tolerance.REFERENCE.assertClose(name, TestData.readF32(REF + name + ".f32"), t.toArray());
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            double sum = 0;
            for (float v : t.toArray()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
            assertEquals(min, l.get("min").floatValue(), name);
            assertEquals(max, l.get("max").floatValue(), name);
            assertEquals(sum / t.size(), l.get("mean").asDouble(), 1e-9 * (1 + Math.abs(sum / t.size())), name);
            boolean rank4 = t.shape().rank() == 4;
            assertEquals(rank4, l.has("png"), name);
            if (rank4) {
                BufferedImage png = ImageIO.read(out.resolve(l.get("png").asText()).toFile());
                assertTrue(png.getWidth() > t.shape().dim(2), name);
            }
        }
        assertEquals("p_re_lu_3", layers.get(0).get("name").asText());
        assertEquals(15, layers.get(0).get("node").asInt());
        assertEquals("PRELU", layers.get(0).get("op").asText());
        assertEquals("input_1.npy", index.get("input").get("file").asText());
        assertTrue(r.out().startsWith("dumped 13 tensors of face_landmark_with_attention"), r.out());
    }

    @Test
    void dumpEqualsTheObserverHookForEveryLayer() throws IOException {
        Path out = tmp.resolve("all");
        CliRun r = CliRun.of("dump", "--input", faceNpy().toString(), "--cache-dir", cacheDir(), "--backend", "scalar",
                "--layer", ".*", "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        Graph g = TestModels.graph(ModelId.ATTENTION);
        Map<String, float[]> seen = new HashMap<>();
        try (CompiledModel m = Backends.get("scalar").compile(g, BackendOptions.defaults())) {
            m.setObserver((node, outputs, nanos) -> {
                for (int i = 0; i < outputs.length; i++) {
                    seen.put(g.tensor(node.output(i)).name(), outputs[i].toArray());
                }
            });
            m.run(Npy.read(faceNpy()));
        }
        JsonNode layers = new ObjectMapper().readTree(out.resolve("index.json").toFile()).get("layers");
        assertEquals(g.nodes().size(), layers.size());
        for (JsonNode l : layers) {
            String name = l.get("name").asText();
            Tolerance.EXACT.assertClose(name, seen.get(name), Npy.read(out.resolve(l.get("file").asText())).toArray());
        }
    }

    @Test
    void usageErrors() throws IOException {
        String in = faceNpy().toString();
        CliRun noMatch = CliRun.of("dump", "--input", in, "--cache-dir", cacheDir(), "--layer", "nose.*", "--out",
                tmp.resolve("x").toString());
        assertEquals(2, noMatch.code(), noMatch.toString());
        assertTrue(noMatch.oneErrorLine() && noMatch.err().contains("'nose.*' matches no op output"), noMatch.err());
        assertFalse(Files.exists(tmp.resolve("x")), "nothing written on error");
        CliRun noInput = CliRun.of("dump", "--cache-dir", cacheDir(), "--layer", ".*", "--out",
                tmp.resolve("x").toString());
        assertEquals(2, noInput.code(), noInput.toString());
        Path small = tmp.resolve("small.npy");
        Npy.write(small, new Tensor(Shape.of(1, 64, 64, 3), new float[64 * 64 * 3]));
        CliRun wrongShape = CliRun.of("dump", "--input", small.toString(), "--cache-dir", cacheDir(), "--layer", ".*",
                "--out", tmp.resolve("x").toString());
        assertEquals(2, wrongShape.code(), wrongShape.toString());
        assertTrue(wrongShape.err().contains("expects shape [1,192,192,3]"), wrongShape.err());
    }

    private static int[] toInts(JsonNode array) {
        int[] a = new int[array.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = array.get(i).asInt();
        }
        return a;
    }
}
