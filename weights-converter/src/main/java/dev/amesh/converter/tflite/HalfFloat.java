package dev.amesh.converter.tflite;

import java.nio.ByteBuffer;

/** Exact IEEE 754 binary16 → binary32 widening (every half value is representable as a float). */
public final class HalfFloat {
    private HalfFloat() {
    }

    /** Widens the half-precision value whose 16 bits are the low bits of {@code bits}. */
    public static float toFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            // Inf keeps a zero mantissa; NaN keeps its payload in the top mantissa bits.
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // Subnormal half: value = mantissa * 2^-24. Shift the leading 1 up to the implicit-bit position;
            // each shift lowers the exponent by one from the smallest normal exponent, -14.
            int shifts = 0;
            while ((mantissa & 0x400) == 0) {
                mantissa <<= 1;
                shifts++;
            }
            int floatExponent = -14 - shifts + 127;
            return Float.intBitsToFloat(sign | (floatExponent << 23) | ((mantissa & 0x3FF) << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** Widens {@code count} little-endian halves starting at {@code src}'s position (not moved). */
    public static float[] toFloats(ByteBuffer src, int count) {
        float[] out = new float[count];
        int base = src.position();
        for (int i = 0; i < count; i++) {
            out[i] = toFloat(src.getShort(base + 2 * i));
        }
        return out;
    }
}
