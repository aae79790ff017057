package dev.amesh.api.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HalfTest {
    /** binary16 by its textbook definition, in double arithmetic. */
    private static double referenceValue(int h) {
        int sign = (h >>> 15) & 1;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        double magnitude = exponent == 0
                ? Math.scalb((double) mantissa, -24)
                : Math.scalb((double) (1024 + mantissa), exponent - 25);
        return sign == 1 ? -magnitude : magnitude;
    }

    @Test
    void everyFiniteHalfWidensToItsExactValue() {
        for (int h = 0; h < 0x10000; h++) {
            if (((h >>> 10) & 0x1f) == 0x1f) {
                continue;
            }
            float f = Half.toFloat(h);
            assertEquals(referenceValue(h), (double) f, "half 0x" + Integer.toHexString(h));
            assertEquals((h & 0x8000) != 0, (Float.floatToRawIntBits(f) & 0x80000000) != 0,
                    "sign of half 0x" + Integer.toHexString(h));
        }
    }

    @Test
    void infinitiesAndNaNsWiden() {
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat(0x7c00));
        assertEquals(Float.NEGATIVE_INFINITY, Half.toFloat(0xfc00));
        for (int m = 1; m < 0x400; m++) {
            assertEquals(true, Float.isNaN(Half.toFloat(0x7c00 | m)));
        }
    }

    @Test
    void everyHalfNarrowsBackToItsOwnBits() {
        for (int h = 0; h < 0x10000; h++) {
            assertEquals(h, Half.fromFloatExact(Half.toFloat(h)), "half 0x" + Integer.toHexString(h));
        }
    }

    @Test
    void knownValues() {
        assertEquals(0x3c00, Half.fromFloatExact(1f));
        assertEquals(0x7bff, Half.fromFloatExact(65504f));
        assertEquals(0xfbff, Half.fromFloatExact(-65504f));
        assertEquals(0x0001, Half.fromFloatExact(0x1p-24f));
        assertEquals(0x03ff, Half.fromFloatExact(1023 * 0x1p-24f));
        assertEquals(0x0400, Half.fromFloatExact(0x1p-14f));
        assertEquals(0x8000, Half.fromFloatExact(-0f));
        assertEquals(0x0000, Half.fromFloatExact(0f));
        assertEquals(0xc000, Half.fromFloatExact(-2f));
    }

    @Test
    void inexactFloatsAreRefused() {
        float[] inexact = {65520f, 65505f, 1e6f, 1f + 0x1p-11f, 0x1p-25f, 3 * 0x1p-26f, 1e-8f, 0.1f,
            Float.MIN_VALUE, Float.MAX_VALUE, Float.intBitsToFloat(0x7f800001)};
        for (float f : inexact) {
            assertEquals(Half.NOT_REPRESENTABLE, Half.fromFloatExact(f), Float.toString(f));
        }
    }
}
