package dev.amesh.cpu;

import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Shape;

/**
 * Where one graph tensor lives during execution: a window of {@code data} starting at {@code offset}
 * (the activation arena, or a constant's own array at offset 0).
 */
public record Operand(TensorInfo info, float[] data, int offset) {
    public Shape shape() {
        return info.shape();
    }

    public int dim(int axis) {
        return info.shape().dim(axis);
    }

    public int rank() {
        return info.shape().rank();
    }

    public int size() {
        return info.shape().numElements();
    }

    public boolean isConstant() {
        return info.isConstant();
    }

    /** True when both operands are the same window of the same array (an aliased RESHAPE). */
    public boolean sameStorage(Operand other) {
        return data == other.data && offset == other.offset;
    }

    /** {@code #12 'name' [1,2,3]}, for messages. */
    public String describe() {
        return info.toString();
    }
}
