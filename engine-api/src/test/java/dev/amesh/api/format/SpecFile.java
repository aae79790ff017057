package dev.amesh.api.format;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A second, deliberately naive encoder written from docs/format.md alone (it shares no code with
 * {@link ModelFileWriter}). Tests use it to check that the writer follows the spec and to forge files
 * with arbitrary field values but valid checksums.
 */
final class SpecFile {
    private final ByteArrayOutputStream graph = new ByteArrayOutputStream();
    private final List<Integer> weightOffsetFields = new ArrayList<>();
    private final List<byte[]> weights = new ArrayList<>();
    private final List<long[]> relativeOffsetFields = new ArrayList<>();
    private byte[] rawWeightSection;

    SpecFile u8(int v) {
        graph.write(v);
        return this;
    }

    SpecFile u16(int v) {
        return u8(v & 0xff).u8((v >>> 8) & 0xff);
    }

    SpecFile u32(long v) {
        return u16((int) (v & 0xffff)).u16((int) ((v >>> 16) & 0xffff));
    }

    SpecFile u64(long v) {
        return u32(v & 0xffffffffL).u32(v >>> 32);
    }

    SpecFile f32(float v) {
        return u32(Float.floatToRawIntBits(v) & 0xffffffffL);
    }

    /** u32 byte length, then the UTF-8 bytes. */
    SpecFile str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u32(b.length);
        graph.writeBytes(b);
        return this;
    }

    /** A length field that need not match what follows. */
    SpecFile rawBytes(byte[] b) {
        graph.writeBytes(b);
        return this;
    }

    /** Activation tensor record: name, storage 0, rank, reserved, dims. */
    SpecFile activation(String name, int... dims) {
        str(name).u8(0).u8(dims.length).u16(0);
        for (int d : dims) {
            u32(d);
        }
        return this;
    }

    /**
     * Constant tensor record whose weight offset is filled in by {@link #build()}: the data goes into
     * the weight section at the next 64-byte boundary, in call order.
     */
    SpecFile constant(String name, int storage, byte[] data, int... dims) {
        str(name).u8(storage).u8(dims.length).u16(0);
        for (int d : dims) {
            u32(d);
        }
        weightOffsetFields.add(graph.size());
        weights.add(data);
        return u64(0).u64(data.length);
    }

    /**
     * Constant tensor record with a forged placement: the offset written is the weight section's start
     * plus {@code relativeOffset}; the byte length is written as given. Use with {@link #rawWeightSection}.
     */
    SpecFile constantAt(String name, int storage, long relativeOffset, long byteLength, int... dims) {
        str(name).u8(storage).u8(dims.length).u16(0);
        for (int d : dims) {
            u32(d);
        }
        relativeOffsetFields.add(new long[] {graph.size(), relativeOffset});
        return u64(0).u64(byteLength);
    }

    /** The weight section's exact contents, instead of the data of {@link #constant} records. */
    SpecFile rawWeightSection(byte[] bytes) {
        rawWeightSection = bytes;
        return this;
    }

    /** Header, graph section, padding, weight section; both checksums valid. */
    byte[] build() {
        byte[] g = graph.toByteArray();
        long weightsOffset = roundUp(64 + g.length);
        long end = weightsOffset;
        long[] offsets = new long[weights.size()];
        for (int i = 0; i < weights.size(); i++) {
            offsets[i] = roundUp(end);
            end = offsets[i] + weights.get(i).length;
        }
        if (rawWeightSection != null) {
            end += rawWeightSection.length;
        }
        ByteBuffer file = ByteBuffer.allocate((int) end).order(ByteOrder.LITTLE_ENDIAN);
        file.put(0, "AMESHNN\0".getBytes(StandardCharsets.US_ASCII));
        file.putInt(8, 1);
        file.putInt(12, 0);
        file.putLong(16, end);
        file.putLong(24, 64);
        file.putLong(32, g.length);
        file.putLong(40, weightsOffset);
        file.putLong(48, end - weightsOffset);
        file.put(64, g);
        for (int i = 0; i < weights.size(); i++) {
            file.putLong(64 + weightOffsetFields.get(i), offsets[i]);
            file.put((int) offsets[i], weights.get(i));
        }
        for (long[] field : relativeOffsetFields) {
            file.putLong(64 + (int) field[0], weightsOffset + field[1]);
        }
        if (rawWeightSection != null) {
            file.put((int) (end - rawWeightSection.length), rawWeightSection);
        }
        byte[] bytes = file.array();
        reseal(bytes);
        return bytes;
    }

    /** Recomputes the body checksum (bytes 64..end) and then the header checksum (bytes 0..59). */
    static void reseal(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length >= 64) {
            CRC32C body = new CRC32C();
            body.update(file, 64, file.length - 64);
            b.putInt(56, (int) body.getValue());
            CRC32C header = new CRC32C();
            header.update(file, 0, 60);
            b.putInt(60, (int) header.getValue());
        }
    }

    static long headerU64(byte[] file, int offset) {
        return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }

    static void putHeaderU64(byte[] file, int offset, long value) {
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, value);
    }

    static void putHeaderU32(byte[] file, int offset, int value) {
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
    }

    static byte[] float32Bytes(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static byte[] float16Bytes(int... halfBits) {
        ByteBuffer b = ByteBuffer.allocate(halfBits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int h : halfBits) {
            b.putShort((short) h);
        }
        return b.array();
    }

    private static long roundUp(long offset) {
        return (offset + 63) / 64 * 64;
    }
}
