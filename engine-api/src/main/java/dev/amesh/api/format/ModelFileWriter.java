package dev.amesh.api.format;

import static dev.amesh.api.format.ModelFileLayout.*;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.DType;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/** Encodes a {@link Graph} as format version 1. Rejects graphs that the reader's limits would reject. */
final class ModelFileWriter {
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final LittleEndianSink out = new LittleEndianSink();

    /** Positions of the weight-offset fields of the constants, in tensor order, patched once the layout is known. */
    private final List<Integer> offsetFields = new ArrayList<>();
    private final List<TensorInfo> constants = new ArrayList<>();

    static byte[] encode(Graph graph) {
        return new ModelFileWriter().write(graph);
    }

    private byte[] write(Graph graph) {
        out.padTo(HEADER_SIZE);
        writeGraphSection(graph);
        long graphLength = out.size() - HEADER_SIZE;
        long weightsOffset = align(out.size());
        out.padTo(weightsOffset);
        writeWeightSection();
        long fileLength = out.size();

        byte[] bytes = out.toByteArray();
        ByteBuffer header = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header.put(OFF_MAGIC, MAGIC);
        header.putInt(OFF_VERSION, VERSION);
        header.putInt(OFF_FLAGS, 0);
        header.putLong(OFF_FILE_LENGTH, fileLength);
        header.putLong(OFF_GRAPH_OFFSET, HEADER_SIZE);
        header.putLong(OFF_GRAPH_LENGTH, graphLength);
        header.putLong(OFF_WEIGHTS_OFFSET, weightsOffset);
        header.putLong(OFF_WEIGHTS_LENGTH, fileLength - weightsOffset);
        header.putInt(OFF_BODY_CRC, crc32c(bytes, HEADER_SIZE, bytes.length - HEADER_SIZE));
        header.putInt(OFF_HEADER_CRC, crc32c(bytes, 0, OFF_HEADER_CRC));
        return bytes;
    }

    static int crc32c(byte[] bytes, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, length);
        return (int) crc.getValue();
    }

    private void writeGraphSection(Graph graph) {
        string(graph.name(), "graph name");
        Map<String, String> metadata = graph.metadata();
        count(metadata.size(), MAX_METADATA_ENTRIES, "metadata entries");
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            string(e.getKey(), "metadata key");
            string(e.getValue(), "metadata value of '" + e.getKey() + "'");
        }
        count(graph.tensors().size(), MAX_TENSORS, "tensors");
        for (TensorInfo t : graph.tensors()) {
            writeTensor(t);
        }
        count(graph.nodes().size(), MAX_NODES, "nodes");
        for (Node n : graph.nodes()) {
            writeNode(n);
        }
        ids(graph.inputs(), MAX_TENSORS, "model inputs");
        ids(graph.outputs(), MAX_TENSORS, "model outputs");
    }

    private void writeTensor(TensorInfo t) {
        String what = "tensor " + t.id() + " '" + t.name() + "'";
        string(t.name(), what + " name");
        int storage;
        if (!t.isConstant()) {
            storage = STORAGE_ACTIVATION;
        } else if (t.storedType() == DType.FLOAT16) {
            storage = STORAGE_FLOAT16;
        } else if (t.storedType() == DType.FLOAT32) {
            storage = STORAGE_FLOAT32;
        } else {
            throw new IllegalArgumentException(what + ": constants are stored as FLOAT32 or FLOAT16, not "
                    + t.storedType());
        }
        int[] dims = t.shape().dims();
        if (dims.length > MAX_RANK) {
            throw new IllegalArgumentException(what + " has rank " + dims.length + "; the format allows at most "
                    + MAX_RANK);
        }
        out.u8(storage);
        out.u8(dims.length);
        out.u16(0);
        for (int d : dims) {
            out.u32(d);
        }
        if (t.isConstant()) {
            offsetFields.add(out.size());
            constants.add(t);
            out.u64(0); // patched by writeWeightSection
            out.u64((long) t.constantData().length * (storage == STORAGE_FLOAT16 ? 2 : 4));
        }
    }

    private void writeNode(Node n) {
        string(n.op().name(), "node " + n.index() + " op");
        ids(n.inputs(), MAX_NODE_OPERANDS, "inputs of node " + n.index());
        ids(n.outputs(), MAX_NODE_OPERANDS, "outputs of node " + n.index());
        Map<String, Object> attributes = n.attributes().asMap();
        count(attributes.size(), MAX_ATTRIBUTES, "attributes of node " + n.index());
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            String what = "node " + n.index() + " (" + n.op() + ") attribute '" + e.getKey() + "'";
            string(e.getKey(), what);
            Object v = e.getValue();
            if (v instanceof Integer) {
                out.u8(ATTR_INT);
                out.u32((Integer) v);
            } else if (v instanceof Float) {
                out.u8(ATTR_FLOAT);
                out.f32((Float) v);
            } else if (v instanceof String) {
                out.u8(ATTR_STRING);
                string((String) v, what);
            } else if (v instanceof int[]) {
                int[] a = (int[]) v;
                out.u8(ATTR_INT_ARRAY);
                count(a.length, MAX_ARRAY_ELEMENTS, what + " elements");
                for (int x : a) {
                    out.u32(x);
                }
            } else if (v instanceof float[]) {
                float[] a = (float[]) v;
                out.u8(ATTR_FLOAT_ARRAY);
                count(a.length, MAX_ARRAY_ELEMENTS, what + " elements");
                for (float x : a) {
                    out.f32(x);
                }
            } else {
                throw new IllegalArgumentException(what + " has unsupported type " + v.getClass().getName());
            }
        }
    }

    private void writeWeightSection() {
        for (int k = 0; k < constants.size(); k++) {
            TensorInfo t = constants.get(k);
            long offset = align(out.size());
            out.padTo(offset);
            out.putU64(offsetFields.get(k), offset);
            float[] values = t.constantData();
            if (t.storedType() == DType.FLOAT16) {
                for (int i = 0; i < values.length; i++) {
                    int h = Half.fromFloatExact(values[i]);
                    if (h == Half.NOT_REPRESENTABLE) {
                        throw new IllegalArgumentException("tensor " + t.id() + " '" + t.name()
                                + "' is stored as FLOAT16 but element " + i + " (" + values[i]
                                + ") is not exactly representable in half precision");
                    }
                    out.u16(h);
                }
            } else {
                for (float v : values) {
                    out.f32(v);
                }
            }
        }
    }

    private void ids(int[] ids, int limit, String what) {
        count(ids.length, limit, what);
        for (int id : ids) {
            out.u32(id);
        }
    }

    private void count(int n, int limit, String what) {
        if (n > limit) {
            throw new IllegalArgumentException("too many " + what + ": " + n + " (the format allows " + limit + ")");
        }
        out.u32(n);
    }

    private void string(String s, String what) {
        ByteBuffer encoded;
        try {
            encoded = utf8.encode(CharBuffer.wrap(s));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid Unicode (unpaired surrogate?): " + e.getMessage());
        }
        if (encoded.remaining() > MAX_STRING_BYTES) {
            throw new IllegalArgumentException(what + " is " + encoded.remaining() + " bytes of UTF-8; the format allows "
                    + MAX_STRING_BYTES);
        }
        byte[] b = new byte[encoded.remaining()];
        encoded.get(b);
        out.u32(b.length);
        out.raw(b);
    }
}
