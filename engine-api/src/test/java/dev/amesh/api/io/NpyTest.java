package dev.amesh.api.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    /** A v1.0 file built by hand the way numpy.save lays it out: header padded with spaces to 64 bytes. */
    private static byte[] npyV1(String dict, byte[] data) {
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(total - unpadded) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] littleEndian(int bytesPerValue, double... values) {
        ByteBuffer b = ByteBuffer.allocate(bytesPerValue * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (bytesPerValue) {
                case 4 -> b.putFloat((float) v);
                case 8 -> b.putDouble(v);
                default -> throw new IllegalArgumentException();
            }
        }
        return b.array();
    }

    @Test
    void readsFloat32InCOrder() throws IOException {
        byte[] file = npyV1("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                littleEndian(4, 1, 2, 3, 4, 5, -6.5));
        assertEquals(128, file.length - 24, "header is padded to a multiple of 64 bytes");
        Tensor t = Npy.read(file, "x");
        assertEquals(Shape.of(2, 3), t.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, -6.5f}, t.toArray());
        assertEquals(-6.5f, t.at(1, 2));
    }

    @Test
    void readsDoubleAndIntegersAsFloat() throws IOException {
        Tensor d = Npy.read(npyV1("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
                littleEndian(8, 0.25, 1e10, -3)), "d");
        assertArrayEquals(new float[] {0.25f, 1e10f, -3f}, d.toArray());

        ByteBuffer i4 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-7).putInt(123456);
        Tensor i = Npy.read(npyV1("{'descr': '<i4', 'fortran_order': False, 'shape': (1, 2), }", i4.array()), "i");
        assertArrayEquals(new float[] {-7f, 123456f}, i.toArray());

        ByteBuffer i8 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(5L).putLong(-1L << 40);
        Tensor l = Npy.read(npyV1("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", i8.array()), "l");
        assertArrayEquals(new float[] {5f, (float) (-1L << 40)}, l.toArray());
    }

    @Test
    void readsScalarAndKeyOrderVariants() throws IOException {
        Tensor s = Npy.read(npyV1("{'shape': (), 'fortran_order': False, 'descr': '<f4'}", littleEndian(4, 42)), "s");
        assertEquals(0, s.shape().rank());
        assertEquals(42f, s.get(0));
    }

    @Test
    void writesWhatNumpyWrites() {
        byte[] bytes = Npy.toBytes(Tensor.of(new float[] {1.5f, -2f, 3f}, 1, 3));
        String expectedDict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3), }";
        assertEquals(128 + 12, bytes.length);
        assertEquals((byte) 0x93, bytes[0]);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.ISO_8859_1));
        assertEquals(1, bytes[6]);
        assertEquals(0, bytes[7]);
        assertEquals(118, (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8, "128 - 10 bytes of header text");
        String text = new String(bytes, 10, 118, StandardCharsets.ISO_8859_1);
        assertEquals(expectedDict + " ".repeat(118 - 1 - expectedDict.length()) + "\n", text);
        assertArrayEquals(littleEndian(4, 1.5, -2, 3), Arrays.copyOfRange(bytes, 128, bytes.length));
    }

    @Test
    void oneDimensionalShapeKeepsPythonTupleComma() throws IOException {
        byte[] bytes = Npy.toBytes(Tensor.of(new float[] {7f}, 1));
        String text = new String(bytes, 10, bytes.length - 14, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("'shape': (1,)"), text);
    }

    @Test
    void writeThenReadRoundTrips(@TempDir Path dir) throws IOException {
        float[] values = new float[2 * 5 * 7];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i) * 1000;
        }
        // A view at an offset: only the window is written.
        float[] backing = new float[values.length + 3];
        System.arraycopy(values, 0, backing, 3, values.length);
        Path file = dir.resolve("landmarks.npy");
        Npy.write(file, new Tensor("t", Shape.of(2, 5, 7), backing, 3));
        Tensor back = Npy.read(file);
        assertEquals("landmarks", back.name());
        assertEquals(Shape.of(2, 5, 7), back.shape());
        assertArrayEquals(values, back.toArray());
        assertEquals(0, (Files.size(file) - values.length * 4L) % 64);
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file left behind");
        }
    }

    @Test
    void rejectsFortranOrder() {
        byte[] file = npyV1("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 1), }", littleEndian(4, 1, 2));
        IOException e = assertThrows(IOException.class, () -> Npy.read(file, "f"));
        assertTrue(e.getMessage().contains("Fortran"), e.getMessage());
    }

    @Test
    void rejectsBigEndian() {
        byte[] file = npyV1("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        IOException e = assertThrows(IOException.class, () -> Npy.read(file, "b"));
        assertTrue(e.getMessage().contains("big-endian"), e.getMessage());
    }

    @Test
    void rejectsUnsupportedType() {
        byte[] file = npyV1("{'descr': '|u1', 'fortran_order': False, 'shape': (4,), }", new byte[4]);
        IOException e = assertThrows(IOException.class, () -> Npy.read(file, "u"));
        assertTrue(e.getMessage().contains("'|u1'"), e.getMessage());
    }

    @Test
    void rejectsDataShorterOrLongerThanShape() {
        byte[] shortFile = npyV1("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 192, 192, 3), }",
                new byte[400]);
        IOException e = assertThrows(IOException.class, () -> Npy.read(shortFile, "s"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        byte[] longFile = npyV1("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new byte[12]);
        assertThrows(IOException.class, () -> Npy.read(longFile, "l"));
    }

    @Test
    void rejectsHugeShapeWithoutAllocating() {
        byte[] file = npyV1("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 100000), }",
                new byte[16]);
        IOException e = assertThrows(IOException.class, () -> Npy.read(file, "h"));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
    }

    @Test
    void rejectsHeaderLengthBeyondFile() {
        byte[] file = npyV1("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", littleEndian(4, 1));
        file[8] = (byte) 0xff;
        file[9] = (byte) 0x7f;
        IOException e = assertThrows(IOException.class, () -> Npy.read(file, "x"));
        assertTrue(e.getMessage().contains("header length"), e.getMessage());
    }

    @Test
    void rejectsMissingMagicAndMalformedHeader() {
        assertThrows(IOException.class, () -> Npy.read(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, "m"));
        byte[] broken = npyV1("{'descr': '<f4', 'fortran_order': Nope, 'shape': (1,), }", littleEndian(4, 1));
        IOException e = assertThrows(IOException.class, () -> Npy.read(broken, "b"));
        assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    }

    @Test
    void readsFromPathWithClearErrorNamingTheFile(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.npy");
        Files.write(bad, npyV1("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", new byte[4]));
        IOException e = assertThrows(IOException.class, () -> Npy.read(bad));
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    }
}
