package dev.amesh.api.format;

import static dev.amesh.api.format.ModelFileLayout.*;

import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.DType;
import dev.amesh.api.tensor.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Decodes format version 1. Validation order: header size, magic, version, header checksum, flags,
 * section bounds, body checksum; then the graph section field by field (every count and length checked
 * before anything is allocated); then every constant's placement; only then are weights copied out and
 * the {@link Graph} built (which checks define-before-use).
 */
final class ModelFileReader {
    private static final Map<String, OpType> OPS_BY_NAME = new HashMap<>();

    static {
        for (OpType op : OpType.values()) {
            OPS_BY_NAME.put(op.name(), op);
        }
    }

    /** A tensor record as read from the graph section, before its weights are copied out. */
    private record TensorRecord(String name, Shape shape, int storage, long weightOffset, long byteLength) {
    }

    private final ByteBuffer file;
    private final String source;
    private final int fileLength;

    private ModelFileReader(ByteBuffer bytes, String source) {
        this.file = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
        this.fileLength = file.remaining();
    }

    static Graph read(ByteBuffer bytes, String source) throws ModelFormatException {
        return new ModelFileReader(bytes, source).read();
    }

    private ModelFormatException error(String problem) {
        return new ModelFormatException(source, problem);
    }

    private Graph read() throws ModelFormatException {
        checkMagicAndVersion();
        checkHeaderChecksum();
        long flags = Integer.toUnsignedLong(file.getInt(OFF_FLAGS));
        if (flags != 0) {
            throw error("unknown header flags 0x" + Long.toHexString(flags)
                    + " (format version 1 defines none; the file was made by a newer amesh or is corrupt)");
        }
        long declaredLength = file.getLong(OFF_FILE_LENGTH);
        if (declaredLength != fileLength) {
            throw Long.compareUnsigned(declaredLength, fileLength) > 0
                    ? error("truncated: the header says the file is " + Long.toUnsignedString(declaredLength)
                            + " bytes but it is " + fileLength)
                    : error((fileLength - declaredLength) + " unexpected bytes after the end of the model ("
                            + declaredLength + " bytes according to the header)");
        }
        long graphOffset = file.getLong(OFF_GRAPH_OFFSET);
        long graphLength = file.getLong(OFF_GRAPH_LENGTH);
        long weightsOffset = file.getLong(OFF_WEIGHTS_OFFSET);
        long weightsLength = file.getLong(OFF_WEIGHTS_LENGTH);
        if (graphOffset != HEADER_SIZE) {
            throw error("graph section offset " + Long.toUnsignedString(graphOffset) + " must be " + HEADER_SIZE);
        }
        if (graphLength < 0 || graphLength > fileLength - HEADER_SIZE) {
            throw error("graph section length " + Long.toUnsignedString(graphLength)
                    + " runs past the end of the file (" + fileLength + " bytes)");
        }
        long graphEnd = HEADER_SIZE + graphLength;
        if (weightsOffset != align(graphEnd)) {
            throw error("weight section offset " + Long.toUnsignedString(weightsOffset) + " must be " + align(graphEnd)
                    + " (the end of the graph section rounded up to " + ALIGNMENT + " bytes)");
        }
        if (weightsOffset > fileLength || weightsLength != fileLength - weightsOffset) {
            throw error("weight section at " + weightsOffset + " with length " + Long.toUnsignedString(weightsLength)
                    + " does not end at the end of the file (" + fileLength + " bytes)");
        }
        checkBodyChecksum();

        GraphSectionCursor in = new GraphSectionCursor(file, source, HEADER_SIZE, (int) graphEnd);
        String name = in.string("graph name");
        Map<String, String> metadata = readMetadata(in);
        List<TensorRecord> records = readTensors(in);
        int tensorCount = records.size();
        List<Node> nodes = readNodes(in, tensorCount);
        in.enter("model inputs");
        int[] inputs = readIds(in, "model input", MAX_TENSORS, tensorCount);
        in.enter("model outputs");
        int[] outputs = readIds(in, "model output", MAX_TENSORS, tensorCount);
        if (in.remaining() != 0) {
            throw error("graph section has " + in.remaining() + " unread bytes after the model outputs (at offset "
                    + in.position() + ")");
        }
        checkWeightPlacement(records, weightsOffset);

        List<TensorInfo> tensors = new ArrayList<>(tensorCount);
        for (int id = 0; id < tensorCount; id++) {
            tensors.add(toTensorInfo(id, records.get(id)));
        }
        try {
            return new Graph(name, tensors, nodes, inputs, outputs, metadata);
        } catch (GraphException | IllegalArgumentException e) {
            throw new ModelFormatException(source, "invalid graph: " + e.getMessage(), e);
        }
    }

    private void checkMagicAndVersion() throws ModelFormatException {
        if (fileLength == 0) {
            throw error("empty file (0 bytes), not an .amesh model");
        }
        int prefix = Math.min(fileLength, MAGIC.length);
        for (int i = 0; i < prefix; i++) {
            if (file.get(OFF_MAGIC + i) != MAGIC[i]) {
                throw error("not an .amesh model: the file starts with " + hex(prefix)
                        + " instead of the magic \"AMESHNN\\0\"");
            }
        }
        if (fileLength < HEADER_SIZE) {
            throw error("truncated: " + fileLength + " bytes, shorter than the " + HEADER_SIZE + "-byte header");
        }
        long version = Integer.toUnsignedLong(file.getInt(OFF_VERSION));
        if (version > VERSION) {
            throw error("format version " + version + " was made by a newer amesh (this one reads version "
                    + VERSION + "), or the header is corrupt");
        }
        if (version < 1) {
            throw error("invalid format version " + version + " (versions start at 1)");
        }
    }

    private void checkHeaderChecksum() throws ModelFormatException {
        CRC32C crc = new CRC32C();
        crc.update(file.slice(0, OFF_HEADER_CRC));
        int expected = file.getInt(OFF_HEADER_CRC);
        if ((int) crc.getValue() != expected) {
            throw error("header checksum mismatch (stored 0x" + Integer.toHexString(expected) + ", computed 0x"
                    + Long.toHexString(crc.getValue()) + "): the header is corrupt");
        }
    }

    private void checkBodyChecksum() throws ModelFormatException {
        CRC32C crc = new CRC32C();
        crc.update(file.slice(HEADER_SIZE, fileLength - HEADER_SIZE));
        int expected = file.getInt(OFF_BODY_CRC);
        if ((int) crc.getValue() != expected) {
            throw error("checksum mismatch (stored 0x" + Integer.toHexString(expected) + ", computed 0x"
                    + Long.toHexString(crc.getValue()) + "): the file is corrupt");
        }
    }

    private String hex(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", file.get(i) & 0xff));
        }
        return sb.toString();
    }

    private Map<String, String> readMetadata(GraphSectionCursor in) throws ModelFormatException {
        in.enter("metadata");
        int n = in.count("metadata entry count", MAX_METADATA_ENTRIES, MIN_METADATA_ENTRY_BYTES);
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            in.enter("metadata entry " + i);
            String key = in.string("key");
            String value = in.string("value of '" + key + "'");
            if (metadata.put(key, value) != null) {
                throw in.error("duplicate metadata key '" + key + "'");
            }
        }
        return metadata;
    }

    private List<TensorRecord> readTensors(GraphSectionCursor in) throws ModelFormatException {
        in.enter("tensor table");
        int n = in.count("tensor count", MAX_TENSORS, MIN_TENSOR_BYTES);
        List<TensorRecord> records = new ArrayList<>(n);
        for (int id = 0; id < n; id++) {
            in.enter("tensor " + id);
            String name = in.string("name");
            in.enter("tensor " + id + " '" + name + "'");
            int storage = in.u8("storage");
            if (storage != STORAGE_ACTIVATION && storage != STORAGE_FLOAT32 && storage != STORAGE_FLOAT16) {
                throw in.error("unknown storage code " + storage + " (expected 0 activation, 1 float32, 2 float16)");
            }
            int rank = in.u8("rank");
            if (rank > MAX_RANK) {
                throw in.error("rank " + rank + " exceeds the format limit of " + MAX_RANK);
            }
            int reserved = in.u16("reserved");
            if (reserved != 0) {
                throw in.error("reserved field is " + reserved + ", must be 0");
            }
            int[] dims = new int[rank];
            for (int axis = 0; axis < rank; axis++) {
                long d = in.u32("dimension " + axis);
                if (d > Shape.MAX_ELEMENTS) {
                    throw in.error("dimension " + axis + " is " + d + ", more than the limit of " + Shape.MAX_ELEMENTS
                            + " elements per tensor");
                }
                dims[axis] = (int) d;
            }
            Shape shape;
            try {
                shape = Shape.of(dims);
            } catch (IllegalArgumentException e) {
                throw in.error(e.getMessage());
            }
            long offset = -1;
            long byteLength = 0;
            if (storage != STORAGE_ACTIVATION) {
                offset = in.u64("weight offset");
                byteLength = in.u64("weight byte length");
            }
            records.add(new TensorRecord(name, shape, storage, offset, byteLength));
        }
        return records;
    }

    private List<Node> readNodes(GraphSectionCursor in, int tensorCount) throws ModelFormatException {
        in.enter("node table");
        int n = in.count("node count", MAX_NODES, MIN_NODE_BYTES);
        List<Node> nodes = new ArrayList<>(n);
        for (int index = 0; index < n; index++) {
            in.enter("node " + index);
            String opName = in.string("op name");
            OpType op = OPS_BY_NAME.get(opName);
            if (op == null) {
                throw in.error("unknown op '" + opName + "' (made by a newer amesh, or corrupt)");
            }
            in.enter("node " + index + " (" + op + ")");
            int[] inputs = readIds(in, "input", MAX_NODE_OPERANDS, tensorCount);
            int[] outputs = readIds(in, "output", MAX_NODE_OPERANDS, tensorCount);
            Attributes attributes = readAttributes(in);
            nodes.add(new Node(index, op, inputs, outputs, attributes));
        }
        return nodes;
    }

    private int[] readIds(GraphSectionCursor in, String what, int limit, int tensorCount) throws ModelFormatException {
        int n = in.count(what + " count", limit, 4);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = in.tensorId(what + " " + i, tensorCount);
        }
        return ids;
    }

    private Attributes readAttributes(GraphSectionCursor in) throws ModelFormatException {
        int n = in.count("attribute count", MAX_ATTRIBUTES, MIN_ATTRIBUTE_BYTES);
        if (n == 0) {
            return Attributes.EMPTY;
        }
        Attributes.Builder builder = Attributes.builder();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String key = in.string("attribute " + i + " name");
            if (!seen.add(key)) {
                throw in.error("duplicate attribute '" + key + "'");
            }
            String field = "attribute '" + key + "'";
            int tag = in.u8(field + " type");
            switch (tag) {
                case ATTR_INT -> builder.put(key, in.i32(field));
                case ATTR_FLOAT -> builder.put(key, in.f32(field));
                case ATTR_STRING -> builder.put(key, in.string(field));
                case ATTR_INT_ARRAY -> {
                    int length = in.count(field + " element count", MAX_ARRAY_ELEMENTS, 4);
                    int[] values = new int[length];
                    for (int k = 0; k < length; k++) {
                        values[k] = in.i32(field);
                    }
                    builder.put(key, values);
                }
                case ATTR_FLOAT_ARRAY -> {
                    int length = in.count(field + " element count", MAX_ARRAY_ELEMENTS, 4);
                    float[] values = new float[length];
                    for (int k = 0; k < length; k++) {
                        values[k] = in.f32(field);
                    }
                    builder.put(key, values);
                }
                default -> throw in.error(field + " has unknown type tag " + tag
                        + " (expected 1 int, 2 float, 3 string, 4 int[], 5 float[])");
            }
        }
        return builder.build();
    }

    /** Constants must lie, 64-byte aligned and in tensor order, inside the weight section, without overlapping. */
    private void checkWeightPlacement(List<TensorRecord> records, long weightsOffset) throws ModelFormatException {
        long previousEnd = weightsOffset;
        int previousId = -1;
        for (int id = 0; id < records.size(); id++) {
            TensorRecord r = records.get(id);
            if (r.storage() == STORAGE_ACTIVATION) {
                continue;
            }
            String what = "tensor " + id + " '" + r.name() + "'";
            int elementSize = r.storage() == STORAGE_FLOAT16 ? 2 : 4;
            long expectedLength = (long) r.shape().numElements() * elementSize;
            String type = r.storage() == STORAGE_FLOAT16 ? "float16" : "float32";
            if (r.byteLength() != expectedLength) {
                throw error(what + " weight byte length " + Long.toUnsignedString(r.byteLength())
                        + " does not match its shape " + r.shape() + " of " + type + " (" + expectedLength + " bytes)");
            }
            long offset = r.weightOffset();
            if (offset < 0 || offset > fileLength || expectedLength > fileLength - offset) {
                throw error(what + " weight offset " + Long.toUnsignedString(offset) + " + " + expectedLength
                        + " bytes runs past the end of the file (" + fileLength + " bytes)");
            }
            if (offset % ALIGNMENT != 0) {
                throw error(what + " weight offset " + offset + " is not " + ALIGNMENT + "-byte aligned");
            }
            if (offset < previousEnd) {
                throw error(what + " weight offset " + offset + (previousId < 0
                        ? " lies before the weight section (which starts at " + weightsOffset + ")"
                        : " overlaps the weights of tensor " + previousId + ", which end at " + previousEnd));
            }
            previousEnd = offset + expectedLength;
            previousId = id;
        }
    }

    private TensorInfo toTensorInfo(int id, TensorRecord r) {
        if (r.storage() == STORAGE_ACTIVATION) {
            return TensorInfo.activation(id, r.name(), r.shape());
        }
        int offset = (int) r.weightOffset();
        float[] values = new float[r.shape().numElements()];
        if (r.storage() == STORAGE_FLOAT16) {
            for (int i = 0; i < values.length; i++) {
                values[i] = Half.toFloat(file.getShort(offset + 2 * i));
            }
            return TensorInfo.constant(id, r.name(), r.shape(), values, DType.FLOAT16);
        }
        file.slice(offset, values.length * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return TensorInfo.constant(id, r.name(), r.shape(), values, DType.FLOAT32);
    }
}
