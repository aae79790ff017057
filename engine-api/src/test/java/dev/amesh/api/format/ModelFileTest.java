package dev.amesh.api.format;

import static dev.amesh.api.format.SampleGraphs.assertSameGraph;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.DType;
import dev.amesh.api.tensor.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryFieldExactly() throws IOException {
        Graph g = SampleGraphs.everything();
        Graph back = ModelFile.read(ByteBuffer.wrap(ModelFile.toBytes(g)), "sample");
        assertSameGraph(g, back);
    }

    @Test
    void roundTripsThroughAFile() throws IOException {
        Graph g = SampleGraphs.everything();
        Path file = dir.resolve("sample" + ModelFile.EXTENSION);
        ModelFile.write(g, file);
        assertSameGraph(g, ModelFile.load(file));
        assertArrayEquals(ModelFile.toBytes(g), Files.readAllBytes(file));
    }

    @Test
    void aGraphWithNoNodesNoConstantsAndNoNameRoundTrips() throws IOException {
        Graph g = new Graph(null, List.of(TensorInfo.activation(0, "only", Shape.of(3))), List.of(),
                new int[] {0}, new int[] {0}, null);
        assertSameGraph(g, ModelFile.read(ByteBuffer.wrap(ModelFile.toBytes(g)), "empty"));
    }

    @Test
    void megabytesOfWeightsRoundTripThroughTheMappedFile() throws IOException {
        int n = 1 << 20;
        float[] halves = new float[n];
        float[] singles = new float[n];
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < n; i++) {
            halves[i] = Half.toFloat(random.nextInt(0x7c00) | (random.nextBoolean() ? 0x8000 : 0));
            singles[i] = (float) random.nextGaussian();
        }
        Graph g = new Graph("big", List.of(
                TensorInfo.activation(0, "x", Shape.of(1024, 1024)),
                TensorInfo.constant(1, "h", Shape.of(1024, 1024), halves, DType.FLOAT16),
                TensorInfo.constant(2, "s", Shape.of(1024, 1024), singles, DType.FLOAT32),
                TensorInfo.activation(3, "y", Shape.of(1024, 1024)),
                TensorInfo.activation(4, "z", Shape.of(1024, 1024))),
                List.of(new Node(0, OpType.ADD, new int[] {0, 1}, new int[] {3}, Attributes.EMPTY),
                        new Node(1, OpType.MUL, new int[] {3, 2}, new int[] {4}, Attributes.EMPTY)),
                new int[] {0}, new int[] {4}, Map.of());
        Path file = dir.resolve("big.amesh");
        ModelFile.write(g, file);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(2L * n + 4L * n, SpecFile.headerU64(bytes, 48), "weight section: both constants, no padding");
        assertSameGraph(g, ModelFile.load(file));
    }

    @Test
    void encodingIsDeterministic() throws IOException {
        byte[] first = ModelFile.toBytes(SampleGraphs.everything());
        byte[] second = ModelFile.toBytes(SampleGraphs.everything());
        assertArrayEquals(first, second);
        Path a = dir.resolve("a.amesh");
        Path b = dir.resolve("b.amesh");
        ModelFile.write(SampleGraphs.everything(), a);
        ModelFile.write(SampleGraphs.everything(), b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        // Re-encoding what was read gives the same bytes again.
        assertArrayEquals(first, ModelFile.toBytes(ModelFile.load(a)));
    }

    @Test
    void writerFollowsTheSpecByteForByte() {
        // SpecFile is written from docs/format.md alone; the tiny graph exercises every section.
        byte[] spec = new SpecFile()
                .str("tiny")
                .u32(1).str("k").str("v")
                .u32(3)
                .activation("x", 1, 4)
                .constant("w", 2, SpecFile.float16Bytes(0x3c00, 0xc000, 0x3800, 0x0001), 1, 4)
                .activation("y", 1, 4)
                .u32(1).str("ADD").u32(2).u32(0).u32(1).u32(1).u32(2)
                .u32(1).str("activation").u8(3).str("NONE")
                .u32(1).u32(0)
                .u32(1).u32(2)
                .build();
        assertArrayEquals(spec, ModelFile.toBytes(SampleGraphs.tiny()));
    }

    @Test
    void headerFieldsAndAlignmentAreAsDocumented() {
        byte[] bytes = ModelFile.toBytes(SampleGraphs.everything());
        ByteBuffer b = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals("AMESHNN\0", new String(bytes, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(1, b.getInt(8));
        assertEquals(0, b.getInt(12));
        assertEquals(bytes.length, b.getLong(16));
        assertEquals(64, b.getLong(24));
        long weights = b.getLong(40);
        assertEquals(0, weights % 64);
        assertTrue(weights >= 64 + b.getLong(32) && weights < 64 + b.getLong(32) + 64);
        assertEquals(bytes.length, weights + b.getLong(48));
    }

    @Test
    void fp16ConstantThatIsNotExactlyRepresentableIsRefused() {
        Graph g = graphWithFp16Constant(new float[] {1f, 0.1f});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.toBytes(g));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("element 1"), e.getMessage());
    }

    @Test
    void unpairedSurrogateInANameIsRefused() {
        Graph g = new Graph("bad \ud800 name", List.of(TensorInfo.activation(0, "x", Shape.of(1))), List.of(),
                new int[] {0}, new int[] {0}, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.toBytes(g));
        assertTrue(e.getMessage().contains("graph name"), e.getMessage());
    }

    @Test
    void failedWriteLeavesThePreviousFileIntactAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.amesh");
        ModelFile.write(SampleGraphs.tiny(), file);
        byte[] before = Files.readAllBytes(file);
        assertThrows(IllegalArgumentException.class,
                () -> ModelFile.write(graphWithFp16Constant(new float[] {1f, 1e-9f}), file));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), listDir());
    }

    @Test
    void failedRenameRemovesTheTemporaryFile() throws IOException {
        // The target is a non-empty directory, so the final rename fails after the data was written.
        Path target = dir.resolve("occupied.amesh");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep"), "x");
        assertThrows(IOException.class, () -> ModelFile.write(SampleGraphs.tiny(), target));
        assertTrue(Files.isDirectory(target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void writeReplacesAnExistingFile() throws IOException {
        Path file = dir.resolve("model.amesh");
        ModelFile.write(SampleGraphs.tiny(), file);
        ModelFile.write(SampleGraphs.everything(), file);
        assertSameGraph(SampleGraphs.everything(), ModelFile.load(file));
        assertEquals(List.of(file), listDir());
    }

    @Test
    void readDoesNotMoveTheCallersBufferAndHonoursItsPosition() throws IOException {
        byte[] model = ModelFile.toBytes(SampleGraphs.tiny());
        byte[] padded = new byte[model.length + 10];
        System.arraycopy(model, 0, padded, 7, model.length);
        ByteBuffer buf = ByteBuffer.wrap(padded, 7, model.length);
        assertSameGraph(SampleGraphs.tiny(), ModelFile.read(buf, "slice"));
        assertEquals(7, buf.position());
    }

    @Test
    void loadNamesTheFileInErrors() throws IOException {
        Path file = dir.resolve("broken.amesh");
        Files.write(file, new byte[] {'A', 'M', 'E'});
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertEquals(file.toString(), e.source());
        assertTrue(e.problem().contains("truncated"), e.problem());
    }

    @Test
    void loadRejectsAnEmptyFile() throws IOException {
        Path file = dir.resolve("empty.amesh");
        Files.createFile(file);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains("empty file"), e.getMessage());
    }

    @Test
    void otherFilesAreRecognisedAsNotAmesh() {
        byte[] tflite = "\u001c\0\0\0TFL3 and the rest of a flatbuffer, long enough for a header..........."
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFile.read(ByteBuffer.wrap(tflite), "face.tflite"));
        assertTrue(e.getMessage().startsWith("face.tflite: not an .amesh model"), e.getMessage());
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static Graph graphWithFp16Constant(float[] values) {
        return new Graph("g", List.of(
                TensorInfo.activation(0, "x", Shape.of(values.length)),
                TensorInfo.constant(1, "w", Shape.of(values.length), values, DType.FLOAT16),
                TensorInfo.activation(2, "y", Shape.of(values.length))),
                List.of(new Node(0, OpType.ADD, new int[] {0, 1}, new int[] {2}, Attributes.EMPTY)),
                new int[] {0}, new int[] {2}, Map.of());
    }
}
