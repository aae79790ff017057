package dev.amesh.converter.tflite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The converted graph equals the TFLite graph op by op and weight by weight. The TFLite side is re-read here
 * from the raw reader, with its own half-float decoding and op-name table, independently of the converter.
 */
class RoundTripTest {
    private static final Map<String, OpType> EXPECTED_OP = Map.ofEntries(
            Map.entry("CONV_2D", OpType.CONV_2D), Map.entry("DEPTHWISE_CONV_2D", OpType.DEPTHWISE_CONV_2D),
            Map.entry("PRELU", OpType.PRELU), Map.entry("ADD", OpType.ADD), Map.entry("MUL", OpType.MUL),
            Map.entry("RELU", OpType.RELU), Map.entry("MAX_POOL_2D", OpType.MAX_POOL_2D), Map.entry("PAD", OpType.PAD),
            Map.entry("RESHAPE", OpType.RESHAPE), Map.entry("STRIDED_SLICE", OpType.STRIDED_SLICE),
            Map.entry("CONCATENATION", OpType.CONCATENATION),
            Map.entry("Landmarks2TransformMatrix", OpType.LANDMARKS_TO_TRANSFORM_MATRIX),
            Map.entry("TransformTensorBilinear", OpType.TRANSFORM_TENSOR_BILINEAR),
            Map.entry("TransformLandmarks", OpType.TRANSFORM_LANDMARKS));

    @ParameterizedTest
    @ValueSource(strings = {TestModels.ATTENTION, TestModels.FACE_LANDMARK, TestModels.DETECTOR})
    void graphEqualsTfliteOpByOpAndWeightByWeight(String file) throws IOException {
        byte[] bytes = Files.readAllBytes(TestModels.model(file));
        Conversion conversion = TfliteConverter.convert(ByteBuffer.wrap(bytes), file);
        Graph g = conversion.graph();
        TfliteSubgraph sg = TfliteModel.read(ByteBuffer.wrap(bytes)).mainSubgraph();

        // DEQUANTIZE output tensor -> its FP16 input tensor
        Map<Integer, TfliteTensor> dequantized = new HashMap<>();
        List<TfliteOperator> computeOps = new ArrayList<>();
        for (TfliteOperator op : sg.operators()) {
            if (op.name().equals("DEQUANTIZE")) {
                TfliteTensor in = sg.tensor(op.inputs()[0]);
                assertEquals(TfliteTensorType.FLOAT16, in.type());
                assertTrue(in.hasData(), "every DEQUANTIZE input is a constant");
                dequantized.put(op.outputs()[0], in);
            } else {
                computeOps.add(op);
            }
        }
        assertEquals(computeOps.size(), g.nodes().size());

        Set<Integer> comparedConstants = new HashSet<>();
        long comparedValues = 0;
        for (int k = 0; k < computeOps.size(); k++) {
            TfliteOperator op = computeOps.get(k);
            Node node = g.nodes().get(k);
            String where = file + " node " + k + " / " + op.describe();
            assertEquals(op.index(), conversion.report().tfliteOpIndex(k), where);
            assertEquals(EXPECTED_OP.get(op.name()), node.op(), where);

            // float operands in order; int32 constants (paddings, slice bounds, shapes) became attributes
            List<Integer> floatInputs = new ArrayList<>();
            for (int t : op.inputs()) {
                TfliteTensor tensor = sg.tensor(t);
                if (!(tensor.type() == TfliteTensorType.INT32 && tensor.hasData())) {
                    floatInputs.add(t);
                }
            }
            assertEquals(floatInputs.size(), node.inputCount(), where);
            for (int i = 0; i < floatInputs.size(); i++) {
                TfliteTensor expected = sg.tensor(floatInputs.get(i));
                TensorInfo actual = g.tensor(node.input(i));
                assertEquals(expected.name(), actual.name(), where);
                assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape().dims()), where);
                if (dequantized.containsKey(expected.index())) {
                    assertTrue(actual.isConstant(), where);
                    assertEquals(DType.FLOAT16, actual.storedType(), where);
                    assertBitwiseEqual(widenFp16(dequantized.get(expected.index())), actual.constantData(), where);
                } else if (expected.hasData()) {
                    assertTrue(actual.isConstant(), where);
                    assertEquals(DType.FLOAT32, actual.storedType(), where);
                    assertBitwiseEqual(readFp32(expected), actual.constantData(), where);
                } else {
                    assertFalse(actual.isConstant(), where);
                    continue;
                }
                if (comparedConstants.add(actual.id())) {
                    comparedValues += actual.constantData().length;
                }
            }
            assertEquals(op.outputs().length, node.outputCount(), where);
            for (int i = 0; i < op.outputs().length; i++) {
                TfliteTensor expected = sg.tensor(op.outputs()[i]);
                TensorInfo actual = g.tensor(node.output(i));
                assertEquals(expected.name(), actual.name(), where);
                assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape().dims()), where);
            }
        }
        // every constant of the graph was compared, and every folded DEQUANTIZE is used
        int constants = 0;
        long values = 0;
        for (TensorInfo t : g.tensors()) {
            if (t.isConstant()) {
                constants++;
                values += t.constantData().length;
            }
        }
        assertEquals(constants, comparedConstants.size());
        assertEquals(values, comparedValues);
        assertEquals(dequantized.size(), conversion.report().foldedDequantizeCount());
        // the graph keeps only tensors that are used
        assertEquals(g.tensors().size(), usedTensorCount(g));
    }

    private static int usedTensorCount(Graph g) {
        Set<Integer> used = new HashSet<>();
        for (int id : g.inputs()) {
            used.add(id);
        }
        for (Node n : g.nodes()) {
            for (int id : n.inputs()) {
                used.add(id);
            }
            for (int id : n.outputs()) {
                used.add(id);
            }
        }
        return used.size();
    }

    private static float[] widenFp16(TfliteTensor fp16) {
        ByteBuffer data = fp16.data().order(ByteOrder.LITTLE_ENDIAN);
        int n = data.remaining() / 2;
        assertEquals(fp16.elementCount(), n);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            int lo = data.get(data.position() + 2 * i) & 0xFF;
            int hi = data.get(data.position() + 2 * i + 1) & 0xFF;
            out[i] = HalfFloatTest.arithmeticHalf((hi << 8) | lo);
        }
        return out;
    }

    private static float[] readFp32(TfliteTensor t) {
        assertEquals(TfliteTensorType.FLOAT32, t.type());
        ByteBuffer data = t.data().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[data.remaining() / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = data.getFloat(data.position() + 4 * i);
        }
        return out;
    }

    private static void assertBitwiseEqual(float[] expected, float[] actual, String where) {
        assertNotNull(actual, where);
        assertEquals(expected.length, actual.length, where);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(where + ": value " + i + " is " + actual[i] + ", TFLite has " + expected[i]);
            }
        }
    }
}
