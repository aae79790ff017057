package dev.amesh.converter.tflite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files give a ConversionException (usually its subclass TfliteFormatException) that names the
 * problem; no other exception type may escape, and nothing may hang or allocate without bound.
 */
class CorruptInputTest {
    private static final long SEED = 20261125L;

    private static byte[] detector() throws IOException {
        return Files.readAllBytes(TestModels.model(TestModels.DETECTOR));
    }

    private static TfliteFormatException formatError(byte[] bytes) {
        return assertThrows(TfliteFormatException.class,
                () -> TfliteConverter.convert(ByteBuffer.wrap(bytes), "damaged.tflite"));
    }

    /** Converts, accepting success or a ConversionException; anything else fails the test with the case. */
    private static void convertsOrFailsCleanly(byte[] bytes, String what) {
        try {
            TfliteConverter.convert(ByteBuffer.wrap(bytes), "damaged.tflite");
        } catch (ConversionException e) {
            assertTrue(e.getMessage() != null && e.getMessage().startsWith("damaged.tflite: "),
                    what + ": message should name the file: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + ": " + e.getClass().getName() + " escaped: " + e.getMessage(), e);
        }
    }

    @Test
    void tooShortFiles() {
        assertTrue(formatError(new byte[0]).getMessage().contains("too short"));
        assertTrue(formatError(new byte[7]).getMessage().contains("too short"));
    }

    @Test
    void wrongIdentifier() throws IOException {
        byte[] bytes = detector();
        bytes[4] = 'X';
        TfliteFormatException e = formatError(bytes);
        assertTrue(e.getMessage().contains("identifier"), e.getMessage());
        assertTrue(e.getMessage().contains("'XFL3'") && e.getMessage().contains("'TFL3'"), e.getMessage());
        assertTrue(e.getMessage().startsWith("damaged.tflite: "), e.getMessage());
    }

    @Test
    void rootOffsetPastTheEnd() throws IOException {
        byte[] bytes = detector();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, bytes.length + 100);
        TfliteFormatException e = formatError(bytes);
        assertTrue(e.getMessage().contains("root table offset"), e.getMessage());
    }

    @Test
    void truncatedFiles() throws IOException {
        byte[] bytes = detector();
        int n = bytes.length;
        for (int length : new int[] {8, 12, 64, 1000, n / 4, n / 2, 3 * n / 4, n - 1000}) {
            TfliteFormatException e = formatError(Arrays.copyOf(bytes, length));
            assertTrue(e.getMessage().contains("past the end") || e.getMessage().contains("outside"),
                    "length " + length + ": " + e.getMessage());
        }
    }

    @Test
    void everyTruncationFailsCleanly() throws IOException {
        byte[] bytes = detector();
        // every length in the first 2 KB, then a stride through the rest
        for (int length = 0; length < bytes.length; length += length < 2048 ? 1 : 997) {
            convertsOrFailsCleanly(Arrays.copyOf(bytes, length), "truncated to " + length + " bytes");
        }
    }

    /** Every 4-byte word of the first 2 KB (root, model table, buffer offsets) overwritten with bad offsets. */
    @Test
    void corruptOffsets() throws IOException {
        byte[] original = detector();
        int[] poison = {0x7FFFFFF0, 0xFFFFFFFF, original.length - 2};
        for (int pos = 0; pos + 4 <= 2048; pos += 4) {
            for (int value : poison) {
                byte[] bytes = original.clone();
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(pos, value);
                convertsOrFailsCleanly(bytes, "word at " + pos + " set to 0x" + Integer.toHexString(value));
            }
        }
    }

    @Test
    void flippedBytes() throws IOException {
        byte[] original = detector();
        Random random = new Random(SEED);
        for (int i = 0; i < 1500; i++) {
            // half the flips in the first 4 KB, the rest anywhere
            int pos = i % 2 == 0 ? random.nextInt(4096) : random.nextInt(original.length);
            int mask = 1 + random.nextInt(255);
            byte[] bytes = original.clone();
            bytes[pos] ^= (byte) mask;
            convertsOrFailsCleanly(bytes, "seed " + SEED + ", flip " + i + ": byte " + pos + " ^ 0x"
                    + Integer.toHexString(mask));
        }
    }

    @Test
    void flippedBytesInTheStructureOfTheTail() throws IOException {
        // the tail of a TFLite file holds the subgraph, tensor and operator tables
        byte[] original = detector();
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 1000; i++) {
            int pos = original.length - 1 - random.nextInt(Math.min(original.length, 24576));
            byte[] bytes = original.clone();
            bytes[pos] ^= (byte) (1 + random.nextInt(255));
            convertsOrFailsCleanly(bytes, "seed " + (SEED + 1) + ", flip " + i + " at byte " + pos);
        }
    }

    @Test
    void bufferPositionAndLimitAreRespected() throws IOException {
        byte[] bytes = detector();
        byte[] padded = new byte[bytes.length + 32];
        System.arraycopy(bytes, 0, padded, 16, bytes.length);
        ByteBuffer window = ByteBuffer.wrap(padded, 16, bytes.length);
        Conversion c = TfliteConverter.convert(window, TestModels.DETECTOR);
        assertEquals(164, c.report().tfliteOpCount());
        assertEquals(16, window.position(), "the caller's buffer is not moved");
        assertEquals(c.graph().metadata().get(TfliteConverter.META_SOURCE_SHA256),
                TfliteConverter.convert(ByteBuffer.wrap(bytes), TestModels.DETECTOR).graph().metadata()
                        .get(TfliteConverter.META_SOURCE_SHA256));
    }

    @Test
    void missingFileIsAnIoException(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> TfliteConverter.convert(dir.resolve("nope.tflite")));
    }
}
