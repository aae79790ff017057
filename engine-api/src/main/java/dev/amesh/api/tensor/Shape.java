package dev.amesh.api.tensor;

import java.util.Arrays;

/** An immutable tensor shape (row-major, NHWC for images). Rank 0 is a scalar of one element. */
public final class Shape {
    /** No tensor in any supported model comes near this; bigger claims are hostile or corrupt. */
    public static final long MAX_ELEMENTS = 1L << 28;

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /** @throws IllegalArgumentException if a dimension is negative or the element count exceeds {@link #MAX_ELEMENTS} */
    public static Shape of(int... dims) {
        int[] copy = dims.clone();
        long n = 1;
        for (int d : copy) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(copy));
            }
            n *= d;
            if (n > MAX_ELEMENTS) {
                throw new IllegalArgumentException("shape " + Arrays.toString(copy) + " has more than "
                        + MAX_ELEMENTS + " elements");
            }
        }
        return new Shape(copy);
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int axis) {
        return dims[axis < 0 ? dims.length + axis : axis];
    }

    public int[] dims() {
        return dims.clone();
    }

    public int numElements() {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** Row-major stride of {@code axis} in elements. */
    public int stride(int axis) {
        int s = 1;
        for (int i = dims.length - 1; i > axis; i--) {
            s *= dims[i];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Formats as {@code [1,192,192,3]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(dims[i]);
        }
        return sb.append(']').toString();
    }

    /** Parses {@code 1,192,192,3} or {@code [1,192,192,3]}. */
    public static Shape parse(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isBlank()) {
            return of();
        }
        String[] parts = t.split(",");
        int[] d = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                d[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a shape: '" + text + "' (expected e.g. 1,192,192,3)");
            }
        }
        return of(d);
    }
}
