package dev.amesh.api.format;

import static dev.amesh.api.format.ModelFileLayout.MAX_STRING_BYTES;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Sequential little-endian reads inside the graph section. Every read is bounds-checked against the end
 * of the section and every count against what the remaining bytes could hold, so nothing is allocated
 * beyond the section's size. Errors name the item being read ({@link #enter}) and the field.
 */
final class GraphSectionCursor {
    private final ByteBuffer file;
    private final String source;
    private final int end;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int position;
    private String item = "graph section";

    /** {@code file} must be little-endian; the section is {@code [start, end)}. */
    GraphSectionCursor(ByteBuffer file, String source, int start, int end) {
        this.file = file;
        this.source = source;
        this.position = start;
        this.end = end;
    }

    /** Names the item (e.g. "tensor 17 'conv'") that following errors are about. */
    void enter(String itemName) {
        this.item = itemName;
    }

    int position() {
        return position;
    }

    int remaining() {
        return end - position;
    }

    ModelFormatException error(String problem) {
        return new ModelFormatException(source, item + ": " + problem);
    }

    int u8(String field) throws ModelFormatException {
        require(1, field);
        return file.get(position++) & 0xff;
    }

    int u16(String field) throws ModelFormatException {
        require(2, field);
        int v = file.getShort(position) & 0xffff;
        position += 2;
        return v;
    }

    int i32(String field) throws ModelFormatException {
        require(4, field);
        int v = file.getInt(position);
        position += 4;
        return v;
    }

    long u32(String field) throws ModelFormatException {
        return Integer.toUnsignedLong(i32(field));
    }

    /** An unsigned 64-bit value; values above {@link Long#MAX_VALUE} come back negative, callers reject them. */
    long u64(String field) throws ModelFormatException {
        require(8, field);
        long v = file.getLong(position);
        position += 8;
        return v;
    }

    float f32(String field) throws ModelFormatException {
        return Float.intBitsToFloat(i32(field));
    }

    /**
     * A u32 element count, at most {@code limit}, and small enough that {@code count * minBytesEach}
     * fits in the rest of the section.
     */
    int count(String field, int limit, int minBytesEach) throws ModelFormatException {
        long n = u32(field);
        if (n > limit) {
            throw error(field + " " + n + " exceeds the format limit of " + limit);
        }
        if (n * minBytesEach > remaining()) {
            throw error(field + " " + n + " is impossible: the remaining " + remaining()
                    + " bytes of the graph section hold at most " + (remaining() / minBytesEach)
                    + " (each needs at least " + minBytesEach + " bytes)");
        }
        return (int) n;
    }

    /** A tensor id: u32 below {@code tensorCount}. */
    int tensorId(String field, int tensorCount) throws ModelFormatException {
        long id = u32(field);
        if (id >= tensorCount) {
            throw error(field + " refers to tensor " + id + " but the graph has " + tensorCount + " tensors");
        }
        return (int) id;
    }

    String string(String field) throws ModelFormatException {
        long length = u32(field + " length");
        if (length > MAX_STRING_BYTES) {
            throw error(field + " length " + length + " exceeds the format limit of " + MAX_STRING_BYTES + " bytes");
        }
        require((int) length, field);
        ByteBuffer slice = file.slice(position, (int) length);
        position += (int) length;
        try {
            return utf8.decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw error(field + " is not valid UTF-8");
        }
    }

    private void require(int n, String field) throws ModelFormatException {
        if (n > end - position) {
            throw error(field + " at offset " + position + " needs " + n + " bytes but the graph section ends at "
                    + end + " (" + (end - position) + " bytes left)");
        }
    }
}
