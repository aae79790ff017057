package dev.amesh.converter.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.flatbuffers.FlexBuffersBuilder;
import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.DType;
import dev.amesh.api.tensor.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Small hand-built TFLite files: the supported mappings, and each unsupported case failing with op index and name. */
class SyntheticModelTest {
    private static final int CONV_2D = 3;
    private static final int DEPTHWISE_CONV_2D = 4;
    private static final int DEQUANTIZE = 6;
    private static final int RELU = 19;
    private static final int TANH = 28;
    private static final int PAD = 34;
    private static final int VALID = 1;

    /** x [1,4,4,2] -> CONV_2D 1x1 (FP16 filter behind DEQUANTIZE, FLOAT32 bias) -> y. */
    private static TinyTflite conv(int activation, int dilation) {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT32, 1, 4, 4, 2);
        byte[] halves = TinyTflite.halves(0x3C00, 0xC000, 0x0001, 0x7BFF);
        int w16 = m.constant("w_fp16", TinyTflite.FLOAT16, halves, 2, 1, 1, 2);
        int w = m.activation("w", TinyTflite.FLOAT32, 2, 1, 1, 2);
        int bias = m.constant("bias", TinyTflite.FLOAT32, TinyTflite.floats(0.5f, -1.5f), 2);
        m.activation("unused", TinyTflite.FLOAT32, 3);
        int y = m.activation("y", TinyTflite.FLOAT32, 1, 4, 4, 2);
        int deq = m.builtin(DEQUANTIZE, 2);
        int conv = m.builtin(CONV_2D, 1);
        m.op(deq, new int[] {w16}, new int[] {w});
        m.op(conv, new int[] {x, w, bias}, new int[] {y}, 1, TinyTflite.conv2dOptions(VALID, 1, activation, dilation));
        return m.io(new int[] {x}, new int[] {y});
    }

    private static Conversion convert(TinyTflite m) {
        return TfliteConverter.convert(m.build(), "tiny.tflite");
    }

    private static ConversionException failure(TinyTflite m) {
        return assertThrows(ConversionException.class, () -> convert(m));
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message should mention '" + p + "': " + e.getMessage());
        }
    }

    @Test
    void convWithFoldedFp16Filter() {
        Conversion c = convert(conv(0, 1));
        Graph g = c.graph();
        assertEquals("tiny", g.name());
        assertEquals(1, g.nodes().size());
        // dense renumbering: x, w, bias, y; the FP16 source tensor and the unused tensor are gone
        assertEquals(4, g.tensors().size());
        Node n = g.nodes().get(0);
        assertEquals(OpType.CONV_2D, n.op());
        TensorInfo w = g.tensor(n.input(1));
        assertEquals("w", w.name());
        assertEquals(DType.FLOAT16, w.storedType());
        assertEquals(Shape.of(2, 1, 1, 2), w.shape());
        assertArrayEquals(new float[] {1f, -2f, Math.scalb(1f, -24), 65504f}, w.constantData());
        TensorInfo bias = g.tensor(n.input(2));
        assertEquals(DType.FLOAT32, bias.storedType());
        assertArrayEquals(new float[] {0.5f, -1.5f}, bias.constantData());
        assertEquals(Attributes.builder().put("padding", "VALID").put("stride_h", 1).put("stride_w", 1)
                .put("dilation_h", 1).put("dilation_w", 1).put("activation", "NONE").build(), n.attributes());
        assertEquals(2, c.report().tfliteOpCount());
        assertEquals(1, c.report().foldedDequantizeCount());
        assertEquals(1, c.report().tfliteOpIndex(0));
        assertEquals("tiny test model", g.metadata().get(TfliteConverter.META_TFLITE_DESCRIPTION));
    }

    @Test
    void supportedFusedActivationsAreKept() {
        String[] names = {"NONE", "RELU", "RELU_N1_TO_1", "RELU6"};
        for (int code = 0; code < names.length; code++) {
            Node n = convert(conv(code, 1)).graph().nodes().get(0);
            assertEquals(names[code], n.attributes().getString("activation"));
        }
        assertEquals(2, convert(conv(0, 2)).graph().nodes().get(0).attributes().getInt("dilation_h"));
    }

    @Test
    void unsupportedFusedActivationNamesOpAndActivation() {
        assertMentions(failure(conv(4, 1)), "tiny.tflite", "op 1 (CONV_2D)", "TANH");
        assertMentions(failure(conv(5, 1)), "op 1 (CONV_2D)", "SIGN_BIT");
    }

    @Test
    void dilatedDepthwiseIsRejected() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT32, 1, 4, 4, 2);
        int w = m.constant("w", TinyTflite.FLOAT32, TinyTflite.floats(new float[18]), 1, 3, 3, 2);
        int bias = m.constant("b", TinyTflite.FLOAT32, TinyTflite.floats(0, 0), 2);
        int y = m.activation("y", TinyTflite.FLOAT32, 1, 4, 4, 2);
        int dw = m.builtin(DEPTHWISE_CONV_2D, 2);
        m.op(dw, new int[] {x, w, bias}, new int[] {y}, 2, TinyTflite.depthwiseOptions(0, 1, 1, 0, 2));
        m.io(new int[] {x}, new int[] {y});
        assertMentions(failure(m), "op 0 (DEPTHWISE_CONV_2D)", "dilation");
    }

    @Test
    void depthwiseMultiplierComesFromShapesAndMustAgree() {
        for (int stored : new int[] {0, 2, 3}) {
            TinyTflite m = new TinyTflite();
            int x = m.activation("x", TinyTflite.FLOAT32, 1, 4, 4, 2);
            int w = m.constant("w", TinyTflite.FLOAT32, TinyTflite.floats(new float[36]), 1, 3, 3, 4);
            int bias = m.constant("b", TinyTflite.FLOAT32, TinyTflite.floats(new float[4]), 4);
            int y = m.activation("y", TinyTflite.FLOAT32, 1, 4, 4, 4);
            int dw = m.builtin(DEPTHWISE_CONV_2D, 1);
            m.op(dw, new int[] {x, w, bias}, new int[] {y}, 2, TinyTflite.depthwiseOptions(0, 1, stored, 0, 1));
            m.io(new int[] {x}, new int[] {y});
            if (stored == 3) {
                assertMentions(failure(m), "op 0 (DEPTHWISE_CONV_2D)", "depth_multiplier 3");
            } else {
                assertEquals(2, convert(m).graph().nodes().get(0).attributes().getInt("depth_multiplier"));
            }
        }
    }

    @Test
    void unknownBuiltinIsNamed() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT32, 1, 4);
        int y = m.activation("y", TinyTflite.FLOAT32, 1, 4);
        m.op(m.builtin(TANH, 1), new int[] {x}, new int[] {y});
        m.io(new int[] {x}, new int[] {y});
        assertMentions(failure(m), "op 0 (TANH)", "not supported");
    }

    @Test
    void extendedBuiltinCodesUseTheInt32Field() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT32, 1, 4);
        int y = m.activation("y", TinyTflite.FLOAT32, 1, 4);
        m.op(m.builtin(150, 1), new int[] {x}, new int[] {y});
        m.io(new int[] {x}, new int[] {y});
        assertEquals(150, TfliteModel.read(m.build()).operatorCodes().get(0).builtinCode());
        assertMentions(failure(m), "op 0 (BUILTIN_150)");
    }

    @Test
    void legacyByteOpcodeIsRead() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT32, 1, 4);
        int y = m.activation("y", TinyTflite.FLOAT32, 1, 4);
        m.op(m.legacyBuiltin(RELU), new int[] {x}, new int[] {y});
        m.io(new int[] {x}, new int[] {y});
        TfliteOperatorCode code = TfliteModel.read(m.build()).operatorCodes().get(0);
        assertEquals(RELU, code.builtinCode());
        assertEquals("RELU", code.name());
        assertEquals(OpType.RELU, convert(m).graph().nodes().get(0).op());
    }

    @Test
    void quantizedTensorIsRejected() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT32, 1, 4);
        int y = m.quantizedActivation("y_q", TinyTflite.FLOAT32, 1, 4);
        m.op(m.builtin(RELU, 1), new int[] {x}, new int[] {y});
        m.io(new int[] {x}, new int[] {y});
        assertMentions(failure(m), "op 0 (RELU)", "'y_q'", "quantized");
    }

    @Test
    void int8ActivationIsRejected() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT32, 1, 4);
        int y = m.activation("y8", TinyTflite.INT8, 1, 4);
        m.op(m.builtin(RELU, 1), new int[] {x}, new int[] {y});
        m.io(new int[] {x}, new int[] {y});
        assertMentions(failure(m), "op 0 (RELU)", "INT8");
    }

    @Test
    void dequantizeOfRuntimeTensorIsRejected() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT16, 4);
        int y = m.activation("y", TinyTflite.FLOAT32, 4);
        m.op(m.builtin(DEQUANTIZE, 2), new int[] {x}, new int[] {y});
        m.io(new int[] {}, new int[] {y});
        assertMentions(failure(m), "op 0 (DEQUANTIZE)", "run-time");
    }

    @Test
    void padTakesConstantPaddingsAsAttribute() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT32, 1, 2, 2, 3);
        int p = m.constant("paddings", TinyTflite.INT32, TinyTflite.ints(0, 0, 1, 0, 0, 2, 0, 5), 4, 2);
        int y = m.activation("y", TinyTflite.FLOAT32, 1, 3, 4, 8);
        m.op(m.builtin(PAD, 1), new int[] {x, p}, new int[] {y});
        m.io(new int[] {x}, new int[] {y});
        Graph g = convert(m).graph();
        assertEquals(2, g.tensors().size(), "the int32 paddings tensor is not a graph tensor");
        assertArrayEquals(new int[] {0, 0, 1, 0, 0, 2, 0, 5}, g.nodes().get(0).attributes().getInts("paddings"));
    }

    @Test
    void padWithRuntimePaddingsIsRejected() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT32, 1, 2, 2, 3);
        int p = m.activation("paddings", TinyTflite.INT32, 4, 2);
        int y = m.activation("y", TinyTflite.FLOAT32, 1, 3, 4, 8);
        m.op(m.builtin(PAD, 1), new int[] {x, p}, new int[] {y});
        m.io(new int[] {x, p}, new int[] {y});
        assertThrows(ConversionException.class, () -> convert(m));
    }

    @Test
    void missingBiasIsRejected() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT32, 1, 4, 4, 2);
        int w = m.constant("w", TinyTflite.FLOAT32, TinyTflite.floats(new float[4]), 2, 1, 1, 2);
        int y = m.activation("y", TinyTflite.FLOAT32, 1, 4, 4, 2);
        m.op(m.builtin(CONV_2D, 1), new int[] {x, w, -1}, new int[] {y}, 1, TinyTflite.conv2dOptions(VALID, 1, 0, 1));
        m.io(new int[] {x}, new int[] {y});
        assertMentions(failure(m), "op 0 (CONV_2D)", "bias");
    }

    @Test
    void optionsOfTheWrongTypeAreRejected() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT32, 1, 4, 4, 2);
        int w = m.constant("w", TinyTflite.FLOAT32, TinyTflite.floats(new float[4]), 2, 1, 1, 2);
        int b = m.constant("b", TinyTflite.FLOAT32, TinyTflite.floats(0, 0), 2);
        int y = m.activation("y", TinyTflite.FLOAT32, 1, 4, 4, 2);
        // union type 5 is Pool2DOptions
        m.op(m.builtin(CONV_2D, 1), new int[] {x, w, b}, new int[] {y}, 5, TinyTflite.conv2dOptions(VALID, 1, 0, 1));
        m.io(new int[] {x}, new int[] {y});
        assertMentions(failure(m), "op 0 (CONV_2D)", "union type 5", "Conv2DOptions");
    }

    private static final int RESHAPE = 22;

    private static TinyTflite reshape(int[] newShape, int... outShape) {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT32, 1, 1, 1, 12);
        int y = m.activation("y", TinyTflite.FLOAT32, outShape);
        m.op(m.builtin(RESHAPE, 1), new int[] {x}, new int[] {y}, 17, b -> {
            b.startVector(4, newShape.length, 4);
            for (int i = newShape.length - 1; i >= 0; i--) {
                b.addInt(newShape[i]);
            }
            int v = b.endVector();
            b.startTable(1);
            b.addOffset(0, v, 0);
            return b.endTable();
        });
        return m.io(new int[] {x}, new int[] {y});
    }

    @Test
    void reshapeNewShapeMustGiveTheOutputShape() {
        assertArrayEquals(new int[] {1, -1, 3}, convert(reshape(new int[] {1, -1, 3}, 1, 4, 3)).graph().nodes().get(0)
                .attributes().getInts("new_shape"));
        assertMentions(failure(reshape(new int[] {1, -1, 2}, 1, 4, 3)), "op 0 (RESHAPE)", "new_shape [1, -1, 2]");
        assertMentions(failure(reshape(new int[] {1, 12}, 1, 4, 3)), "op 0 (RESHAPE)");
        assertMentions(failure(reshape(new int[] {1, 4, 3}, 1, 5, 3)), "op 0 (RESHAPE)", "number of elements");
    }

    @Test
    void convWeightShapesMustFitTheInput() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT32, 1, 4, 4, 3);
        int w = m.constant("w", TinyTflite.FLOAT32, TinyTflite.floats(new float[4]), 2, 1, 1, 2);
        int b = m.constant("b", TinyTflite.FLOAT32, TinyTflite.floats(0, 0), 2);
        int y = m.activation("y", TinyTflite.FLOAT32, 1, 4, 4, 2);
        m.op(m.builtin(CONV_2D, 1), new int[] {x, w, b}, new int[] {y}, 1, TinyTflite.conv2dOptions(VALID, 1, 0, 1));
        m.io(new int[] {x}, new int[] {y});
        assertMentions(failure(m), "op 0 (CONV_2D)", "input channels");

        TinyTflite m2 = new TinyTflite();
        int x2 = m2.activation("x", TinyTflite.FLOAT32, 1, 4, 4, 2);
        int w2 = m2.constant("w", TinyTflite.FLOAT32, TinyTflite.floats(new float[4]), 2, 1, 1, 2);
        int b2 = m2.constant("b", TinyTflite.FLOAT32, TinyTflite.floats(0, 0, 0), 3);
        int y2 = m2.activation("y", TinyTflite.FLOAT32, 1, 4, 4, 2);
        m2.op(m2.builtin(CONV_2D, 1), new int[] {x2, w2, b2}, new int[] {y2}, 1,
                TinyTflite.conv2dOptions(VALID, 1, 0, 1));
        m2.io(new int[] {x2}, new int[] {y2});
        assertMentions(failure(m2), "op 0 (CONV_2D)", "bias 'b' has shape [3], expected [2]");
    }

    @Test
    void readingATensorNothingWritesIsNamed() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT32, 1, 4);
        int ghost = m.activation("ghost", TinyTflite.FLOAT32, 1, 4);
        int y = m.activation("y", TinyTflite.FLOAT32, 1, 4);
        m.op(m.builtin(0, 1), new int[] {x, ghost}, new int[] {y});
        m.io(new int[] {x}, new int[] {y});
        assertMentions(failure(m), "op 0 (ADD)", "'ghost'", "before any operator writes it");
    }

    @Test
    void writingATensorTwiceIsNamed() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT32, 1, 4);
        int y = m.activation("y", TinyTflite.FLOAT32, 1, 4);
        int relu = m.builtin(RELU, 1);
        m.op(relu, new int[] {x}, new int[] {y});
        m.op(relu, new int[] {x}, new int[] {y});
        m.io(new int[] {x}, new int[] {y});
        assertMentions(failure(m), "op 1 (RELU)", "already defined");
    }

    // ---- custom ops ----

    private static TinyTflite landmarksToMatrix(int version, byte[] options) {
        TinyTflite m = new TinyTflite();
        int x = m.activation("landmarks", TinyTflite.FLOAT32, 1, 468, 3);
        int y = m.activation("matrix", TinyTflite.FLOAT32, 1, 4, 4);
        m.customOp(m.custom("Landmarks2TransformMatrix", version), new int[] {x}, new int[] {y}, options);
        return m.io(new int[] {x}, new int[] {y});
    }

    private static byte[] l2tmOptions(boolean withScaleY) {
        FlexBuffersBuilder f = new FlexBuffersBuilder();
        int map = f.startMap();
        int vec = f.startVector();
        for (int idx : new int[] {61, 146, 291}) {
            f.putInt(idx);
        }
        f.endVector("subset_idxs", vec, true, false);
        f.putInt("left_rotation_idx", 61);
        f.putInt("right_rotation_idx", 291);
        f.putFloat("target_rotation_radians", 0.5f);
        f.putInt("output_height", 16);
        f.putInt("output_width", 12);
        f.putFloat("scale_x", 1.5f);
        if (withScaleY) {
            f.putFloat("scale_y", 1.25f);
        }
        f.endMap(null, map);
        ByteBuffer bb = f.finish();
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        return out;
    }

    @Test
    void landmarksToTransformMatrixOptionsBecomeAttributes() {
        Node n = convert(landmarksToMatrix(2, l2tmOptions(true))).graph().nodes().get(0);
        assertEquals(OpType.LANDMARKS_TO_TRANSFORM_MATRIX, n.op());
        Attributes a = n.attributes();
        assertArrayEquals(new int[] {61, 146, 291}, a.getInts("subset_idxs"));
        assertEquals(61, a.getInt("left_rotation_idx"));
        assertEquals(291, a.getInt("right_rotation_idx"));
        assertEquals(0.5f, a.getFloat("target_rotation_radians"));
        assertEquals(16, a.getInt("output_height"));
        assertEquals(12, a.getInt("output_width"));
        assertEquals(1.5f, a.getFloat("scale_x"));
        assertEquals(1.25f, a.getFloat("scale_y"));
    }

    @Test
    void missingCustomOptionKeyIsNamed() {
        assertMentions(failure(landmarksToMatrix(2, l2tmOptions(false))), "op 0 (Landmarks2TransformMatrix)",
                "'scale_y'");
    }

    @Test
    void garbageCustomOptionsAreReported() {
        byte[] junk = new byte[40];
        Arrays.fill(junk, (byte) 0xA7);
        assertMentions(failure(landmarksToMatrix(2, junk)), "op 0 (Landmarks2TransformMatrix)");
        assertMentions(failure(landmarksToMatrix(2, new byte[0])), "op 0 (Landmarks2TransformMatrix)", "too short");
        // every truncation of valid options fails cleanly
        byte[] good = l2tmOptions(true);
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            assertThrows(ConversionException.class, () -> convert(landmarksToMatrix(2, cut)), "length " + len);
        }
    }

    @Test
    void version1CustomOpIsRejected() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("landmarks", TinyTflite.FLOAT32, 1, 5, 2);
        int mat = m.activation("matrix", TinyTflite.FLOAT32, 1, 4, 4);
        int y = m.activation("out", TinyTflite.FLOAT32, 1, 5, 2);
        m.customOp(m.custom("TransformLandmarks", 1), new int[] {x, mat}, new int[] {y}, null);
        m.io(new int[] {x, mat}, new int[] {y});
        assertMentions(failure(m), "op 0 (TransformLandmarks)", "version 1");
    }

    @Test
    void transformLandmarksV2HasNoAttributes() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("landmarks", TinyTflite.FLOAT32, 1, 5, 2);
        int mat = m.activation("matrix", TinyTflite.FLOAT32, 1, 4, 4);
        int y = m.activation("out", TinyTflite.FLOAT32, 1, 5, 2);
        m.customOp(m.custom("TransformLandmarks", 2), new int[] {x, mat}, new int[] {y}, null);
        m.io(new int[] {x, mat}, new int[] {y});
        Node n = convert(m).graph().nodes().get(0);
        assertEquals(OpType.TRANSFORM_LANDMARKS, n.op());
        assertEquals(Attributes.EMPTY, n.attributes());
    }

    @Test
    void unknownCustomOpIsNamed() {
        TinyTflite m = new TinyTflite();
        int x = m.activation("x", TinyTflite.FLOAT32, 1, 4);
        int y = m.activation("y", TinyTflite.FLOAT32, 1, 4);
        m.customOp(m.custom("FancyOp", 2), new int[] {x}, new int[] {y}, null);
        m.io(new int[] {x}, new int[] {y});
        assertMentions(failure(m), "op 0 (FancyOp)", "not supported");
    }
}
