package dev.amesh.cpu.ref;

import dev.amesh.api.tensor.Shape;

/**
 * NumPy broadcasting of two shapes: right-aligned, each pair of dims equal or one of them 1. Gives the
 * output dims and, per output axis, each operand's element stride (0 along a broadcast axis).
 */
final class Broadcast {
    final int[] outDims;
    final int[] aStrides;
    final int[] bStrides;

    private Broadcast(int[] outDims, int[] aStrides, int[] bStrides) {
        this.outDims = outDims;
        this.aStrides = aStrides;
        this.bStrides = bStrides;
    }

    /** @throws IllegalArgumentException naming both shapes when they do not broadcast */
    static Broadcast of(Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        int[] sa = new int[rank];
        int[] sb = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = dimFromRight(a, rank - 1 - i);
            int db = dimFromRight(b, rank - 1 - i);
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + a + " and " + b + " do not broadcast (axis " + i
                        + " of the result: " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        int strideA = 1;
        int strideB = 1;
        for (int i = rank - 1; i >= 0; i--) {
            int da = dimFromRight(a, rank - 1 - i);
            int db = dimFromRight(b, rank - 1 - i);
            sa[i] = da == 1 ? 0 : strideA;
            sb[i] = db == 1 ? 0 : strideB;
            strideA *= da;
            strideB *= db;
        }
        return new Broadcast(out, sa, sb);
    }

    /** Dim {@code k} counted from the right (0 = last); 1 beyond the shape's rank. */
    private static int dimFromRight(Shape s, int k) {
        return k < s.rank() ? s.dim(s.rank() - 1 - k) : 1;
    }

    Shape outShape() {
        return Shape.of(outDims);
    }
}
