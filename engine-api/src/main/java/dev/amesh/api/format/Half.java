package dev.amesh.api.format;

/** IEEE 754 binary16 conversions (Java 17 has no {@code Float.float16ToFloat}). */
final class Half {
    /** Returned by {@link #fromFloatExact} when the float has no exact binary16 equivalent. */
    static final int NOT_REPRESENTABLE = -1;

    private Half() {
    }

    /** Widens binary16 bits (low 16 bits of {@code h}) to the float with exactly the same value. */
    static float toFloat(int h) {
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return Float.intBitsToFloat(sign | Float.floatToRawIntBits(magnitude));
        }
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /**
     * The binary16 bits whose value is exactly {@code f} (sign of zero and NaN payload included), or
     * {@link #NOT_REPRESENTABLE}.
     */
    static int fromFloatExact(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        int candidate;
        if (exponent == 0xff) {
            candidate = sign | 0x7c00 | (mantissa >>> 13);
        } else if (exponent == 0 && mantissa == 0) {
            candidate = sign;
        } else {
            int unbiased = exponent - 127;
            if (unbiased > 15) {
                return NOT_REPRESENTABLE;
            } else if (unbiased >= -14) {
                candidate = sign | ((unbiased + 15) << 10) | (mantissa >>> 13);
            } else {
                // Subnormal half: |f| must be an integer multiple of 2^-24 below 2^-14.
                float scaled = Math.abs(f) * 0x1p24f;
                if (scaled != (float) Math.rint(scaled) || scaled >= 1024f) {
                    return NOT_REPRESENTABLE;
                }
                candidate = sign | (int) scaled;
            }
        }
        return Float.floatToRawIntBits(toFloat(candidate)) == bits ? candidate : NOT_REPRESENTABLE;
    }
}
