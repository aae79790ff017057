package dev.amesh.api.tensor;

import java.util.Objects;

/**
 * A dense float32 tensor: a shape over a window of a float array. Backends hand out tensors that view
 * their own buffers; such a view is only valid until the next call that writes the buffer, so copy it
 * ({@link #copy()}) to keep it.
 */
public final class Tensor {
    private final String name;
    private final Shape shape;
    private final float[] data;
    private final int offset;

    public Tensor(String name, Shape shape, float[] data, int offset) {
        this.name = name == null ? "" : name;
        this.shape = Objects.requireNonNull(shape, "shape");
        this.data = Objects.requireNonNull(data, "data");
        if (offset < 0 || (long) offset + shape.numElements() > data.length) {
            throw new IllegalArgumentException("tensor '" + this.name + "' of shape " + shape + " does not fit in "
                    + data.length + " floats at offset " + offset);
        }
        this.offset = offset;
    }

    public Tensor(Shape shape, float[] data) {
        this("", shape, data, 0);
    }

    public static Tensor zeros(Shape shape) {
        return new Tensor(shape, new float[shape.numElements()]);
    }

    public static Tensor of(float[] data, int... dims) {
        return new Tensor(Shape.of(dims), data);
    }

    public String name() {
        return name;
    }

    public Shape shape() {
        return shape;
    }

    /** The backing array; elements live at {@code [offset(), offset() + size())}. */
    public float[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    public int size() {
        return shape.numElements();
    }

    public float get(int flatIndex) {
        return data[offset + Objects.checkIndex(flatIndex, size())];
    }

    /** Element at NHWC/row-major coordinates. */
    public float at(int... idx) {
        if (idx.length != shape.rank()) {
            throw new IllegalArgumentException("index rank " + idx.length + " != tensor rank " + shape.rank());
        }
        int flat = 0;
        for (int i = 0; i < idx.length; i++) {
            flat = flat * shape.dim(i) + Objects.checkIndex(idx[i], shape.dim(i));
        }
        return data[offset + flat];
    }

    /** A fresh, compact copy of the elements. */
    public float[] toArray() {
        float[] out = new float[size()];
        System.arraycopy(data, offset, out, 0, out.length);
        return out;
    }

    public Tensor copy() {
        return new Tensor(name, shape, toArray(), 0);
    }

    public Tensor withName(String newName) {
        return new Tensor(newName, shape, data, offset);
    }

    /** Same elements, other shape of equal element count. */
    public Tensor reshape(Shape newShape) {
        if (newShape.numElements() != size()) {
            throw new IllegalArgumentException("cannot reshape " + shape + " to " + newShape);
        }
        return new Tensor(name, newShape, data, offset);
    }

    @Override
    public String toString() {
        return "Tensor" + (name.isEmpty() ? "" : " '" + name + "'") + " " + shape;
    }
}
