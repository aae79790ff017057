package dev.amesh.api.format;

import java.util.Arrays;

/** A growable little-endian byte array, written sequentially and patched in place. */
final class LittleEndianSink {
    private byte[] bytes = new byte[4096];
    private int size;

    int size() {
        return size;
    }

    void u8(int v) {
        ensure(1);
        bytes[size++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        bytes[size++] = (byte) v;
        bytes[size++] = (byte) (v >>> 8);
    }

    void u32(int v) {
        ensure(4);
        putU32(size, v);
        size += 4;
    }

    void u64(long v) {
        ensure(8);
        putU64(size, v);
        size += 8;
    }

    void f32(float v) {
        u32(Float.floatToRawIntBits(v));
    }

    void raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    /** Appends zero bytes up to {@code offset}. */
    void padTo(long offset) {
        if (offset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("model needs " + offset + " bytes; .amesh files are limited to 2 GiB");
        }
        int n = (int) offset - size;
        ensure(n);
        size += n; // the array is zero-filled beyond size
    }

    void putU32(int at, int v) {
        bytes[at] = (byte) v;
        bytes[at + 1] = (byte) (v >>> 8);
        bytes[at + 2] = (byte) (v >>> 16);
        bytes[at + 3] = (byte) (v >>> 24);
    }

    void putU64(int at, long v) {
        putU32(at, (int) v);
        putU32(at + 4, (int) (v >>> 32));
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int n) {
        long needed = (long) size + n;
        if (needed > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("model needs more than 2 GiB; .amesh files are limited to 2 GiB");
        }
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16L, 2L * bytes.length)));
        }
    }
}
