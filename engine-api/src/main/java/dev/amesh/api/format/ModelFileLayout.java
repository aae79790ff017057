package dev.amesh.api.format;

import java.nio.charset.StandardCharsets;

/** Byte layout and limits of format version 1; docs/format.md is the normative description. */
final class ModelFileLayout {
    static final byte[] MAGIC = "AMESHNN\0".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER_SIZE = 64;
    static final int ALIGNMENT = 64;

    // Header field offsets.
    static final int OFF_MAGIC = 0;
    static final int OFF_VERSION = 8;
    static final int OFF_FLAGS = 12;
    static final int OFF_FILE_LENGTH = 16;
    static final int OFF_GRAPH_OFFSET = 24;
    static final int OFF_GRAPH_LENGTH = 32;
    static final int OFF_WEIGHTS_OFFSET = 40;
    static final int OFF_WEIGHTS_LENGTH = 48;
    static final int OFF_BODY_CRC = 56;
    static final int OFF_HEADER_CRC = 60;

    // Tensor storage codes.
    static final int STORAGE_ACTIVATION = 0;
    static final int STORAGE_FLOAT32 = 1;
    static final int STORAGE_FLOAT16 = 2;

    // Attribute value tags.
    static final int ATTR_INT = 1;
    static final int ATTR_FLOAT = 2;
    static final int ATTR_STRING = 3;
    static final int ATTR_INT_ARRAY = 4;
    static final int ATTR_FLOAT_ARRAY = 5;

    // Limits. Every count is also bounded by the bytes left in the graph section.
    /** This reader maps the file into one ByteBuffer. */
    static final long MAX_FILE_SIZE = Integer.MAX_VALUE;
    static final int MAX_STRING_BYTES = 1 << 20;
    static final int MAX_RANK = 8;
    static final int MAX_TENSORS = 1 << 20;
    static final int MAX_NODES = 1 << 20;
    static final int MAX_METADATA_ENTRIES = 1 << 16;
    static final int MAX_NODE_OPERANDS = 1 << 16;
    static final int MAX_ATTRIBUTES = 1 << 12;
    static final int MAX_ARRAY_ELEMENTS = 1 << 24;

    // Smallest encodings, used to reject counts the remaining bytes cannot hold.
    static final int MIN_METADATA_ENTRY_BYTES = 8;
    static final int MIN_TENSOR_BYTES = 8;
    static final int MIN_NODE_BYTES = 16;
    static final int MIN_ATTRIBUTE_BYTES = 9;

    private ModelFileLayout() {
    }

    static long align(long offset) {
        return (offset + ALIGNMENT - 1) & -(long) ALIGNMENT;
    }
}
