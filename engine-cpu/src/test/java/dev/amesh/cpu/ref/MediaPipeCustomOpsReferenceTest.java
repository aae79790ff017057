package dev.amesh.cpu.ref;

import static dev.amesh.cpu.GraphBuilder.attrs;
import static dev.amesh.cpu.GraphBuilder.dims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.CpuBackend;
import dev.amesh.cpu.GraphBuilder;
import dev.amesh.cpu.OneOpGraph;
import dev.amesh.cpu.exec.CpuCompiledModel;
import dev.amesh.testing.TestData;
import dev.amesh.testing.Tolerance;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three custom-op kernels on the attention model's real tensors, against
 * {@code testdata/reference/raw/tflite-node+mpops}: TFLite for the built-in ops around them and a float64
 * transcription of MediaPipe's v2 kernels for the custom-op nodes. Op parameters come from the model's
 * own custom options, decoded in {@code custom_ops.json}.
 */
class MediaPipeCustomOpsReferenceTest {
    private static final String DIR = "raw/tflite-node+mpops/";

    private static float[] tensor(String input, String name) {
        return TestData.readF32(DIR + "face_landmark_with_attention/" + input + "/" + name + ".f32");
    }

    private static List<JsonNode> customOps(String op) throws IOException {
        JsonNode all = new ObjectMapper().readTree(TestData.reference(DIR + "custom_ops.json").toFile());
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode n : all) {
            if (n.get("op").asText().equals(op)) {
                found.add(n);
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no " + op + " in custom_ops.json");
        }
        return found;
    }

    private static Attributes landmarksToMatrixAttrs(JsonNode options) {
        JsonNode subset = options.get("subset_idxs");
        int[] idx = new int[subset.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = subset.get(i).asInt();
        }
        return attrs("subset_idxs", idx,
                "left_rotation_idx", options.get("left_rotation_idx").asInt(),
                "right_rotation_idx", options.get("right_rotation_idx").asInt(),
                "target_rotation_radians", (float) options.get("target_rotation_radians").asDouble(),
                "output_height", options.get("output_height").asInt(),
                "output_width", options.get("output_width").asInt(),
                "scale_x", (float) options.get("scale_x").asDouble(),
                "scale_y", (float) options.get("scale_y").asDouble());
    }

    private static String first(JsonNode array) {
        return array.get(0).asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"astronaut_face_192", "random_192_seed1"})
    void landmarksToTransformMatrix(String input) throws IOException {
        for (JsonNode op : customOps("Landmarks2TransformMatrix")) {
            float[] landmarks = tensor(input, first(op.get("inputs")));
            OneOpGraph g = OneOpGraph.of(OpType.LANDMARKS_TO_TRANSFORM_MATRIX).input(landmarks, 1, 468, 3);
            landmarksToMatrixAttrs(op.get("options")).asMap().forEach(g::attr);
            float[] matrix = g.output(1, 4, 4).run();
            String out = first(op.get("outputs"));
            Tolerance.REFERENCE.assertClose(input + " " + out, tensor(input, out), matrix);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"astronaut_face_192", "random_192_seed1"})
    void transformTensorBilinearOnTheReferenceMatrix(String input) throws IOException {
        float[] features = tensor(input, "p_re_lu_3");
        for (JsonNode op : customOps("TransformTensorBilinear")) {
            float[] matrix = tensor(input, op.get("inputs").get(1).asText());
            float[] crop = OneOpGraph.of(OpType.TRANSFORM_TENSOR_BILINEAR)
                    .input(features, 1, 48, 48, 32).input(matrix, 1, 4, 4)
                    .attr("output_height", op.get("options").get("output_height").asInt())
                    .attr("output_width", op.get("options").get("output_width").asInt())
                    .output(1, 16, 16, 32).run();
            String out = first(op.get("outputs"));
            Tolerance.REFERENCE.assertClose(input + " " + out, tensor(input, out), crop);
        }
    }

    /** Our matrix feeds our crop: float32 matrix rounding must not flip pixels across the hard cut. */
    @ParameterizedTest
    @ValueSource(strings = {"astronaut_face_192", "random_192_seed1"})
    void matrixThenCropAsOneGraph(String input) throws IOException {
        List<JsonNode> matrices = customOps("Landmarks2TransformMatrix");
        List<JsonNode> crops = customOps("TransformTensorBilinear");
        for (int r = 0; r < matrices.size(); r++) {
            GraphBuilder g = new GraphBuilder();
            int landmarks = g.input("landmarks", 1, 468, 3);
            int features = g.input("p_re_lu_3", 1, 48, 48, 32);
            int m = g.node(OpType.LANDMARKS_TO_TRANSFORM_MATRIX, landmarksToMatrixAttrs(matrices.get(r).get("options")),
                    "matrix", dims(1, 4, 4), landmarks);
            int crop = g.node(OpType.TRANSFORM_TENSOR_BILINEAR, attrs("output_height", 16, "output_width", 16),
                    "crop", dims(1, 16, 16, 32), features, m);
            try (CpuCompiledModel model = new CpuBackend().compile(g.output(crop).build("crop"),
                    BackendOptions.defaults())) {
                float[] out = model.run(
                        new Tensor(Shape.of(1, 468, 3), tensor(input, first(matrices.get(r).get("inputs")))),
                        new Tensor(Shape.of(1, 48, 48, 32), tensor(input, "p_re_lu_3")))[0].toArray();
                String name = first(crops.get(r).get("outputs"));
                Tolerance.REFERENCE.assertClose(input + " " + name, tensor(input, name), out);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"astronaut_face_192", "random_192_seed1"})
    void transformLandmarksBackToInputPixels(String input) {
        String[][] cases = {
            // head in crop space, matrix (M ⊙ K), model output
            {"conv_lips", "multiply_by_constant_1", "output_lips"},
            {"conv_left_eye", "multiply_by_constant_3", "output_left_eye"},
            {"conv_left_iris", "multiply_by_constant_3", "output_left_iris"},
            {"conv_right_eye", "multiply_by_constant_5", "output_right_eye"},
            {"conv_right_iris", "multiply_by_constant_5", "output_right_iris"},
        };
        for (String[] c : cases) {
            float[] head = tensor(input, c[0]);
            float[] points = OneOpGraph.of(OpType.TRANSFORM_LANDMARKS)
                    .input(head, 1, head.length / 2, 2).input(tensor(input, c[1]), 1, 4, 4)
                    .output(1, head.length / 2, 2).run();
            Tolerance.REFERENCE.assertClose(input + " " + c[2], tensor(input, c[2]), points);
        }
    }
}
