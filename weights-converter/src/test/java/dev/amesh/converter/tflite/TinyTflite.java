package dev.amesh.converter.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small TFLite FlatBuffers for tests, with the field ids of schema.fbs, so that every converter
 * branch can be reached without a real model.
 */
final class TinyTflite {
    static final int FLOAT32 = 0;
    static final int FLOAT16 = 1;
    static final int INT32 = 2;
    static final int INT8 = 9;

    /** Writes a builtin options table and returns its offset. */
    interface OptionsWriter {
        int write(FlatBufferBuilder b);
    }

    private record TensorSpec(String name, int[] shape, int type, byte[] data, boolean quantized) {
    }

    private record CodeSpec(int deprecatedBuiltin, int builtin, String custom, int version) {
    }

    private record OpSpec(int code, int[] inputs, int[] outputs, int optionsType, OptionsWriter options,
            byte[] custom) {
    }

    private final List<TensorSpec> tensors = new ArrayList<>();
    private final List<CodeSpec> codes = new ArrayList<>();
    private final List<OpSpec> ops = new ArrayList<>();
    private int[] inputs = new int[0];
    private int[] outputs = new int[0];

    int activation(String name, int type, int... shape) {
        tensors.add(new TensorSpec(name, shape, type, null, false));
        return tensors.size() - 1;
    }

    int quantizedActivation(String name, int type, int... shape) {
        tensors.add(new TensorSpec(name, shape, type, null, true));
        return tensors.size() - 1;
    }

    int constant(String name, int type, byte[] data, int... shape) {
        tensors.add(new TensorSpec(name, shape, type, data, false));
        return tensors.size() - 1;
    }

    /** An operator code in the new style: deprecated_builtin_code saturated at 127 above that. */
    int builtin(int code, int version) {
        codes.add(new CodeSpec(Math.min(code, 127), code, null, version));
        return codes.size() - 1;
    }

    /** An operator code as pre-2.4 converters wrote it: only the byte field. */
    int legacyBuiltin(int code) {
        codes.add(new CodeSpec(code, 0, null, 1));
        return codes.size() - 1;
    }

    int custom(String name, int version) {
        codes.add(new CodeSpec(32, 32, name, version));
        return codes.size() - 1;
    }

    TinyTflite op(int code, int[] in, int[] out) {
        return op(code, in, out, 0, null);
    }

    TinyTflite op(int code, int[] in, int[] out, int optionsType, OptionsWriter options) {
        ops.add(new OpSpec(code, in, out, optionsType, options, null));
        return this;
    }

    TinyTflite customOp(int code, int[] in, int[] out, byte[] customOptions) {
        ops.add(new OpSpec(code, in, out, 0, null, customOptions));
        return this;
    }

    TinyTflite io(int[] in, int[] out) {
        inputs = in;
        outputs = out;
        return this;
    }

    ByteBuffer build() {
        FlatBufferBuilder b = new FlatBufferBuilder(1024);
        // buffers: 0 is the empty sentinel, then one per constant tensor
        List<Integer> bufferOffsets = new ArrayList<>();
        b.startTable(3);
        bufferOffsets.add(b.endTable());
        int[] bufferOfTensor = new int[tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            TensorSpec t = tensors.get(i);
            if (t.data() != null) {
                int data = b.createByteVector(t.data());
                b.startTable(3);
                b.addOffset(0, data, 0);
                bufferOffsets.add(b.endTable());
                bufferOfTensor[i] = bufferOffsets.size() - 1;
            }
        }
        int buffers = b.createVectorOfTables(bufferOffsets.stream().mapToInt(Integer::intValue).toArray());

        int[] tensorOffsets = new int[tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            TensorSpec t = tensors.get(i);
            int shape = intVector(b, t.shape());
            int name = b.createString(t.name());
            int quant = 0;
            if (t.quantized()) {
                b.startVector(4, 1, 4);
                b.addFloat(0.5f);
                int scale = b.endVector();
                b.startVector(8, 1, 8);
                b.addLong(0);
                int zero = b.endVector();
                b.startTable(7);
                b.addOffset(2, scale, 0);
                b.addOffset(3, zero, 0);
                quant = b.endTable();
            }
            b.startTable(6);
            b.addOffset(0, shape, 0);
            b.addByte(1, (byte) t.type(), 0);
            b.addInt(2, bufferOfTensor[i], 0);
            b.addOffset(3, name, 0);
            if (quant != 0) {
                b.addOffset(4, quant, 0);
            }
            tensorOffsets[i] = b.endTable();
        }
        int tensorVec = b.createVectorOfTables(tensorOffsets);

        int[] opOffsets = new int[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            OpSpec op = ops.get(i);
            int in = intVector(b, op.inputs());
            int out = intVector(b, op.outputs());
            int options = op.options() == null ? 0 : op.options().write(b);
            int custom = op.custom() == null ? 0 : b.createByteVector(op.custom());
            b.startTable(7);
            b.addInt(0, op.code(), 0);
            b.addOffset(1, in, 0);
            b.addOffset(2, out, 0);
            if (options != 0) {
                b.addByte(3, (byte) op.optionsType(), 0);
                b.addOffset(4, options, 0);
            }
            if (custom != 0) {
                b.addOffset(5, custom, 0);
            }
            opOffsets[i] = b.endTable();
        }
        int opVec = b.createVectorOfTables(opOffsets);
        int inVec = intVector(b, inputs);
        int outVec = intVector(b, outputs);
        int sgName = b.createString("main");
        b.startTable(5);
        b.addOffset(0, tensorVec, 0);
        b.addOffset(1, inVec, 0);
        b.addOffset(2, outVec, 0);
        b.addOffset(3, opVec, 0);
        b.addOffset(4, sgName, 0);
        int subgraph = b.endTable();
        int subgraphs = b.createVectorOfTables(new int[] {subgraph});

        int[] codeOffsets = new int[codes.size()];
        for (int i = 0; i < codes.size(); i++) {
            CodeSpec c = codes.get(i);
            int custom = c.custom() == null ? 0 : b.createString(c.custom());
            b.startTable(4);
            b.addByte(0, (byte) c.deprecatedBuiltin(), 0);
            if (custom != 0) {
                b.addOffset(1, custom, 0);
            }
            b.addInt(2, c.version(), 1);
            b.addInt(3, c.builtin(), 0);
            codeOffsets[i] = b.endTable();
        }
        int codeVec = b.createVectorOfTables(codeOffsets);
        int description = b.createString("tiny test model");
        b.startTable(5);
        b.addInt(0, 3, 0);
        b.addOffset(1, codeVec, 0);
        b.addOffset(2, subgraphs, 0);
        b.addOffset(3, description, 0);
        b.addOffset(4, buffers, 0);
        int model = b.endTable();
        b.finish(model, "TFL3");
        return ByteBuffer.wrap(b.sizedByteArray());
    }

    private static int intVector(FlatBufferBuilder b, int[] values) {
        b.startVector(4, values.length, 4);
        for (int i = values.length - 1; i >= 0; i--) {
            b.addInt(values[i]);
        }
        return b.endVector();
    }

    static byte[] floats(float... values) {
        ByteBuffer bb = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bb.putFloat(v);
        }
        return bb.array();
    }

    static byte[] ints(int... values) {
        ByteBuffer bb = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            bb.putInt(v);
        }
        return bb.array();
    }

    static byte[] halves(int... bits) {
        ByteBuffer bb = ByteBuffer.allocate(2 * bits.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : bits) {
            bb.putShort((short) v);
        }
        return bb.array();
    }

    /** Conv2DOptions / DepthwiseConv2DOptions-shaped table writer (field ids as in schema.fbs). */
    static OptionsWriter conv2dOptions(int padding, int stride, int activation, int dilation) {
        return b -> {
            b.startTable(6);
            b.addByte(0, (byte) padding, 0);
            b.addInt(1, stride, 0);
            b.addInt(2, stride, 0);
            b.addByte(3, (byte) activation, 0);
            b.addInt(4, dilation, 1);
            b.addInt(5, dilation, 1);
            return b.endTable();
        };
    }

    static OptionsWriter depthwiseOptions(int padding, int stride, int multiplier, int activation, int dilation) {
        return b -> {
            b.startTable(7);
            b.addByte(0, (byte) padding, 0);
            b.addInt(1, stride, 0);
            b.addInt(2, stride, 0);
            b.addInt(3, multiplier, 0);
            b.addByte(4, (byte) activation, 0);
            b.addInt(5, dilation, 1);
            b.addInt(6, dilation, 1);
            return b.endTable();
        };
    }
}
