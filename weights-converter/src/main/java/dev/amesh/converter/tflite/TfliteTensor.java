package dev.amesh.converter.tflite;

import java.nio.ByteBuffer;

/**
 * One tensor of a subgraph. {@code data} is the tensor's constant buffer as a read-only little-endian view
 * (empty for run-time tensors); the reader has checked that a non-empty buffer holds exactly
 * shape-many elements of {@code type}. {@code quantized} is true if the tensor carries quantization
 * scales, zero points or custom quantization details.
 */
public record TfliteTensor(int index, String name, int[] shape, TfliteTensorType type, int bufferIndex,
        ByteBuffer data, boolean quantized) {

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate().order(data.order());
    }

    public boolean hasData() {
        return data.remaining() > 0;
    }

    public long elementCount() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    public String describe() {
        return "tensor " + index + " '" + name + "'";
    }
}
