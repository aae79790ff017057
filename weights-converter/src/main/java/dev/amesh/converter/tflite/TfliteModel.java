package dev.amesh.converter.tflite;

import dev.amesh.api.tensor.Shape;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed, validated TFLite model (schema.fbs, file identifier "TFL3"). Reading walks the whole FlatBuffer
 * once and checks every offset, vector length, tensor index, opcode index and buffer size, so later use of
 * the returned objects cannot run off the buffer. Builtin options tables are read lazily but with the same
 * checks. Any malformation raises {@link TfliteFormatException} naming the problem.
 */
public final class TfliteModel {
    /** The file identifier stored at bytes 4..7. */
    public static final String FILE_IDENTIFIER = "TFL3";

    // Field ids from tensorflow/lite/schema/schema.fbs (declaration order; a union occupies two ids).
    private static final int MODEL_VERSION = 0;
    private static final int MODEL_OPERATOR_CODES = 1;
    private static final int MODEL_SUBGRAPHS = 2;
    private static final int MODEL_DESCRIPTION = 3;
    private static final int MODEL_BUFFERS = 4;

    private static final int OPCODE_DEPRECATED_BUILTIN_CODE = 0;
    private static final int OPCODE_CUSTOM_CODE = 1;
    private static final int OPCODE_VERSION = 2;
    private static final int OPCODE_BUILTIN_CODE = 3;

    private static final int SUBGRAPH_TENSORS = 0;
    private static final int SUBGRAPH_INPUTS = 1;
    private static final int SUBGRAPH_OUTPUTS = 2;
    private static final int SUBGRAPH_OPERATORS = 3;
    private static final int SUBGRAPH_NAME = 4;

    private static final int TENSOR_SHAPE = 0;
    private static final int TENSOR_TYPE = 1;
    private static final int TENSOR_BUFFER = 2;
    private static final int TENSOR_NAME = 3;
    private static final int TENSOR_QUANTIZATION = 4;

    private static final int QUANT_SCALE = 2;
    private static final int QUANT_ZERO_POINT = 3;
    private static final int QUANT_DETAILS_TYPE = 4;

    private static final int BUFFER_DATA = 0;
    private static final int BUFFER_OFFSET = 1;
    private static final int BUFFER_SIZE = 2;

    private static final int OPERATOR_OPCODE_INDEX = 0;
    private static final int OPERATOR_INPUTS = 1;
    private static final int OPERATOR_OUTPUTS = 2;
    private static final int OPERATOR_BUILTIN_OPTIONS_TYPE = 3;
    private static final int OPERATOR_BUILTIN_OPTIONS = 4;
    private static final int OPERATOR_CUSTOM_OPTIONS = 5;
    private static final int OPERATOR_CUSTOM_OPTIONS_FORMAT = 6;

    private final long schemaVersion;
    private final String description;
    private final List<TfliteOperatorCode> operatorCodes;
    private final List<ByteBuffer> buffers;
    private final List<TfliteSubgraph> subgraphs;

    private TfliteModel(long schemaVersion, String description, List<TfliteOperatorCode> operatorCodes,
            List<ByteBuffer> buffers, List<TfliteSubgraph> subgraphs) {
        this.schemaVersion = schemaVersion;
        this.description = description;
        this.operatorCodes = List.copyOf(operatorCodes);
        this.buffers = List.copyOf(buffers);
        this.subgraphs = List.copyOf(subgraphs);
    }

    /**
     * Parses the bytes between {@code bytes}' position and limit; {@code bytes} itself is not modified. The
     * model keeps read-only views of it, so constant data is not copied.
     *
     * @throws TfliteFormatException if the bytes are not a well-formed TFLite FlatBuffer
     */
    public static TfliteModel read(ByteBuffer bytes) {
        // asReadOnlyBuffer() resets the byte order, so set it afterwards.
        ByteBuffer bb = bytes.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (bb.limit() < 8) {
            throw new TfliteFormatException("file is " + bb.limit()
                    + " bytes long, too short for a FlatBuffer header (8 bytes)");
        }
        byte[] ident = new byte[4];
        bb.get(4, ident);
        String identifier = new String(ident, StandardCharsets.ISO_8859_1);
        if (!FILE_IDENTIFIER.equals(identifier)) {
            throw new TfliteFormatException("file identifier is '" + printable(identifier) + "', expected '"
                    + FILE_IDENTIFIER + "': not a TFLite model");
        }
        try {
            return parse(bb);
        } catch (IndexOutOfBoundsException | BufferUnderflowException | IllegalArgumentException e) {
            // Every access is checked beforehand; this guards against a check that was missed.
            throw new TfliteFormatException("corrupt TFLite FlatBuffer: " + e, e);
        }
    }

    private static TfliteModel parse(ByteBuffer bb) {
        long rootOffset = Integer.toUnsignedLong(bb.getInt(0));
        if (rootOffset > bb.limit() - 4L) {
            throw new TfliteFormatException("root table offset " + rootOffset + " is past the end of the "
                    + bb.limit() + "-byte file (truncated?)");
        }
        CheckedTable model = new CheckedTable(bb, (int) rootOffset, "model");
        long version = model.uint32(MODEL_VERSION, 0);
        String description = model.string(MODEL_DESCRIPTION);

        List<ByteBuffer> buffers = readBuffers(bb, model);
        List<TfliteOperatorCode> codes = readOperatorCodes(model);

        CheckedTable.Vec sgVec = model.vector(MODEL_SUBGRAPHS, 4);
        if (sgVec == null || sgVec.length() == 0) {
            throw model.corrupt("has no subgraphs");
        }
        List<TfliteSubgraph> subgraphs = new ArrayList<>();
        for (int s = 0; s < sgVec.length(); s++) {
            subgraphs.add(readSubgraph(model.tableAt(sgVec, s, "subgraph " + s), codes, buffers));
        }
        return new TfliteModel(version, description == null ? "" : description, codes, buffers, subgraphs);
    }

    private static List<ByteBuffer> readBuffers(ByteBuffer bb, CheckedTable model) {
        CheckedTable.Vec vec = model.vector(MODEL_BUFFERS, 4);
        List<ByteBuffer> buffers = new ArrayList<>();
        int n = vec == null ? 0 : vec.length();
        for (int i = 0; i < n; i++) {
            CheckedTable buffer = model.tableAt(vec, i, "buffer " + i);
            long offset = buffer.uint64(BUFFER_OFFSET, 0);
            // Models over 2 GB keep data outside the FlatBuffer, addressed by offset/size from the file start;
            // offset 1 is the writer's placeholder for "no data".
            if (offset > 1) {
                long size = buffer.uint64(BUFFER_SIZE, 0);
                if (offset + size > bb.limit()) {
                    throw buffer.corrupt("data at bytes " + offset + ".." + (offset + size)
                            + " lies past the end of the " + bb.limit() + "-byte file");
                }
                buffers.add(buffer.slice((int) offset, (int) size));
            } else {
                buffers.add(buffer.bytes(BUFFER_DATA));
            }
        }
        return buffers;
    }

    private static List<TfliteOperatorCode> readOperatorCodes(CheckedTable model) {
        CheckedTable.Vec vec = model.vector(MODEL_OPERATOR_CODES, 4);
        List<TfliteOperatorCode> codes = new ArrayList<>();
        int n = vec == null ? 0 : vec.length();
        for (int i = 0; i < n; i++) {
            CheckedTable code = model.tableAt(vec, i, "operator code " + i);
            int deprecated = code.int8(OPCODE_DEPRECATED_BUILTIN_CODE, 0);
            int extended = code.int32(OPCODE_BUILTIN_CODE, 0);
            // Old files fill only the byte field, new ones both (the byte saturates at 127): take the larger.
            int builtin = Math.max(deprecated, extended);
            if (builtin < 0) {
                throw code.corrupt("has negative builtin code " + builtin);
            }
            codes.add(new TfliteOperatorCode(builtin, code.string(OPCODE_CUSTOM_CODE), code.int32(OPCODE_VERSION, 1)));
        }
        return codes;
    }

    private static TfliteSubgraph readSubgraph(CheckedTable sg, List<TfliteOperatorCode> codes,
            List<ByteBuffer> buffers) {
        CheckedTable.Vec tVec = sg.vector(SUBGRAPH_TENSORS, 4);
        int tensorCount = tVec == null ? 0 : tVec.length();
        List<TfliteTensor> tensors = new ArrayList<>(tensorCount);
        for (int t = 0; t < tensorCount; t++) {
            tensors.add(readTensor(sg.tableAt(tVec, t, sg.what() + " tensor " + t), t, buffers));
        }
        int[] inputs = sg.ints(SUBGRAPH_INPUTS);
        int[] outputs = sg.ints(SUBGRAPH_OUTPUTS);
        checkTensorRefs(sg, "input", inputs, tensorCount, false);
        checkTensorRefs(sg, "output", outputs, tensorCount, false);

        CheckedTable.Vec oVec = sg.vector(SUBGRAPH_OPERATORS, 4);
        int opCount = oVec == null ? 0 : oVec.length();
        List<TfliteOperator> operators = new ArrayList<>(opCount);
        for (int k = 0; k < opCount; k++) {
            operators.add(readOperator(sg.tableAt(oVec, k, sg.what() + " op " + k), k, codes, tensorCount));
        }
        String name = sg.string(SUBGRAPH_NAME);
        return new TfliteSubgraph(name == null ? "" : name, tensors, operators, inputs, outputs);
    }

    private static TfliteTensor readTensor(CheckedTable t, int index, List<ByteBuffer> buffers) {
        String name = t.string(TENSOR_NAME);
        if (name == null) {
            name = "tensor_" + index;
        }
        int[] shape = t.ints(TENSOR_SHAPE);
        long elements = 1;
        for (int d : shape) {
            if (d < 0) {
                throw t.corrupt("'" + name + "' has shape " + Arrays.toString(shape)
                        + " with a negative (dynamic) dimension");
            }
            elements *= d;
            if (elements > Shape.MAX_ELEMENTS) {
                throw t.corrupt("'" + name + "' has shape " + Arrays.toString(shape) + ", more than "
                        + Shape.MAX_ELEMENTS + " elements");
            }
        }
        int typeCode = t.int8(TENSOR_TYPE, 0);
        TfliteTensorType type = TfliteTensorType.ofCode(typeCode);
        if (type == null) {
            throw t.corrupt("'" + name + "' has unknown tensor type code " + typeCode);
        }
        long bufferIndex = t.uint32(TENSOR_BUFFER, 0);
        if (bufferIndex >= buffers.size()) {
            throw t.corrupt("'" + name + "' refers to buffer " + bufferIndex + " but the model has "
                    + buffers.size() + " buffers");
        }
        ByteBuffer data = buffers.get((int) bufferIndex);
        if (data.remaining() > 0 && type.byteSize() > 0 && data.remaining() != elements * type.byteSize()) {
            throw t.corrupt("'" + name + "' of shape " + Arrays.toString(shape) + " and type " + type
                    + " needs " + elements * type.byteSize() + " bytes but buffer " + bufferIndex + " holds "
                    + data.remaining());
        }
        return new TfliteTensor(index, name, shape, type, (int) bufferIndex, data, isQuantized(t));
    }

    private static boolean isQuantized(CheckedTable tensor) {
        CheckedTable q = tensor.table(TENSOR_QUANTIZATION, tensor.what() + " quantization");
        if (q == null) {
            return false;
        }
        return q.vectorLength(QUANT_SCALE) > 0 || q.vectorLength(QUANT_ZERO_POINT) > 0
                || q.uint8(QUANT_DETAILS_TYPE, 0) != 0;
    }

    private static TfliteOperator readOperator(CheckedTable op, int index, List<TfliteOperatorCode> codes,
            int tensorCount) {
        long codeIndex = op.uint32(OPERATOR_OPCODE_INDEX, 0);
        if (codeIndex >= codes.size()) {
            throw op.corrupt("refers to operator code " + codeIndex + " but the model has " + codes.size());
        }
        int[] inputs = op.ints(OPERATOR_INPUTS);
        int[] outputs = op.ints(OPERATOR_OUTPUTS);
        checkTensorRefs(op, "input", inputs, tensorCount, true);
        checkTensorRefs(op, "output", outputs, tensorCount, false);
        int optionsType = op.uint8(OPERATOR_BUILTIN_OPTIONS_TYPE, 0);
        TfliteOptions options = null;
        if (optionsType != 0) {
            CheckedTable table = op.table(OPERATOR_BUILTIN_OPTIONS, op.what() + " builtin options");
            if (table == null) {
                throw op.corrupt("declares builtin options of union type " + optionsType + " but stores none");
            }
            options = new TfliteOptions(optionsType, table);
        }
        ByteBuffer custom = op.bytes(OPERATOR_CUSTOM_OPTIONS);
        byte[] customBytes = new byte[custom.remaining()];
        custom.get(customBytes);
        int format = op.int8(OPERATOR_CUSTOM_OPTIONS_FORMAT, TfliteOperator.FLEXBUFFERS);
        return new TfliteOperator(index, codes.get((int) codeIndex), inputs, outputs, options, customBytes, format);
    }

    private static void checkTensorRefs(CheckedTable owner, String role, int[] refs, int tensorCount,
            boolean optionalAllowed) {
        for (int i = 0; i < refs.length; i++) {
            int r = refs[i];
            if (r >= tensorCount || r < (optionalAllowed ? -1 : 0)) {
                throw owner.corrupt(role + " " + i + " refers to tensor " + r + " but the subgraph has "
                        + tensorCount + " tensors");
            }
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7F) {
                sb.append(c);
            } else {
                sb.append(String.format("\\x%02x", (int) c));
            }
        }
        return sb.toString();
    }

    /** The schema version stored in the model (3 for every current TFLite file). */
    public long schemaVersion() {
        return schemaVersion;
    }

    /** The model's description string ("" if absent). */
    public String description() {
        return description;
    }

    public List<TfliteOperatorCode> operatorCodes() {
        return operatorCodes;
    }

    public List<TfliteSubgraph> subgraphs() {
        return subgraphs;
    }

    /** Subgraph 0, which TFLite runs. */
    public TfliteSubgraph mainSubgraph() {
        return subgraphs.get(0);
    }

    public int bufferCount() {
        return buffers.size();
    }

    /** A read-only little-endian view of buffer {@code index}'s bytes (empty for the sentinel buffer 0). */
    public ByteBuffer buffer(int index) {
        ByteBuffer b = buffers.get(index);
        return b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }
}
