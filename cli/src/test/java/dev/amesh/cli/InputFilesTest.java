package dev.amesh.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.io.Npy;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
    @TempDir
    Path tmp;

    private static final List<TensorInfo> IMAGE_AND_VECTOR = List.of(
            TensorInfo.activation(0, "input_1", Shape.of(1, 4, 4, 3)),
            TensorInfo.activation(1, "extra", Shape.of(1, 2)));

    private Path raw(String name, float... values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        Path p = tmp.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    @Test
    void pairsRawFilesWithShapesInOrderAndReadsNpy() throws IOException {
        float[] image = new float[48];
        for (int i = 0; i < image.length; i++) {
            image[i] = i * 0.5f;
        }
        Path npy = tmp.resolve("extra.npy");
        Npy.write(npy, Tensor.of(new float[] {7, 8}, 2));
        Tensor[] t = InputFiles.read(List.of(raw("img.f32", image), npy), List.of("1,4,4,3"), IMAGE_AND_VECTOR, "m");
        assertEquals(Shape.of(1, 4, 4, 3), t[0].shape());
        assertArrayEquals(image, t[0].toArray());
        assertEquals(Shape.of(1, 2), t[1].shape(), "[2] fits [1,2]");
        assertArrayEquals(new float[] {7, 8}, t[1].toArray());
    }

    @Test
    void shapeMismatchNamesInputAndBothShapes() throws IOException {
        Path img = raw("img.f32", new float[27]);
        Path npy = tmp.resolve("extra.npy");
        Npy.write(npy, Tensor.of(new float[] {7, 8}, 1, 2));
        InputFiles.UsageException e = assertThrows(InputFiles.UsageException.class,
                () -> InputFiles.read(List.of(img, npy), List.of("1,3,3,3"), IMAGE_AND_VECTOR, "m"));
        assertEquals("input 'input_1' of model m expects shape [1,4,4,3] (48 floats) but " + img
                + " has shape [1,3,3,3] (27 floats)", e.getMessage());
    }

    @Test
    void rawSizeMustMatchShape() throws IOException {
        Path img = raw("img.f32", new float[47]);
        InputFiles.UsageException e = assertThrows(InputFiles.UsageException.class,
                () -> InputFiles.read(List.of(img), List.of("1,4,4,3"), IMAGE_AND_VECTOR.subList(0, 1), "m"));
        assertEquals(img + " has 188 bytes but --shape [1,4,4,3] needs 192 (float32)", e.getMessage());
    }

    @Test
    void countsMustMatch() throws IOException {
        Path img = raw("img.f32", new float[48]);
        InputFiles.UsageException e = assertThrows(InputFiles.UsageException.class,
                () -> InputFiles.read(List.of(img), List.of("1,4,4,3"), IMAGE_AND_VECTOR, "m"));
        assertEquals("model m takes 2 inputs (input_1 [1,4,4,3], extra [1,2]) but 1 --input file was given",
                e.getMessage());
        assertThrows(InputFiles.UsageException.class,
                () -> InputFiles.rawShapes(List.of(img), List.of("1,4,4,3", "1,2")));
        assertThrows(InputFiles.UsageException.class, () -> InputFiles.rawShapes(List.of(img), List.of("1,x")));
    }
}
