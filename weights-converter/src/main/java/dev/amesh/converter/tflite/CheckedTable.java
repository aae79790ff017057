package dev.amesh.converter.tflite;

import com.google.flatbuffers.Table;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A FlatBuffers table whose every read is bounds-checked first, so that a corrupt or truncated file gives a
 * {@link TfliteFormatException} naming the table and field instead of an IndexOutOfBoundsException.
 * Fields are addressed by their schema field id (0-based declaration order; a union takes two ids).
 */
class CheckedTable extends Table {
    private final String what;
    private final int tableSize;

    /** @param what names the table in error messages, e.g. "operator 17" */
    CheckedTable(ByteBuffer buffer, int tablePos, String what) {
        this.what = what;
        int limit = buffer.limit();
        if (tablePos < 0 || tablePos > limit - 4) {
            throw corrupt("table starts at byte " + tablePos + ", outside the " + limit + "-byte buffer");
        }
        long vtable = (long) tablePos - buffer.getInt(tablePos);
        if (vtable < 0 || vtable > limit - 4) {
            throw corrupt("vtable at byte " + vtable + " is outside the " + limit + "-byte buffer");
        }
        int vtableSize = Short.toUnsignedInt(buffer.getShort((int) vtable));
        int objectSize = Short.toUnsignedInt(buffer.getShort((int) vtable + 2));
        // Real vtables are tiny; a size above Short.MAX_VALUE would also break Table's signed arithmetic.
        if (vtableSize < 4 || vtableSize % 2 != 0 || vtableSize > Short.MAX_VALUE || vtable + vtableSize > limit) {
            throw corrupt("vtable at byte " + vtable + " claims an impossible size of " + vtableSize + " bytes");
        }
        if (objectSize < 4 || (long) tablePos + objectSize > limit) {
            throw corrupt("table at byte " + tablePos + " claims " + objectSize + " bytes, past the end of the buffer");
        }
        this.tableSize = objectSize;
        __reset(tablePos, buffer);
    }

    String what() {
        return what;
    }

    TfliteFormatException corrupt(String problem) {
        return new TfliteFormatException(what + ": " + problem);
    }

    boolean has(int fieldId) {
        return rawFieldOffset(fieldId) != 0;
    }

    /** Absolute position of a scalar or offset field holding {@code width} bytes, or -1 if it is absent. */
    private int fieldPos(int fieldId, int width) {
        int o = rawFieldOffset(fieldId);
        if (o == 0) {
            return -1;
        }
        if (o + width > tableSize) {
            throw corrupt("field " + fieldId + " at table offset " + o + " overruns the table's " + tableSize
                    + " bytes");
        }
        return bb_pos + o;
    }

    private int rawFieldOffset(int fieldId) {
        return __offset(4 + 2 * fieldId) & 0xFFFF;
    }

    byte int8(int fieldId, int defaultValue) {
        int p = fieldPos(fieldId, 1);
        return p < 0 ? (byte) defaultValue : bb.get(p);
    }

    int uint8(int fieldId, int defaultValue) {
        int p = fieldPos(fieldId, 1);
        return p < 0 ? defaultValue : Byte.toUnsignedInt(bb.get(p));
    }

    boolean bool(int fieldId, boolean defaultValue) {
        int p = fieldPos(fieldId, 1);
        return p < 0 ? defaultValue : bb.get(p) != 0;
    }

    int int32(int fieldId, int defaultValue) {
        int p = fieldPos(fieldId, 4);
        return p < 0 ? defaultValue : bb.getInt(p);
    }

    long uint32(int fieldId, long defaultValue) {
        int p = fieldPos(fieldId, 4);
        return p < 0 ? defaultValue : Integer.toUnsignedLong(bb.getInt(p));
    }

    /** An unsigned 64-bit field; values beyond Long.MAX_VALUE are reported as corrupt. */
    long uint64(int fieldId, long defaultValue) {
        int p = fieldPos(fieldId, 8);
        if (p < 0) {
            return defaultValue;
        }
        long v = bb.getLong(p);
        if (v < 0) {
            throw corrupt("field " + fieldId + " holds the unsigned 64-bit value " + Long.toUnsignedString(v));
        }
        return v;
    }

    /** Follows the offset stored in a field; -1 if the field is absent. */
    private int target(int fieldId) {
        int p = fieldPos(fieldId, 4);
        return p < 0 ? -1 : follow(p, "field " + fieldId);
    }

    private int follow(int offsetPos, String label) {
        long t = offsetPos + Integer.toUnsignedLong(bb.getInt(offsetPos));
        if (t > bb.limit() - 4L) {
            throw corrupt(label + " points to byte " + t + ", past the end of the " + bb.limit() + "-byte buffer");
        }
        return (int) t;
    }

    /** The sub-table in a field, or null if the field is absent. */
    CheckedTable table(int fieldId, String childWhat) {
        int t = target(fieldId);
        return t < 0 ? null : new CheckedTable(bb, t, childWhat);
    }

    /** Start and element count of a vector field, checked to lie inside the buffer; null if absent. */
    Vec vector(int fieldId, int elementSize) {
        int t = target(fieldId);
        if (t < 0) {
            return null;
        }
        long length = Integer.toUnsignedLong(bb.getInt(t));
        long end = t + 4L + length * elementSize;
        if (end > bb.limit()) {
            throw corrupt("vector in field " + fieldId + " claims " + length + " elements of " + elementSize
                    + " bytes, which run past the end of the " + bb.limit() + "-byte buffer");
        }
        return new Vec(t + 4, (int) length);
    }

    int vectorLength(int fieldId) {
        Vec v = vector(fieldId, 1);
        return v == null ? 0 : v.length();
    }

    /** An int vector field; an absent field reads as an empty array. */
    int[] ints(int fieldId) {
        Vec v = vector(fieldId, 4);
        if (v == null) {
            return new int[0];
        }
        int[] out = new int[v.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bb.getInt(v.start() + 4 * i);
        }
        return out;
    }

    /** A float vector field; an absent field reads as an empty array. */
    float[] floats(int fieldId) {
        Vec v = vector(fieldId, 4);
        if (v == null) {
            return new float[0];
        }
        float[] out = new float[v.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bb.getFloat(v.start() + 4 * i);
        }
        return out;
    }

    /** A [ubyte] field as a read-only little-endian view; an absent field reads as an empty buffer. */
    ByteBuffer bytes(int fieldId) {
        Vec v = vector(fieldId, 1);
        if (v == null) {
            return ByteBuffer.allocate(0).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        return slice(v.start(), v.length());
    }

    ByteBuffer slice(int start, int length) {
        return bb.duplicate().position(start).limit(start + length).slice()
                .asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A string field decoded as UTF-8, or null if absent. */
    String string(int fieldId) {
        Vec v = vector(fieldId, 1);
        if (v == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice(v.start(), v.length())).toString();
        } catch (CharacterCodingException e) {
            throw corrupt("string in field " + fieldId + " is not valid UTF-8");
        }
    }

    /** Element {@code index} of a vector of tables. */
    CheckedTable tableAt(Vec tables, int index, String childWhat) {
        return new CheckedTable(bb, follow(tables.start() + 4 * index, childWhat), childWhat);
    }

    /** Position and element count of a FlatBuffers vector's elements. */
    record Vec(int start, int length) {
    }
}
