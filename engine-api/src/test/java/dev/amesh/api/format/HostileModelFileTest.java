package dev.amesh.api.format;

import static dev.amesh.api.format.SpecFile.float32Bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.amesh.api.graph.Graph;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Forged files with valid checksums: every field that a hostile writer controls. Each must be rejected
 * within a second, with a message naming the problem, and without allocating more than a small budget
 * (measured per thread, so a loader that trusted a count would fail here rather than later).
 */
class HostileModelFileTest {
    private static final long ALLOCATION_BUDGET = 2L << 20;
    private static final int STORAGE_F32 = 1;

    // ---- building blocks of a valid file: x [1,4] input, w [1,4] float32 constant, y = ADD(x, w) ----

    private static SpecFile nameAndNoMetadata() {
        return new SpecFile().str("forged").u32(0);
    }

    private static SpecFile tinyTensors(SpecFile f) {
        return f.u32(3).activation("x", 1, 4).constant("w", STORAGE_F32, float32Bytes(1, 2, 3, 4), 1, 4)
                .activation("y", 1, 4);
    }

    private static SpecFile addNode(SpecFile f, int a, int b, int out) {
        return f.u32(1).str("ADD").u32(2).u32(a).u32(b).u32(1).u32(out).u32(0);
    }

    private static SpecFile inputsAndOutputs(SpecFile f, int in, int out) {
        return f.u32(1).u32(in).u32(1).u32(out);
    }

    private static byte[] valid() {
        return inputsAndOutputs(addNode(tinyTensors(nameAndNoMetadata()), 0, 1, 2), 0, 2).build();
    }

    @Test
    void theBaselineIsValid() throws ModelFormatException {
        Graph g = ModelFile.read(ByteBuffer.wrap(valid()), "forged.amesh");
        assertEquals(3, g.tensors().size());
        assertEquals(4f, g.tensor("w").constantData()[3]);
    }

    // ---- header ----

    @Test
    void newerVersion() {
        byte[] f = valid();
        SpecFile.putHeaderU32(f, 8, 2);
        SpecFile.reseal(f);
        rejects(f, "format version 2", "newer amesh");
    }

    @Test
    void versionZero() {
        byte[] f = valid();
        SpecFile.putHeaderU32(f, 8, 0);
        SpecFile.reseal(f);
        rejects(f, "invalid format version 0");
    }

    @Test
    void unknownFlags() {
        byte[] f = valid();
        SpecFile.putHeaderU32(f, 12, 4);
        SpecFile.reseal(f);
        rejects(f, "unknown header flags 0x4");
    }

    @Test
    void headerChecksumNotRecomputed() {
        byte[] f = valid();
        SpecFile.putHeaderU64(f, 32, SpecFile.headerU64(f, 32) + 1);
        rejects(f, "header checksum mismatch");
    }

    @Test
    void declaredFileLengthLargerThanTheFile() {
        byte[] f = valid();
        SpecFile.putHeaderU64(f, 16, 1L << 40);
        SpecFile.reseal(f);
        rejects(f, "truncated", String.valueOf(1L << 40));
    }

    @Test
    void declaredFileLengthNegative() {
        byte[] f = valid();
        SpecFile.putHeaderU64(f, 16, -1);
        SpecFile.reseal(f);
        rejects(f, "truncated", "18446744073709551615");
    }

    @Test
    void graphSectionAtAnotherOffset() {
        byte[] f = valid();
        SpecFile.putHeaderU64(f, 24, 128);
        SpecFile.reseal(f);
        rejects(f, "graph section offset 128");
    }

    @Test
    void graphSectionLengthPastTheEnd() {
        for (long length : new long[] {1L << 31, -8, Long.MAX_VALUE}) {
            byte[] f = valid();
            SpecFile.putHeaderU64(f, 32, length);
            SpecFile.reseal(f);
            rejects(f, "graph section length", "runs past the end of the file");
        }
    }

    @Test
    void graphSectionLengthShorterThanItsContents() {
        byte[] f = valid();
        long graphLength = SpecFile.headerU64(f, 32);
        SpecFile.putHeaderU64(f, 32, graphLength - 3);
        SpecFile.reseal(f);
        // The weight section offset still follows the old length only when rounding hides the change.
        rejects(f, "forged.amesh: ");
    }

    @Test
    void weightSectionMisplaced() {
        byte[] f = valid();
        SpecFile.putHeaderU64(f, 40, SpecFile.headerU64(f, 40) + 64);
        SpecFile.reseal(f);
        rejects(f, "weight section offset");
        byte[] g = valid();
        SpecFile.putHeaderU64(g, 48, -64);
        SpecFile.reseal(g);
        rejects(g, "does not end at the end of the file");
    }

    // ---- counts, lengths, dimensions ----

    @Test
    void absurdTensorCount() {
        rejects(nameAndNoMetadata().u32(Integer.MAX_VALUE).activation("x", 1).build(),
                "tensor count 2147483647 exceeds the format limit");
        rejects(nameAndNoMetadata().u32(1_000_000).activation("x", 1).build(),
                "tensor count 1000000 is impossible");
        rejects(nameAndNoMetadata().u32(0xffff_ffffL).build(), "tensor count 4294967295");
    }

    @Test
    void absurdNodeCount() {
        rejects(tinyTensors(nameAndNoMetadata()).u32(Integer.MAX_VALUE).build(), "node count 2147483647");
        rejects(tinyTensors(nameAndNoMetadata()).u32(100_000).build(), "node count 100000 is impossible");
    }

    @Test
    void absurdMetadataCount() {
        rejects(new SpecFile().str("g").u32(60_000).str("k").str("v").build(), "metadata entry count 60000 is impossible");
    }

    @Test
    void absurdOperandAndAttributeCounts() {
        rejects(tinyTensors(nameAndNoMetadata()).u32(1).str("ADD").u32(0x7fff_ffff).rawBytes(new byte[16]).build(),
                "node 0 (ADD)", "input count 2147483647");
        rejects(tinyTensors(nameAndNoMetadata()).u32(1).str("ADD").u32(2).u32(0).u32(1).u32(60_000).build(),
                "output count 60000 is impossible");
        rejects(tinyTensors(nameAndNoMetadata()).u32(1).str("ADD").u32(2).u32(0).u32(1).u32(1).u32(2)
                .u32(0xffff_fff0L).build(), "attribute count 4294967280");
        rejects(addNode(tinyTensors(nameAndNoMetadata()), 0, 1, 2).u32(Integer.MAX_VALUE).build(),
                "model input count 2147483647");
    }

    @Test
    void absurdArrayAttributeLength() {
        rejects(tinyTensors(nameAndNoMetadata()).u32(1).str("RESHAPE").u32(1).u32(0).u32(1).u32(2)
                .u32(1).str("new_shape").u8(4).u32(Integer.MAX_VALUE).u32(1).build(),
                "attribute 'new_shape' element count 2147483647");
        rejects(tinyTensors(nameAndNoMetadata()).u32(1).str("MUL").u32(1).u32(0).u32(1).u32(2)
                .u32(1).str("scale").u8(5).u32(1 << 20).f32(1).build(),
                "attribute 'scale' element count 1048576 is impossible");
    }

    @Test
    void hugeDimension() {
        rejects(nameAndNoMetadata().u32(1).activation("big", 1, 1 << 30).build(),
                "tensor 0 'big'", "dimension 1 is 1073741824");
        rejects(nameAndNoMetadata().u32(1).activation("neg", 1, -5).build(),
                "tensor 0 'neg'", "dimension 1 is 4294967291");
    }

    @Test
    void dimensionsWhoseProductIsHuge() {
        rejects(nameAndNoMetadata().u32(1).activation("wide", 1 << 14, 1 << 14, 16).build(),
                "tensor 0 'wide'", "more than 268435456 elements");
        rejects(nameAndNoMetadata().u32(1).activation("wider", 65536, 65536, 65536, 65536, 65536, 65536).build(),
                "tensor 0 'wider'", "more than 268435456 elements");
    }

    @Test
    void absurdRank() {
        SpecFile f = nameAndNoMetadata().u32(1).str("deep").u8(0).u8(200).u16(0);
        rejects(f.build(), "tensor 0 'deep'", "rank 200 exceeds the format limit of 8");
    }

    @Test
    void stringLengthsBeyondAnyLimit() {
        rejects(new SpecFile().u32(1L << 31).build(), "graph name length 2147483648 exceeds the format limit");
        rejects(new SpecFile().u32(0xffff_fffbL).build(), "graph name length 4294967291");
        rejects(nameAndNoMetadata().u32(1).u32(Integer.MAX_VALUE).rawBytes(new byte[16]).build(),
                "tensor 0", "name length 2147483647");
    }

    @Test
    void stringRunningPastTheGraphSection() {
        rejects(new SpecFile().u32(1000).rawBytes(new byte[10]).build(), "graph name at offset 68 needs 1000 bytes",
                "graph section ends");
    }

    @Test
    void invalidUtf8() {
        byte[][] malformed = {
            {(byte) 0xc3, 0x28}, // truncated two-byte sequence
            {(byte) 0xc0, (byte) 0xaf}, // overlong '/'
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // encoded surrogate U+D800
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
        };
        for (byte[] name : malformed) {
            rejects(new SpecFile().u32(name.length).rawBytes(name).build(), "graph name is not valid UTF-8");
        }
    }

    // ---- weights ----

    private static byte[] withConstantAt(long relativeOffset, long byteLength, byte[] weightSection) {
        SpecFile f = nameAndNoMetadata().u32(3).activation("x", 1, 4)
                .constantAt("w", STORAGE_F32, relativeOffset, byteLength, 1, 4).activation("y", 1, 4);
        return inputsAndOutputs(addNode(f, 0, 1, 2), 0, 2).rawWeightSection(weightSection).build();
    }

    @Test
    void forgedPlacementIsCheckedBeforeTheWeightsAreRead() throws ModelFormatException {
        // A correct hand-placed constant is accepted, so the rejections below are about the forged fields.
        Graph g = ModelFile.read(ByteBuffer.wrap(withConstantAt(0, 16, float32Bytes(5, 6, 7, 8))), "forged.amesh");
        assertEquals(8f, g.tensor("w").constantData()[3]);
    }

    @Test
    void weightOffsetPastTheEnd() {
        rejects(withConstantAt(1L << 40, 16, new byte[64]), "tensor 1 'w' weight offset", "+ 16 bytes runs past the end of the file");
        rejects(withConstantAt(64, 16, new byte[64]), "tensor 1 'w' weight offset", "runs past the end of the file");
        rejects(withConstantAt(48 - (1L << 62) * 2, 16, new byte[64]), "runs past the end of the file");
    }

    @Test
    void weightOffsetMisaligned() {
        rejects(withConstantAt(4, 16, new byte[64]), "tensor 1 'w' weight offset", "is not 64-byte aligned");
    }

    @Test
    void weightOffsetBeforeTheWeightSection() {
        rejects(withConstantAt(-64, 16, new byte[64]), "lies before the weight section");
    }

    @Test
    void weightByteLengthNotMatchingTheShape() {
        rejects(withConstantAt(0, 12, new byte[64]), "weight byte length 12 does not match its shape [1,4] of float32 (16 bytes)");
        rejects(withConstantAt(0, -1, new byte[64]), "weight byte length 18446744073709551615");
    }

    @Test
    void overlappingConstants() {
        SpecFile f = nameAndNoMetadata().u32(3)
                .constantAt("a", STORAGE_F32, 0, 16, 4)
                .constantAt("b", STORAGE_F32, 0, 16, 4)
                .activation("y", 4);
        rejects(addNode(f, 0, 1, 2).u32(0).u32(1).u32(2).rawWeightSection(new byte[64]).build(),
                "tensor 1 'b'", "overlaps the weights of tensor 0");
    }

    // ---- graph structure ----

    @Test
    void nodeReadingATensorDefinedLater() {
        SpecFile f = nameAndNoMetadata().u32(3).activation("x", 4).activation("y", 4).activation("z", 4)
                .u32(2)
                .str("ADD").u32(2).u32(0).u32(2).u32(1).u32(1).u32(0)
                .str("RELU").u32(1).u32(0).u32(1).u32(2).u32(0);
        rejects(f.u32(1).u32(0).u32(1).u32(1).build(), "invalid graph", "node 0 (ADD) reads #2 'z'",
                "before anything writes it");
    }

    @Test
    void cycle() {
        SpecFile f = nameAndNoMetadata().u32(2).activation("a", 4).activation("b", 4)
                .u32(2)
                .str("RELU").u32(1).u32(1).u32(1).u32(0).u32(0)
                .str("RELU").u32(1).u32(0).u32(1).u32(1).u32(0);
        rejects(f.u32(0).u32(1).u32(1).build(), "invalid graph", "before anything writes it");
    }

    @Test
    void tensorIdOutOfRange() {
        rejects(inputsAndOutputs(addNode(tinyTensors(nameAndNoMetadata()), 0, 7, 2), 0, 2).build(),
                "node 0 (ADD)", "input 1 refers to tensor 7 but the graph has 3 tensors");
        rejects(inputsAndOutputs(addNode(tinyTensors(nameAndNoMetadata()), 0, 1, 2), 0, -1).build(),
                "model output 0 refers to tensor 4294967295");
    }

    @Test
    void outputNeverComputed() {
        SpecFile f = tinyTensors(nameAndNoMetadata()).u32(0);
        rejects(inputsAndOutputs(f, 0, 2).build(), "invalid graph", "never computed");
    }

    @Test
    void unknownOp() {
        rejects(inputsAndOutputs(tinyTensors(nameAndNoMetadata()).u32(1).str("CONV_3D").u32(1).u32(0).u32(1).u32(2)
                .u32(0), 0, 2).build(), "node 0", "unknown op 'CONV_3D'");
    }

    @Test
    void unknownStorageAndReservedBits() {
        rejects(nameAndNoMetadata().u32(1).str("t").u8(7).u8(1).u16(0).u32(1).build(), "unknown storage code 7");
        rejects(nameAndNoMetadata().u32(1).str("t").u8(0).u8(1).u16(1).u32(1).build(), "reserved field is 1");
    }

    @Test
    void unknownAttributeTag() {
        rejects(tinyTensors(nameAndNoMetadata()).u32(1).str("ADD").u32(2).u32(0).u32(1).u32(1).u32(2)
                .u32(1).str("activation").u8(9).u32(0).build(), "attribute 'activation' has unknown type tag 9");
    }

    @Test
    void duplicateKeys() {
        rejects(tinyTensors(nameAndNoMetadata()).u32(1).str("ADD").u32(2).u32(0).u32(1).u32(1).u32(2)
                .u32(2).str("k").u8(1).u32(1).str("k").u8(1).u32(2).build(), "duplicate attribute 'k'");
        rejects(new SpecFile().str("g").u32(2).str("k").str("1").str("k").str("2").u32(0).u32(0).u32(0).u32(0)
                .build(), "duplicate metadata key 'k'");
    }

    @Test
    void bytesLeftOverInTheGraphSection() {
        byte[] f = inputsAndOutputs(addNode(tinyTensors(nameAndNoMetadata()), 0, 1, 2), 0, 2).u32(0).build();
        rejects(f, "graph section has 4 unread bytes");
    }

    /** Reads {@code file}, expecting a fast, cheap rejection whose message contains every fragment. */
    private static void rejects(byte[] file, String... fragments) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] allocated = new long[1];
        ModelFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            long before = threads.getCurrentThreadAllocatedBytes();
            try {
                ModelFile.read(ByteBuffer.wrap(file), "forged.amesh");
            } catch (ModelFormatException expected) {
                allocated[0] = threads.getCurrentThreadAllocatedBytes() - before;
                return expected;
            }
            return fail("forged file was accepted; expected an error containing " + String.join(" / ", fragments));
        });
        String message = e.getMessage();
        assertTrue(message.startsWith("forged.amesh: "), message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "expected '" + fragment + "' in: " + message);
        }
        if (threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            assertTrue(allocated[0] < ALLOCATION_BUDGET,
                    "rejecting a " + file.length + "-byte file allocated " + allocated[0] + " bytes: " + message);
        }
    }
}
