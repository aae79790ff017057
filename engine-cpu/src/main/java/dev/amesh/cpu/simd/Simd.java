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
