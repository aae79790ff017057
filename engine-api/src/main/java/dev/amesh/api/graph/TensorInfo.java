package dev.amesh.api.graph;

import dev.amesh.api.tensor.DType;
import dev.amesh.api.tensor.Shape;
import java.util.Objects;

/**
 * One tensor of a graph: its name, shape, and, for a constant, its values (always widened to float32 in
 * memory). {@code storedType} records how a constant is stored on disk (FLOAT16 for MediaPipe's weights,
 * which are widened exactly).
 */
public final class TensorInfo {
    private final int id;
    private final String name;
    private final Shape shape;
    private final float[] constant;
    private final DType storedType;

    private TensorInfo(int id, String name, Shape shape, float[] constant, DType storedType) {
        this.id = id;
        this.name = Objects.requireNonNull(name);
        this.shape = Objects.requireNonNull(shape);
        this.constant = constant;
        this.storedType = storedType;
        if (constant != null && constant.length != shape.numElements()) {
            throw new IllegalArgumentException("constant '" + name + "' has " + constant.length
                    + " values but shape " + shape);
        }
    }

    /** A tensor computed at run time (model input or op output). */
    public static TensorInfo activation(int id, String name, Shape shape) {
        return new TensorInfo(id, name, shape, null, DType.FLOAT32);
    }

    /** A constant; {@code storedType} is FLOAT32 or FLOAT16. The array is not copied. */
    public static TensorInfo constant(int id, String name, Shape shape, float[] values, DType storedType) {
        if (storedType != DType.FLOAT32 && storedType != DType.FLOAT16) {
            throw new IllegalArgumentException("constants are stored as FLOAT32 or FLOAT16, not " + storedType);
        }
        return new TensorInfo(id, name, shape, Objects.requireNonNull(values), storedType);
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Shape shape() {
        return shape;
    }

    public boolean isConstant() {
        return constant != null;
    }

    /** The constant's values (shared, do not modify); null for activations. */
    public float[] constantData() {
        return constant;
    }

    public DType storedType() {
        return storedType;
    }

    @Override
    public String toString() {
        return "#" + id + " '" + name + "' " + shape + (isConstant() ? " const(" + storedType + ")" : "");
    }
}
