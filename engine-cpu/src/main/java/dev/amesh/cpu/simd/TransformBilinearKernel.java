package dev.amesh.cpu.simd;

import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.Operand;
import dev.amesh.cpu.ref.TransformTensorBilinearRef;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * TRANSFORM_TENSOR_BILINEAR with the reference's arithmetic (same float and double expressions, so the
 * same bits) but its per-element bounds checks hoisted: each output pixel resolves its four neighbours
 * once, a neighbour outside the map reading a row of zeros, and the channel loop is then straight-line.
 * Pixels whose four neighbours are all inside run vectorised: MediaPipe's formula mixes float products with
 * double sums, so each vector of floats is widened to two of doubles (same shape, half the lanes), computed
 * with the same operations in the same order, and narrowed back: the same bits as the scalar expressions.
 * Output rows are split across the pool. The formulas are documented on {@link TransformTensorBilinearRef}.
 */
final class TransformBilinearKernel implements Kernel, WorkerPool.Task {
    private static final VectorSpecies<Float> S = Simd.S;
    private static final int L = Simd.L;
    /** Doubles in a vector of {@link #S}'s size: half a float vector's lanes. */
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());
    /** The upper half of a float vector's lanes, where the second narrowed half goes. */
    private static final VectorMask<Float> UPPER = upperHalf();
    /**
     * Whether the vector path runs: not on JDK 17, whose C2 compiles the widening and narrowing of half a
     * vector ({@code convertShape} with a part) to calls that box every vector when the JIT's history is
     * unlucky ("missing constant: vclass_to=LoadP etype_to=Phi" under {@code -XX:+PrintIntrinsics}; 3 of 4
     * runs of the engine-cpu tests allocated 3.2 MB per inference). JDK 25 compiles it to instructions.
     */
    private static final boolean VECTOR_PATH = Runtime.version().feature() >= 25;

    private final float[] features;
    private final int fOff;
    private final float[] matrix;
    private final int mOff;
    private final float[] out;
    private final int outOff;
    private final int inH;
    private final int inW;
    private final int channels;
    private final int outH;
    private final int outW;
    private final float[] zeros;
    /** Channels covered by whole float vectors. */
    private final int vectorC;
    private final WorkerPool pool;

    private TransformBilinearKernel(Operand f, Operand m, Operand out, WorkerPool pool) {
        this.pool = pool;
        this.features = f.data();
        this.fOff = f.offset();
        this.matrix = m.data();
        this.mOff = m.offset();
        this.out = out.data();
        this.outOff = out.offset();
        this.inH = f.dim(1);
        this.inW = f.dim(2);
        this.channels = f.dim(3);
        this.outH = out.dim(1);
        this.outW = out.dim(2);
        this.zeros = new float[channels];
        this.vectorC = channels - channels % L;
    }

    static Kernel prepare(KernelContext ctx, WorkerPool pool) {
        TransformTensorBilinearRef.prepare(ctx); // validates operands and attributes, naming the node
        return new TransformBilinearKernel(ctx.input(0), ctx.input(1), ctx.output(0), pool);
    }

    @Override
    public void execute() {
        pool.run(this, pool.threads() > 1 && outH > 1);
    }

    /** Output rows of chunk {@code part}. */
    @Override
    public void run(int part, int parts, int thread) {
        float m00 = matrix[mOff];
        float m01 = matrix[mOff + 1];
        float m02 = matrix[mOff + 2];
        float m03 = matrix[mOff + 3];
        float m10 = matrix[mOff + 4];
        float m11 = matrix[mOff + 5];
        float m12 = matrix[mOff + 6];
        float m13 = matrix[mOff + 7];
        m03 += m00 * 0.5 + m01 * 0.5 - 0.5;
        m13 += m10 * 0.5 + m11 * 0.5 - 0.5;
        int per = (outH + parts - 1) / parts;
        int j1 = Math.min(outH, (part + 1) * per);
        for (int j = part * per; j < j1; j++) {
            int o = outOff + j * outW * channels;
            for (int i = 0; i < outW; i++, o += channels) {
                float fi = i;
                float fj = j;
                float tx = m00 * fi + m01 * fj + m02 * 0f + m03 * 1f;
                float ty = m10 * fi + m11 * fj + m12 * 0f + m13 * 1f;
                boolean inside = tx >= 0f && tx <= inW - 1 && ty >= 0f && ty <= inH - 1;
                if (!inside) {
                    for (int c = 0; c < channels; c++) {
                        out[o + c] = 0f;
                    }
                    continue;
                }
                float floorX = (float) Math.floor(tx);
                float floorY = (float) Math.floor(ty);
                int x0 = (int) floorX;
                int y0 = (int) floorY;
                float ax = tx - floorX;
                float ay = ty - floorY;
                double bx = 1.0 - ax;
                double by = 1.0 - ay;
                if (inMap(y0, x0) && inMap(y0 + 1, x0 + 1)) {
                    interior(fOff + (y0 * inW + x0) * channels, o, ax, ay, bx, by);
                    continue;
                }
                float[] a11 = source(y0, x0);
                float[] a21 = source(y0, x0 + 1);
                float[] a12 = source(y0 + 1, x0);
                float[] a22 = source(y0 + 1, x0 + 1);
                int o11 = offset(y0, x0);
                int o21 = offset(y0, x0 + 1);
                int o12 = offset(y0 + 1, x0);
                int o22 = offset(y0 + 1, x0 + 1);
                for (int c = 0; c < channels; c++) {
                    float upper = (float) (bx * a11[o11 + c] + ax * a21[o21 + c]);
                    float lower = (float) (bx * a12[o12 + c] + ax * a22[o22 + c]);
                    out[o + c] = (float) (ay * lower + by * upper);
                }
            }
        }
    }

    /**
     * All four neighbours inside the map: one array, fixed offsets. Whole vectors of channels first: with
     * {@code F} a float vector and {@code D0, D1} its two halves widened to double,
     * {@code upper = (float) (bx * D(q11) + D(ax * q21))}, the same for {@code lower}, then
     * {@code (float) (D(ay * lower) + by * D(upper))}; the halves narrow back into one float vector. On
     * JDK 25, 26 -> 11 µs per crop ({@code KernelTimes TRANSFORM_TENSOR_BILINEAR --runs 200}); JDK 17 runs
     * the scalar loop only (see {@link #VECTOR_PATH}), which also takes the channels beyond the last whole
     * vector.
     *
     * <p>In the scalar loop, {@code f[i] + -0f} is {@code f[i]} to the bit (x + -0 = x for every x, -0 included)
     * but keeps JDK 17's C2 from converting the loaded float to double straight from memory: that form of
     * {@code vcvtss2sd} merges into a register still holding a value from the previous channel, which
     * chained the channels one after another (machine code printed with {@code -XX:CompileCommand=print}).
     */
    private void interior(int p11, int o, float ax, float ay, double bx, double by) {
        int c = VECTOR_PATH ? interiorVectors(p11, o, ax, ay, bx, by) : 0;
        int p21 = p11 + channels;
        int p12 = p11 + inW * channels;
        int p22 = p12 + channels;
        float[] f = features;
        for (; c < channels; c++) {
            float upper = (float) (bx * (f[p11 + c] + -0f) + ax * f[p21 + c]);
            float lower = (float) (bx * (f[p12 + c] + -0f) + ax * f[p22 + c]);
            out[o + c] = (float) (ay * lower + by * upper);
        }
    }

    /**
     * {@link #interior}'s whole vectors of channels (JDK 25 on; a method of its own so that JDK 17 compiles
     * {@link #interior} without any vector code: with the two broadcasts of {@code bx} and {@code by} left in
     * it, its scalar loop ran 30 -> 63 µs per crop); returns the first channel not done.
     */
    private int interiorVectors(int p11, int o, float ax, float ay, double bx, double by) {
        int p21 = p11 + channels;
        int p12 = p11 + inW * channels;
        int p22 = p12 + channels;
        float[] f = features;
        DoubleVector vbx = DoubleVector.broadcast(D, bx);
        DoubleVector vby = DoubleVector.broadcast(D, by);
        int c = 0;
        for (; c < vectorC; c += L) {
            FloatVector q11 = FloatVector.fromArray(S, f, p11 + c);
            FloatVector q21 = FloatVector.fromArray(S, f, p21 + c).mul(ax);
            FloatVector q12 = FloatVector.fromArray(S, f, p12 + c);
            FloatVector q22 = FloatVector.fromArray(S, f, p22 + c).mul(ax);
            // lower half of the lanes (written out, not a helper: vectors crossing a call get boxed)
            DoubleVector upper0 = ((DoubleVector) q11.convertShape(VectorOperators.F2D, D, 0)).mul(vbx)
                    .add((DoubleVector) q21.convertShape(VectorOperators.F2D, D, 0));
            DoubleVector lower0 = ((DoubleVector) q12.convertShape(VectorOperators.F2D, D, 0)).mul(vbx)
                    .add((DoubleVector) q22.convertShape(VectorOperators.F2D, D, 0));
            FloatVector upperF0 = (FloatVector) upper0.convertShape(VectorOperators.D2F, S, 0);
            FloatVector lowerF0 = (FloatVector) lower0.convertShape(VectorOperators.D2F, S, 0);
            DoubleVector r0 = ((DoubleVector) lowerF0.mul(ay).convertShape(VectorOperators.F2D, D, 0))
                    .add(((DoubleVector) upperF0.convertShape(VectorOperators.F2D, D, 0)).mul(vby));
            // upper half
            DoubleVector upper1 = ((DoubleVector) q11.convertShape(VectorOperators.F2D, D, 1)).mul(vbx)
                    .add((DoubleVector) q21.convertShape(VectorOperators.F2D, D, 1));
            DoubleVector lower1 = ((DoubleVector) q12.convertShape(VectorOperators.F2D, D, 1)).mul(vbx)
                    .add((DoubleVector) q22.convertShape(VectorOperators.F2D, D, 1));
            FloatVector upperF1 = (FloatVector) upper1.convertShape(VectorOperators.D2F, S, 0);
            FloatVector lowerF1 = (FloatVector) lower1.convertShape(VectorOperators.D2F, S, 0);
            DoubleVector r1 = ((DoubleVector) lowerF1.mul(ay).convertShape(VectorOperators.F2D, D, 0))
                    .add(((DoubleVector) upperF1.convertShape(VectorOperators.F2D, D, 0)).mul(vby));
            ((FloatVector) r0.convertShape(VectorOperators.D2F, S, 0))
                    .blend((FloatVector) r1.convertShape(VectorOperators.D2F, S, -1), UPPER).intoArray(out, o + c);
        }
        return c;
    }

    private static VectorMask<Float> upperHalf() {
        boolean[] lanes = new boolean[L];
        for (int i = L / 2; i < L; i++) {
            lanes[i] = true;
        }
        return VectorMask.fromArray(S, lanes, 0);
    }

    private boolean inMap(int y, int x) {
        return y >= 0 && x >= 0 && y < inH && x < inW;
    }

    private float[] source(int y, int x) {
        return inMap(y, x) ? features : zeros;
    }

    private int offset(int y, int x) {
        return inMap(y, x) ? fOff + (y * inW + x) * channels : 0;
    }

    @Override
    public String name() {
        return "simd/transform-tensor-bilinear";
    }
}
