package dev.amesh.api.format;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated files, flipped bytes and random mutations: always a ModelFormatException, never anything else. */
class CorruptModelFileTest {
    private static final long SEED = 0x5eed_a3e5L;
    private static final byte[] MODEL = ModelFile.toBytes(SampleGraphs.everything());

    @TempDir
    Path dir;

    @Test
    void truncationAtEverySectionBoundaryAndRandomPoints() throws IOException {
        long graphEnd = 64 + SpecFile.headerU64(MODEL, 32);
        long weights = SpecFile.headerU64(MODEL, 40);
        TreeSet<Long> cuts = new TreeSet<>(Arrays.asList(0L, 1L, 7L, 8L, 9L, 63L, 64L, 65L, graphEnd - 1, graphEnd,
                graphEnd + 1, weights - 1, weights, weights + 1, (long) MODEL.length - 1));
        Random random = new Random(SEED);
        while (cuts.size() < 15 + 50) {
            cuts.add((long) random.nextInt(MODEL.length));
        }
        for (long cut : cuts) {
            byte[] truncated = Arrays.copyOf(MODEL, (int) cut);
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> ModelFile.read(ByteBuffer.wrap(truncated), "cut.amesh"), "cut at " + cut);
            assertTrue(e.getMessage().startsWith("cut.amesh: ")
                    && (e.getMessage().contains("truncated") || e.getMessage().contains("empty file")),
                    "cut at " + cut + ": " + e.getMessage());
        }
    }

    @Test
    void truncatedFilesOnDiskAreRejectedByLoad() throws IOException {
        long weights = SpecFile.headerU64(MODEL, 40);
        for (long cut : new long[] {0, 5, 63, 64, weights, MODEL.length - 1}) {
            Path file = dir.resolve("cut-" + cut + ".amesh");
            Files.write(file, Arrays.copyOf(MODEL, (int) cut));
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] longer = Arrays.copyOf(MODEL, MODEL.length + 3);
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFile.read(ByteBuffer.wrap(longer), "long.amesh"));
        assertTrue(e.getMessage().contains("3 unexpected bytes"), e.getMessage());
    }

    @Test
    void everyFlippedBitIsCaught() {
        for (int position = 0; position < MODEL.length; position++) {
            for (int mask : new int[] {1 << (position % 8), 0xff}) {
                byte[] corrupt = MODEL.clone();
                corrupt[position] ^= (byte) mask;
                String what = "byte " + position + " xor 0x" + Integer.toHexString(mask);
                ModelFormatException e = expectFormatError(corrupt, what);
                if (position >= 64) {
                    assertTrue(e.getMessage().contains("checksum mismatch"), what + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * Random mutations with the checksums recomputed, so that the parser itself sees hostile values:
     * the file either still decodes to a valid Graph or is rejected with a ModelFormatException.
     */
    @Test
    void resealedRandomMutationsNeverEscapeAsOtherExceptions() {
        Random random = new Random(SEED);
        long graphEnd = 64 + SpecFile.headerU64(MODEL, 32);
        for (int iteration = 0; iteration < 3000; iteration++) {
            byte[] mutated = MODEL.clone();
            int edits = 1 + random.nextInt(4);
            for (int k = 0; k < edits; k++) {
                // Mostly the graph section, where the structure is; sometimes the header's length fields or weights.
                int position = random.nextInt(10) < 8 ? 64 + random.nextInt((int) graphEnd - 64)
                        : random.nextBoolean() ? 16 + random.nextInt(40) : random.nextInt(mutated.length);
                mutated[position] = random.nextInt(4) == 0 ? (byte) 0xff : (byte) random.nextInt(256);
            }
            SpecFile.reseal(mutated);
            try {
                ModelFile.read(ByteBuffer.wrap(mutated), "mutant.amesh");
            } catch (ModelFormatException e) {
                assertTrue(e.getMessage().startsWith("mutant.amesh: "), e.getMessage());
            } catch (RuntimeException | Error e) {
                throw new AssertionError("seed " + SEED + " iteration " + iteration + ": " + e, e);
            }
        }
    }

    private static ModelFormatException expectFormatError(byte[] file, String what) {
        try {
            ModelFile.read(ByteBuffer.wrap(file), "flipped.amesh");
        } catch (ModelFormatException e) {
            return e;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + ": " + e, e);
        }
        return fail(what + ": accepted");
    }
}
