package dev.amesh.converter.tflite;

/**
 * An operator's builtin options table (one member of schema.fbs's BuiltinOptions union), read by field id.
 * Every read is bounds-checked; an absent field gives the schema default the caller passes.
 */
public final class TfliteOptions {
    private final int unionType;
    private final CheckedTable table;

    TfliteOptions(int unionType, CheckedTable table) {
        this.unionType = unionType;
        this.table = table;
    }

    /** The BuiltinOptions union type code (1 = Conv2DOptions, 2 = DepthwiseConv2DOptions, ...). */
    public int unionType() {
        return unionType;
    }

    public boolean has(int fieldId) {
        return table.has(fieldId);
    }

    public int getByte(int fieldId, int defaultValue) {
        return table.int8(fieldId, defaultValue);
    }

    public boolean getBool(int fieldId, boolean defaultValue) {
        return table.bool(fieldId, defaultValue);
    }

    public int getInt(int fieldId, int defaultValue) {
        return table.int32(fieldId, defaultValue);
    }

    /** An [int] field; absent reads as an empty array. */
    public int[] getInts(int fieldId) {
        return table.ints(fieldId);
    }
}
