package dev.amesh.converter.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.GraphStats;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The three real models against the facts recorded in the spec: op counts (§7.2), custom-op options
 * (§6.1-§6.3), input and output names and shapes (§2.2, §5.2), MACs (§8) and the file checksums and
 * description strings (spec header).
 */
class ModelInventoryTest {
    private static final Map<String, Conversion> CONVERSIONS = new HashMap<>();

    static synchronized Conversion converted(String file) throws IOException {
        Conversion c = CONVERSIONS.get(file);
        if (c == null) {
            c = TfliteConverter.convert(TestModels.model(file));
            CONVERSIONS.put(file, c);
        }
        return c;
    }

    // ---- face_landmark_with_attention ----

    @Test
    void attentionOpCounts() throws IOException {
        Conversion c = converted(TestModels.ATTENTION);
        assertEquals(712, c.report().tfliteOpCount());
        assertEquals(371, c.report().foldedDequantizeCount());
        assertEquals(712 - 371, c.graph().nodes().size());
        Map<String, Integer> tflite = new TreeMap<>(c.report().tfliteOpCounts());
        Map<String, Integer> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("DEQUANTIZE", 371), Map.entry("CONV_2D", 80), Map.entry("DEPTHWISE_CONV_2D", 66),
                Map.entry("MAX_POOL_2D", 16), Map.entry("PAD", 9), Map.entry("PRELU", 73), Map.entry("ADD", 66),
                Map.entry("MUL", 6), Map.entry("RESHAPE", 13), Map.entry("STRIDED_SLICE", 1),
                Map.entry("Landmarks2TransformMatrix", 3), Map.entry("TransformTensorBilinear", 3),
                Map.entry("TransformLandmarks", 5)));
        assertEquals(expected, tflite);
        assertEquals(Map.ofEntries(
                Map.entry(OpType.CONV_2D, 80), Map.entry(OpType.DEPTHWISE_CONV_2D, 66),
                Map.entry(OpType.MAX_POOL_2D, 16), Map.entry(OpType.PAD, 9), Map.entry(OpType.PRELU, 73),
                Map.entry(OpType.ADD, 66), Map.entry(OpType.MUL, 6), Map.entry(OpType.RESHAPE, 13),
                Map.entry(OpType.STRIDED_SLICE, 1), Map.entry(OpType.LANDMARKS_TO_TRANSFORM_MATRIX, 3),
                Map.entry(OpType.TRANSFORM_TENSOR_BILINEAR, 3), Map.entry(OpType.TRANSFORM_LANDMARKS, 5)),
                GraphStats.opCounts(c.graph()));
    }

    @Test
    void attentionKernelInventory() throws IOException {
        Graph g = converted(TestModels.ATTENTION).graph();
        assertEquals(Map.of(
                "CONV_2D 3x3 SAME s2", 1, "CONV_2D 1x1 VALID s1", 72, "CONV_2D 3x3 VALID s3", 2,
                "CONV_2D 2x2 VALID s2", 5, "DEPTHWISE_CONV_2D 3x3 SAME s1", 50, "DEPTHWISE_CONV_2D 3x3 SAME s2", 16,
                "MAX_POOL_2D 2x2 VALID s2", 16), kernelSignatures(g));
        assertEquals(Map.of("+16", 1, "+32", 4, "+64", 4), channelPads(g));
        // the stride-2 depthwise convolutions, by input -> output size
        assertEquals(Map.of("96->48", 1, "48->24", 1, "24->12", 1, "12->6", 1, "6->3", 1, "16->8", 3, "8->4", 3,
                "4->2", 5), stride2DepthwiseSizes(g));
        assertUniformOptions(g);
    }

    @Test
    void attentionMultipliesByFp16Constants() throws IOException {
        Graph g = converted(TestModels.ATTENTION).graph();
        int scalarQuarter = 0;
        int kMatrix = 0;
        float[] k = {1, 1, 4, 4, 1, 1, 4, 4, 0.25f, 0.25f, 1, 1, 0.25f, 0.25f, 1, 1};
        for (Node n : nodesOf(g, OpType.MUL)) {
            TensorInfo a = g.tensor(n.input(0));
            TensorInfo b = g.tensor(n.input(1));
            assertFalse(a.isConstant());
            assertTrue(b.isConstant());
            if (a.shape().equals(Shape.of(1, 468, 3))) {
                assertEquals(1, b.shape().numElements());
                assertEquals(0.25f, b.constantData()[0]);
                scalarQuarter++;
            } else {
                assertEquals(Shape.of(1, 4, 4), a.shape());
                assertArrayEquals(k, b.constantData());
                kMatrix++;
            }
        }
        assertEquals(3, scalarQuarter);
        assertEquals(3, kMatrix);
    }

    @Test
    void attentionReshapesAndIdentitySlice() throws IOException {
        Graph g = converted(TestModels.ATTENTION).graph();
        Map<String, Integer> reshapes = new TreeMap<>();
        for (Node n : nodesOf(g, OpType.RESHAPE)) {
            reshapes.merge(g.tensor(n.input(0)).shape() + "->" + g.tensor(n.output(0)).shape(), 1, Integer::sum);
            assertEquals(g.tensor(n.output(0)).shape().numElements(), g.tensor(n.input(0)).shape().numElements());
        }
        assertEquals(new TreeMap<>(Map.of(
                "[1,1,1,1404]->[1,468,3]", 3, "[1,1,1,160]->[1,80,2]", 1, "[1,1,1,142]->[1,71,2]", 2,
                "[1,1,1,10]->[1,5,2]", 2, "[1,80,2]->[1,1,1,160]", 1, "[1,71,2]->[1,1,1,142]", 2,
                "[1,5,2]->[1,1,1,10]", 2)), reshapes);

        Node slice = nodesOf(g, OpType.STRIDED_SLICE).get(0);
        Attributes a = slice.attributes();
        assertArrayEquals(new int[] {0, 0, 0, 0}, a.getInts("begin"));
        assertArrayEquals(new int[] {1, 1, 1, 1404}, a.getInts("end"));
        assertArrayEquals(new int[] {1, 1, 1, 1}, a.getInts("strides"));
        for (String mask : List.of("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")) {
            assertEquals(0, a.getInt(mask), mask);
        }
        assertEquals("output_mesh", g.tensor(slice.input(0)).name());
        assertEquals("output_mesh_identity", g.tensor(slice.output(0)).name());
    }

    @Test
    void attentionLandmarksToTransformMatrix() throws IOException {
        Conversion c = converted(TestModels.ATTENTION);
        Graph g = c.graph();
        Map<String, int[]> maps = refinementIndexMaps();
        List<Node> nodes = nodesOf(g, OpType.LANDMARKS_TO_TRANSFORM_MATRIX);
        assertEquals(3, nodes.size());
        String[] inputs = {"multiply_by_constant", "multiply_by_constant_2", "multiply_by_constant_4"};
        String[] outputs = {"landmarks_to_transform_matrix_v2", "landmarks_to_transform_matrix_v2_1",
            "landmarks_to_transform_matrix_v2_2"};
        int[][] rotation = {{61, 291}, {33, 133}, {362, 263}};
        int[][] subsets = {maps.get("lips"), maps.get("left_eye"), maps.get("right_eye")};
        for (int i = 0; i < 3; i++) {
            Node n = nodes.get(i);
            Attributes a = n.attributes();
            assertEquals(192 + i, c.report().tfliteOpIndex(n.index()));
            assertEquals(inputs[i], g.tensor(n.input(0)).name());
            assertEquals(Shape.of(1, 468, 3), g.tensor(n.input(0)).shape());
            assertEquals(outputs[i], g.tensor(n.output(0)).name());
            assertEquals(Shape.of(1, 4, 4), g.tensor(n.output(0)).shape());
            assertEquals(rotation[i][0], a.getInt("left_rotation_idx"));
            assertEquals(rotation[i][1], a.getInt("right_rotation_idx"));
            assertEquals(0f, a.getFloat("target_rotation_radians"));
            assertEquals(16, a.getInt("output_height"));
            assertEquals(16, a.getInt("output_width"));
            assertEquals(1.5f, a.getFloat("scale_x"));
            assertEquals(1.5f, a.getFloat("scale_y"));
            assertArrayEquals(subsets[i], a.getInts("subset_idxs"));
            assertEquals(8, a.asMap().size());
        }
        assertEquals(80, maps.get("lips").length);
        assertEquals(71, maps.get("left_eye").length);
    }

    @Test
    void attentionTransformTensorBilinearAndLandmarks() throws IOException {
        Conversion c = converted(TestModels.ATTENTION);
        Graph g = c.graph();
        List<Node> bilinear = nodesOf(g, OpType.TRANSFORM_TENSOR_BILINEAR);
        assertEquals(3, bilinear.size());
        for (int i = 0; i < 3; i++) {
            Node n = bilinear.get(i);
            assertEquals(195 + i, c.report().tfliteOpIndex(n.index()));
            assertEquals("p_re_lu_3", g.tensor(n.input(0)).name());
            assertEquals(Shape.of(1, 48, 48, 32), g.tensor(n.input(0)).shape());
            assertEquals(Shape.of(1, 16, 16, 32), g.tensor(n.output(0)).shape());
            assertEquals(Map.of("output_height", 16, "output_width", 16), n.attributes().asMap());
        }
        assertEquals("landmarks_to_transform_matrix_v2", g.tensor(bilinear.get(0).input(1)).name());

        List<Node> landmarks = nodesOf(g, OpType.TRANSFORM_LANDMARKS);
        String[][] io = {
            {"reshape_1", "multiply_by_constant_1", "transform_landmarks_v2", "[1,80,2]"},
            {"reshape_3", "multiply_by_constant_3", "transform_landmarks_v2_1", "[1,71,2]"},
            {"reshape_4", "multiply_by_constant_3", "transform_landmarks_v2_2", "[1,5,2]"},
            {"reshape_6", "multiply_by_constant_5", "transform_landmarks_v2_3", "[1,71,2]"},
            {"reshape_7", "multiply_by_constant_5", "transform_landmarks_v2_4", "[1,5,2]"}};
        assertEquals(5, landmarks.size());
        for (int i = 0; i < 5; i++) {
            Node n = landmarks.get(i);
            assertEquals(701 + i, c.report().tfliteOpIndex(n.index()));
            assertEquals(io[i][0], g.tensor(n.input(0)).name());
            assertEquals(io[i][1], g.tensor(n.input(1)).name());
            assertEquals(io[i][2], g.tensor(n.output(0)).name());
            assertEquals(io[i][3], g.tensor(n.output(0)).shape().toString());
            assertEquals(Attributes.EMPTY, n.attributes());
        }
    }

    @Test
    void attentionCustomOptionBlobsAsStored() throws IOException {
        TfliteModel m = TfliteModel.read(java.nio.ByteBuffer.wrap(
                java.nio.file.Files.readAllBytes(TestModels.model(TestModels.ATTENTION))));
        List<TfliteOperator> ops = m.mainSubgraph().operators();
        int[] expectedLengths = {351, 335, 335, 40, 40, 40};
        for (int i = 0; i < 6; i++) {
            TfliteOperator op = ops.get(192 + i);
            assertEquals(i < 3 ? "Landmarks2TransformMatrix" : "TransformTensorBilinear", op.name());
            assertEquals(2, op.opcode().version());
            assertEquals(expectedLengths[i], op.customOptions().length);
            assertEquals(TfliteOperator.FLEXBUFFERS, op.customOptionsFormat());
        }
        for (int i = 701; i <= 705; i++) {
            assertEquals("TransformLandmarks", ops.get(i).name());
            assertEquals(2, ops.get(i).opcode().version());
            assertEquals(0, ops.get(i).customOptions().length);
        }
        assertEquals(3, m.schemaVersion());
        assertEquals(1, m.subgraphs().size());
    }

    @Test
    void attentionInputsAndOutputs() throws IOException {
        Graph g = converted(TestModels.ATTENTION).graph();
        assertEquals(List.of("input_1 [1,192,192,3]"), describe(g.inputTensors()));
        assertEquals(List.of("output_mesh_identity [1,1,1,1404]", "output_lips [1,1,1,160]",
                "output_left_eye [1,1,1,142]", "output_right_eye [1,1,1,142]", "output_left_iris [1,1,1,10]",
                "output_right_iris [1,1,1,10]", "conv_faceflag [1,1,1,1]"), describe(g.outputTensors()));
    }

    @Test
    void attentionMetadata() throws IOException {
        Graph g = converted(TestModels.ATTENTION).graph();
        assertEquals("face_landmark_with_attention", g.name());
        Map<String, String> meta = g.metadata();
        assertEquals(TestModels.ATTENTION, meta.get(TfliteConverter.META_SOURCE_FILE));
        assertEquals("712", meta.get(TfliteConverter.META_TFLITE_OP_COUNT));
        assertEquals("371", meta.get(TfliteConverter.META_FOLDED_DEQUANTIZE_COUNT));
        // the spec's file table gives the checksum abbreviated as 883b7411…ca9455d
        String sha = meta.get(TfliteConverter.META_SOURCE_SHA256);
        assertEquals(64, sha.length());
        assertTrue(sha.startsWith("883b7411") && sha.endsWith("ca9455d"), sha);
        assertEquals("keras2tflite_facemesh_irises_faceflag-lite_roifrommesh_lips_eyes_irises-2020_08_28-v0.tflite"
                + ".generated", meta.get(TfliteConverter.META_TFLITE_DESCRIPTION));
    }

    // ---- face_landmark ----

    @Test
    void faceLandmarkInventory() throws IOException {
        Conversion c = converted(TestModels.FACE_LANDMARK);
        assertEquals(210, c.report().tfliteOpCount());
        assertEquals(113, c.report().foldedDequantizeCount());
        assertEquals(new TreeMap<>(Map.of("DEQUANTIZE", 113, "CONV_2D", 25, "DEPTHWISE_CONV_2D", 20,
                "MAX_POOL_2D", 6, "PAD", 3, "PRELU", 23, "ADD", 20)), new TreeMap<>(c.report().tfliteOpCounts()));
        Graph g = c.graph();
        assertEquals(Map.of("CONV_2D 3x3 SAME s2", 1, "CONV_2D 1x1 VALID s1", 22, "CONV_2D 3x3 VALID s3", 2,
                "DEPTHWISE_CONV_2D 3x3 SAME s1", 14, "DEPTHWISE_CONV_2D 3x3 SAME s2", 6,
                "MAX_POOL_2D 2x2 VALID s2", 6), kernelSignatures(g));
        assertEquals(Map.of("+16", 1, "+32", 1, "+64", 1), channelPads(g));
        assertEquals(Map.of("96->48", 1, "48->24", 1, "24->12", 1, "12->6", 1, "6->3", 2), stride2DepthwiseSizes(g));
        assertUniformOptions(g);
        assertEquals(List.of("input_1 [1,192,192,3]"), describe(g.inputTensors()));
        assertEquals(List.of("conv2d_21 [1,1,1,1404]", "conv2d_31 [1,1,1,1]"), describe(g.outputTensors()));
        String sha = g.metadata().get(TfliteConverter.META_SOURCE_SHA256);
        assertTrue(sha.startsWith("c603fa61") && sha.endsWith("aa26d1"), sha);
        assertEquals("facemesh-lite.tflite.no_meta", g.metadata().get(TfliteConverter.META_TFLITE_DESCRIPTION));
    }

    // ---- face_detection_short_range ----

    @Test
    void detectorInventory() throws IOException {
        Conversion c = converted(TestModels.DETECTOR);
        assertEquals(164, c.report().tfliteOpCount());
        assertEquals(74, c.report().foldedDequantizeCount());
        assertEquals(new TreeMap<>(Map.of("DEQUANTIZE", 74, "CONV_2D", 21, "DEPTHWISE_CONV_2D", 16,
                "MAX_POOL_2D", 3, "PAD", 11, "RELU", 17, "ADD", 16, "RESHAPE", 4, "CONCATENATION", 2)),
                new TreeMap<>(c.report().tfliteOpCounts()));
        Graph g = c.graph();
        assertEquals(Map.of("CONV_2D 5x5 SAME s2", 1, "CONV_2D 1x1 SAME s1", 4, "CONV_2D 1x1 VALID s1", 16,
                "DEPTHWISE_CONV_2D 3x3 SAME s1", 13, "DEPTHWISE_CONV_2D 3x3 SAME s2", 3,
                "MAX_POOL_2D 2x2 SAME s2", 3), kernelSignatures(g));
        assertEquals(Map.of("+4", 3, "+6", 2, "+8", 6), channelPads(g));
        assertEquals(Map.of("64->32", 1, "32->16", 1, "16->8", 1), stride2DepthwiseSizes(g));
        assertUniformOptions(g);
        for (Node n : nodesOf(g, OpType.CONCATENATION)) {
            assertEquals(1, n.attributes().getInt("axis"));
        }
        Node first = g.nodes().get(0);
        assertEquals(OpType.CONV_2D, first.op());
        assertEquals(Shape.of(24, 5, 5, 3), g.tensor(first.input(1)).shape());
        assertEquals(List.of("input [1,128,128,3]"), describe(g.inputTensors()));
        assertEquals(List.of("regressors [1,896,16]", "classificators [1,896,1]"), describe(g.outputTensors()));
        String sha = g.metadata().get(TfliteConverter.META_SOURCE_SHA256);
        assertTrue(sha.startsWith("3bc182eb") && sha.endsWith("c26633"), sha);
    }

    /** Spec §7.1: the FP16 weights hold 4150 / 325 / 191 subnormal values and no Inf or NaN. */
    @Test
    void subnormalWeightsSurviveWidening() throws IOException {
        assertEquals(4150, subnormalCount(converted(TestModels.ATTENTION).graph()));
        assertEquals(325, subnormalCount(converted(TestModels.FACE_LANDMARK).graph()));
        assertEquals(191, subnormalCount(converted(TestModels.DETECTOR).graph()));
    }

    private static int subnormalCount(Graph g) {
        float smallestNormalHalf = Math.scalb(1f, -14);
        int n = 0;
        for (TensorInfo t : g.tensors()) {
            if (t.isConstant()) {
                assertEquals(dev.amesh.api.tensor.DType.FLOAT16, t.storedType());
                for (float v : t.constantData()) {
                    assertTrue(Float.isFinite(v));
                    if (v != 0 && Math.abs(v) < smallestNormalHalf) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    // ---- MACs (spec §8) ----

    @Test
    void macsMatchTheSpec() throws IOException {
        assertEquals(43.5, GraphStats.totalMacs(converted(TestModels.ATTENTION).graph()) / 1e6, 0.05);
        assertEquals(35.0, GraphStats.totalMacs(converted(TestModels.FACE_LANDMARK).graph()) / 1e6, 0.05);
        assertEquals(30.8, GraphStats.totalMacs(converted(TestModels.DETECTOR).graph()) / 1e6, 0.05);
    }

    @Test
    void summaryNamesTheKeyFigures() throws IOException {
        Conversion c = converted(TestModels.ATTENTION);
        String s = ModelSummary.of(c.graph(), c.report());
        assertTrue(s.contains("712 TFLite -> 341 amesh nodes (371 DEQUANTIZE folded"), s);
        assertTrue(s.contains("MACs: 43.5 M"), s);
        assertTrue(s.contains("input_1 [1,192,192,3]"), s);
        assertTrue(s.contains("conv_faceflag [1,1,1,1]"), s);
        assertTrue(s.contains("Landmarks2TransformMatrix"), s);
        assertTrue(s.contains("LANDMARKS_TO_TRANSFORM_MATRIX"), s);
        assertTrue(s.lines().count() <= 40, "fits one screen: " + s.lines().count() + " lines");
        assertTrue(c.report().toText().contains("DEQUANTIZE"));
    }

    // ---- helpers ----

    private static List<Node> nodesOf(Graph g, OpType type) {
        List<Node> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.op() == type) {
                out.add(n);
            }
        }
        return out;
    }

    /** "CONV_2D 3x3 SAME s2" per convolution and pooling node. */
    private static Map<String, Integer> kernelSignatures(Graph g) {
        Map<String, Integer> m = new HashMap<>();
        for (Node n : g.nodes()) {
            Attributes a = n.attributes();
            String kernel;
            switch (n.op()) {
                case CONV_2D, DEPTHWISE_CONV_2D -> {
                    Shape f = g.tensor(n.input(1)).shape();
                    kernel = f.dim(1) + "x" + f.dim(2);
                }
                case MAX_POOL_2D -> kernel = a.getInt("filter_h") + "x" + a.getInt("filter_w");
                default -> {
                    continue;
                }
            }
            assertEquals(a.getInt("stride_h"), a.getInt("stride_w"));
            m.merge(n.op() + " " + kernel + " " + a.getString("padding") + " s" + a.getInt("stride_h"), 1,
                    Integer::sum);
        }
        return m;
    }

    /** Every PAD here pads only the channel axis at its end: "+16" etc. */
    private static Map<String, Integer> channelPads(Graph g) {
        Map<String, Integer> m = new HashMap<>();
        for (Node n : nodesOf(g, OpType.PAD)) {
            int[] p = n.attributes().getInts("paddings");
            assertEquals(8, p.length);
            for (int i = 0; i < 7; i++) {
                assertEquals(0, p[i], "only the channel axis is padded, at its end");
            }
            assertEquals(g.tensor(n.input(0)).shape().dim(3) + p[7], g.tensor(n.output(0)).shape().dim(3));
            m.merge("+" + p[7], 1, Integer::sum);
        }
        return m;
    }

    private static Map<String, Integer> stride2DepthwiseSizes(Graph g) {
        Map<String, Integer> m = new HashMap<>();
        for (Node n : nodesOf(g, OpType.DEPTHWISE_CONV_2D)) {
            if (n.attributes().getInt("stride_h") == 2) {
                m.merge(g.tensor(n.input(0)).shape().dim(1) + "->" + g.tensor(n.output(0)).shape().dim(1), 1,
                        Integer::sum);
            }
        }
        return m;
    }

    /** Spec §7.2: every fused activation NONE, every dilation 1, every depth multiplier 1. */
    private static void assertUniformOptions(Graph g) {
        for (Node n : g.nodes()) {
            Attributes a = n.attributes();
            if (a.has("activation")) {
                assertEquals("NONE", a.getString("activation"), n.toString());
            }
            if (a.has("dilation_h")) {
                assertEquals(1, a.getInt("dilation_h"), n.toString());
                assertEquals(1, a.getInt("dilation_w"), n.toString());
            }
            if (n.op() == OpType.DEPTHWISE_CONV_2D) {
                assertEquals(1, a.getInt("depth_multiplier"), n.toString());
            }
        }
    }

    private static List<String> describe(List<TensorInfo> tensors) {
        List<String> out = new ArrayList<>();
        for (TensorInfo t : tensors) {
            out.add(t.name() + " " + t.shape());
        }
        return out;
    }

    /** The index lists of shared/spec/refinement-index-maps.json (copied into test resources). */
    static Map<String, int[]> refinementIndexMaps() throws IOException {
        String json;
        try (InputStream in = ModelInventoryTest.class.getResourceAsStream("/refinement-index-maps.json")) {
            assertTrue(in != null, "refinement-index-maps.json is on the test classpath");
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, int[]> maps = new HashMap<>();
        Matcher m = Pattern.compile("\"(\\w+)\"\\s*:\\s*\\[([-\\d,\\s]*)\\]").matcher(json);
        while (m.find()) {
            String[] parts = m.group(2).trim().split("\\s*,\\s*");
            int[] values = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                values[i] = Integer.parseInt(parts[i]);
            }
            maps.put(m.group(1), values);
        }
        assertEquals(7, maps.size(), "all seven lists parsed");
        return maps;
    }
}
