package dev.amesh.api.tensor;

/** Element types that appear in a graph. Every activation is {@link #FLOAT32} at run time. */
public enum DType {
    FLOAT32(4),
    /** IEEE binary16; only used for stored weights, widened to FLOAT32 when loaded. */
    FLOAT16(2),
    INT32(4);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    public int byteSize() {
        return byteSize;
    }
}
