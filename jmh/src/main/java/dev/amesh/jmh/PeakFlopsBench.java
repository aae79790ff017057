package dev.amesh.jmh;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-core FP32 arithmetic peak through the Vector API at the preferred width: 12 independent
 * accumulators stay in registers (enough to cover FMA latency times the FMA ports), each step is one
 * FMA {@code a = a * m + b} (2 FLOP per lane) or one multiply then one add (the form the cpu backend's kernels use to match the
 * scalar reference bit for bit). The score, in ops/s, is FLOP/s. A call does the same FLOP at every vector width
 * (twice the steps at 256 bits as at 512), so {@code @OperationsPerInvocation} stays one constant.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class PeakFlopsBench {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ACCUMULATORS = 12;
    /** Lane-steps per accumulator and call: 4096 steps of 16 lanes, 8192 of 8, 16384 of 4. */
    private static final int LANE_STEPS = 4096 * 16;
    /** FLOP per call: lane-steps x accumulators x 2, whatever the width; a constant for @OperationsPerInvocation. */
    private static final int FLOPS = LANE_STEPS * ACCUMULATORS * 2;
    private static final int STEPS = LANE_STEPS / S.length();

    private float[] seed;

    @Setup
    public void setup() {
        if (LANE_STEPS % S.length() != 0) {
            throw new IllegalStateException("PeakFlopsBench needs a lane count dividing " + LANE_STEPS
                    + ", but this JVM's preferred species is " + S);
        }
        seed = new float[S.length() * 2];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = 1f + i * 1e-7f;
        }
    }

    @Benchmark
    @OperationsPerInvocation(FLOPS)
    public float fma() {
        FloatVector m = FloatVector.fromArray(S, seed, 0);
        FloatVector b = FloatVector.fromArray(S, seed, S.length());
        FloatVector a0 = b;
        FloatVector a1 = b.add(1f);
        FloatVector a2 = b.add(2f);
        FloatVector a3 = b.add(3f);
        FloatVector a4 = b.add(4f);
        FloatVector a5 = b.add(5f);
        FloatVector a6 = b.add(6f);
        FloatVector a7 = b.add(7f);
        FloatVector a8 = b.add(8f);
        FloatVector a9 = b.add(9f);
        FloatVector a10 = b.add(10f);
        FloatVector a11 = b.add(11f);
        for (int i = 0; i < STEPS; i++) {
            a0 = a0.fma(m, b);
            a1 = a1.fma(m, b);
            a2 = a2.fma(m, b);
            a3 = a3.fma(m, b);
            a4 = a4.fma(m, b);
            a5 = a5.fma(m, b);
            a6 = a6.fma(m, b);
            a7 = a7.fma(m, b);
            a8 = a8.fma(m, b);
            a9 = a9.fma(m, b);
            a10 = a10.fma(m, b);
            a11 = a11.fma(m, b);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    @Benchmark
    @OperationsPerInvocation(FLOPS)
    public float mulAdd() {
        FloatVector m = FloatVector.fromArray(S, seed, 0);
        FloatVector b = FloatVector.fromArray(S, seed, S.length());
        FloatVector a0 = b;
        FloatVector a1 = b.add(1f);
        FloatVector a2 = b.add(2f);
        FloatVector a3 = b.add(3f);
        FloatVector a4 = b.add(4f);
        FloatVector a5 = b.add(5f);
        FloatVector a6 = b.add(6f);
        FloatVector a7 = b.add(7f);
        FloatVector a8 = b.add(8f);
        FloatVector a9 = b.add(9f);
        FloatVector a10 = b.add(10f);
        FloatVector a11 = b.add(11f);
        for (int i = 0; i < STEPS; i++) {
            a0 = a0.mul(m).add(b);
            a1 = a1.mul(m).add(b);
            a2 = a2.mul(m).add(b);
            a3 = a3.mul(m).add(b);
            a4 = a4.mul(m).add(b);
            a5 = a5.mul(m).add(b);
            a6 = a6.mul(m).add(b);
            a7 = a7.mul(m).add(b);
            a8 = a8.mul(m).add(b);
            a9 = a9.mul(m).add(b);
            a10 = a10.mul(m).add(b);
            a11 = a11.mul(m).add(b);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
