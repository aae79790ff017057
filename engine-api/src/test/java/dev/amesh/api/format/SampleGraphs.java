package dev.amesh.api.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.DType;
import dev.amesh.api.tensor.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built graphs for the format tests, and a field-by-field comparison (Graph has no equals). */
final class SampleGraphs {
    /** Half-precision edge cases, as floats: subnormals, signed zeros, the largest finite half, infinity, a NaN
     * with payload. */
    static final float[] HALF_EDGE_VALUES = {0x1p-24f, -0x1p-24f, 1023 * 0x1p-24f, 0x1p-14f, -0f, 0f, 65504f,
        -65504f, 1f, -1.5f, 0.333251953125f, Float.POSITIVE_INFINITY, 2048f, 0.000060975552f,
        Float.intBitsToFloat(0x7fc02000)};

    private SampleGraphs() {
    }

    /**
     * Every attribute type (and empty arrays, empty strings, negative zero, NaN, extreme ints), FLOAT16 and
     * FLOAT32 constants (rank 0, zero elements), unicode names, metadata in non-sorted order.
     */
    static Graph everything() {
        List<TensorInfo> t = new ArrayList<>();
        t.add(TensorInfo.activation(0, "input 入力 🙂", Shape.of(1, 4, 4, 3)));
        float[] filter = new float[2 * 3 * 3 * 3];
        for (int i = 0; i < filter.length; i++) {
            filter[i] = HALF_EDGE_VALUES[i % HALF_EDGE_VALUES.length] * (i % 3 == 0 ? 1 : -1);
        }
        t.add(TensorInfo.constant(1, "conv/filter", Shape.of(2, 3, 3, 3), filter, DType.FLOAT16));
        t.add(TensorInfo.constant(2, "conv/bias", Shape.of(2),
                new float[] {Float.MIN_VALUE, -Float.MAX_VALUE}, DType.FLOAT32));
        t.add(TensorInfo.activation(3, "conv_out", Shape.of(1, 4, 4, 2)));
        t.add(TensorInfo.constant(4, "prelu/alpha", Shape.of(1, 1, 2),
                new float[] {Float.intBitsToFloat(0x7fc01234), -0f}, DType.FLOAT32));
        t.add(TensorInfo.activation(5, "prelu_out", Shape.of(1, 4, 4, 2)));
        t.add(TensorInfo.constant(6, "scale (scalar)", Shape.of(), new float[] {0x1p-24f}, DType.FLOAT16));
        t.add(TensorInfo.constant(7, "", Shape.of(0, 3), new float[0], DType.FLOAT32));
        t.add(TensorInfo.activation(8, "mul_out", Shape.of(1, 4, 4, 2)));
        t.add(TensorInfo.activation(9, "flat", Shape.of(1, 32)));
        t.add(TensorInfo.activation(10, "conv_out", Shape.of(1, 32))); // duplicate names are allowed
        t.add(TensorInfo.constant(11, "ones", Shape.of(1, 32), filled(32, 1f), DType.FLOAT32));

        List<Node> n = new ArrayList<>();
        n.add(new Node(0, OpType.CONV_2D, new int[] {0, 1, 2}, new int[] {3}, Attributes.builder()
                .put("padding", "SAME").put("stride_h", 1).put("stride_w", 2).put("dilation_h", 1)
                .put("dilation_w", 1).put("activation", "RELU").build()));
        n.add(new Node(1, OpType.PRELU, new int[] {3, 4}, new int[] {5}, Attributes.EMPTY));
        n.add(new Node(2, OpType.MUL, new int[] {5, 6}, new int[] {8}, Attributes.builder()
                .put("activation", "NONE")
                .put("ints", new int[] {-1, 0, Integer.MAX_VALUE, Integer.MIN_VALUE})
                .put("empty_ints", new int[0])
                .put("floats", new float[] {-0f, Float.NaN, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, 3.25f})
                .put("empty_floats", new float[0])
                .put("neg_zero", -0f)
                .put("nan", Float.NaN)
                .put("min_int", Integer.MIN_VALUE)
                .put("ключ ✓", "värde 🙂")
                .put("", "")
                .build()));
        n.add(new Node(3, OpType.RESHAPE, new int[] {8}, new int[] {9},
                Attributes.builder().put("new_shape", new int[] {1, 32}).build()));
        n.add(new Node(4, OpType.ADD, new int[] {9, 11}, new int[] {10}, Attributes.builder()
                .put("activation", "RELU6").build()));

        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("source", "face_landmark_with_attention.tflite");
        metadata.put("zeta", "inserted before alpha");
        metadata.put("alpha", "ünïcødé ✓ 🙂");
        metadata.put("", "empty key");
        metadata.put("empty value", "");
        return new Graph("sample – グラフ", t, n, new int[] {0}, new int[] {10, 5}, metadata);
    }

    /** The smallest graph with every section present: input x, fp32 constant w, y = x + w. */
    static Graph tiny() {
        List<TensorInfo> t = List.of(
                TensorInfo.activation(0, "x", Shape.of(1, 4)),
                TensorInfo.constant(1, "w", Shape.of(1, 4), new float[] {1f, -2f, 0.5f, 0x1p-24f}, DType.FLOAT16),
                TensorInfo.activation(2, "y", Shape.of(1, 4)));
        List<Node> n = List.of(new Node(0, OpType.ADD, new int[] {0, 1}, new int[] {2},
                Attributes.builder().put("activation", "NONE").build()));
        return new Graph("tiny", t, n, new int[] {0}, new int[] {2}, Map.of("k", "v"));
    }

    static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    static void assertSameGraph(Graph expected, Graph actual) {
        assertEquals(expected.name(), actual.name(), "name");
        assertEquals(new ArrayList<>(expected.metadata().entrySet()), new ArrayList<>(actual.metadata().entrySet()),
                "metadata, in order");
        assertEquals(expected.tensors().size(), actual.tensors().size(), "tensor count");
        for (int i = 0; i < expected.tensors().size(); i++) {
            TensorInfo e = expected.tensor(i);
            TensorInfo a = actual.tensor(i);
            String what = "tensor " + i;
            assertEquals(e.id(), a.id(), what + " id");
            assertEquals(e.name(), a.name(), what + " name");
            assertEquals(e.shape(), a.shape(), what + " shape");
            assertEquals(e.isConstant(), a.isConstant(), what + " constness");
            assertEquals(e.storedType(), a.storedType(), what + " stored type");
            if (e.isConstant()) {
                assertArrayEquals(rawBits(e.constantData()), rawBits(a.constantData()), what + " values, bit for bit");
            } else {
                assertNull(a.constantData(), what + " data");
            }
        }
        assertEquals(expected.nodes().size(), actual.nodes().size(), "node count");
        for (int i = 0; i < expected.nodes().size(); i++) {
            Node e = expected.nodes().get(i);
            Node a = actual.nodes().get(i);
            String what = "node " + i;
            assertEquals(e.index(), a.index(), what + " index");
            assertEquals(e.op(), a.op(), what + " op");
            assertArrayEquals(e.inputs(), a.inputs(), what + " inputs");
            assertArrayEquals(e.outputs(), a.outputs(), what + " outputs");
            assertEquals(e.attributes(), a.attributes(), what + " attributes");
            for (Map.Entry<String, Object> attr : e.attributes().asMap().entrySet()) {
                Object v = a.attributes().asMap().get(attr.getKey());
                assertEquals(attr.getValue().getClass(), v.getClass(), what + " attribute '" + attr.getKey() + "' type");
                if (v instanceof Float) {
                    assertEquals(Float.floatToRawIntBits((Float) attr.getValue()), Float.floatToRawIntBits((Float) v),
                            what + " attribute '" + attr.getKey() + "' bits");
                } else if (v instanceof float[]) {
                    assertArrayEquals(rawBits((float[]) attr.getValue()), rawBits((float[]) v),
                            what + " attribute '" + attr.getKey() + "' bits");
                }
            }
        }
        assertArrayEquals(expected.inputs(), actual.inputs(), "model inputs");
        assertArrayEquals(expected.outputs(), actual.outputs(), "model outputs");
    }

    static int[] rawBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
