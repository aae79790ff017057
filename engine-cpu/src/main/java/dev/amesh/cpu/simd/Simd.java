package dev.amesh.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float species every SIMD kernel uses. A static final so C2 compiles the Vector API calls to
 * machine instructions; fixed per JVM by {@code -Damesh.vectorBits} (see {@link VectorConfig}).
 * Only loaded after {@link VectorConfig#unavailableReason()} came back empty.
 */
final class Simd {
    static final VectorSpecies<Float> S = chooseSpecies();
    /** Floats per vector. */
    static final int L = S.length();
    /**
     * Extra elements at the end of every per-thread scratch array (64 bytes of floats or ints): arrays
     * allocated one after another lie next to each other, and without the gap the end of one thread's
     * buffer and the start of the next thread's share a cache line, which the two cores then pass back and
     * forth on every write (measured: the 96x96 depthwise + 1x1 kernels ran 1.4x faster on two threads
     * than on one with adjacent row buffers).
     */
    static final int SCRATCH_PAD = 16;

    private Simd() {
    }

    private static VectorSpecies<Float> chooseSpecies() {
        return switch (VectorConfig.requestedBits()) {
            case 128 -> FloatVector.SPECIES_128;
            case 256 -> FloatVector.SPECIES_256;
            case 512 -> FloatVector.SPECIES_512;
            default -> FloatVector.SPECIES_PREFERRED;
        };
    }

    /** {@code "512-bit FloatVector (16 lanes)"}. */
    static String describe() {
        return S.vectorBitSize() + "-bit FloatVector (" + L + " lanes)";
    }

    /** {@code n} rounded up to a whole number of vectors. */
    static int roundUp(int n) {
        return (n + L - 1) / L * L;
    }
}
