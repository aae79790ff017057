package dev.amesh.converter.tflite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class HalfFloatTest {

    @Test
    void handWorkedValues() {
        // smallest subnormal: 2^-24
        assertEquals(5.9604645e-8f, HalfFloat.toFloat(0x0001));
        assertEquals(Math.scalb(1f, -24), HalfFloat.toFloat(0x0001));
        // largest subnormal: 1023 * 2^-24
        assertEquals(1023f / 16777216f, HalfFloat.toFloat(0x03FF));
        // smallest normal: 2^-14
        assertEquals(6.1035156e-5f, HalfFloat.toFloat(0x0400));
        assertEquals(1f, HalfFloat.toFloat(0x3C00));
        assertEquals(-2f, HalfFloat.toFloat(0xC000));
        assertEquals(65504f, HalfFloat.toFloat(0x7BFF));
        assertEquals(0.25f, HalfFloat.toFloat(0x3400));
        // 0x3555 = (1 + 341/1024) * 2^-2
        assertEquals(0.33325195f, HalfFloat.toFloat(0x3555));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloat.toFloat(0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloat.toFloat(0xFC00));
        assertTrue(Float.isNaN(HalfFloat.toFloat(0x7E00)));
    }

    @Test
    void signedZeros() {
        assertEquals(0x00000000, Float.floatToRawIntBits(HalfFloat.toFloat(0x0000)));
        assertEquals(0x80000000, Float.floatToRawIntBits(HalfFloat.toFloat(0x8000)));
    }

    @Test
    void negativeSubnormal() {
        assertEquals(-3 * Math.scalb(1f, -24), HalfFloat.toFloat(0x8003));
    }

    @Test
    void onlyTheLow16BitsCount() {
        // getShort sign-extends; the upper bits must not leak into the result
        assertEquals(-2f, HalfFloat.toFloat((short) 0xC000));
    }

    /** Every one of the 65536 bit patterns against a decoder written from the arithmetic definition. */
    @Test
    void allBitPatternsMatchTheArithmeticDefinition() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int h = bits;
            float expected = arithmeticHalf(h);
            float actual = HalfFloat.toFloat(h);
            if (Float.isNaN(expected)) {
                assertTrue(Float.isNaN(actual), () -> "0x" + Integer.toHexString(h) + " should be NaN");
            } else {
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                        () -> "0x" + Integer.toHexString(h) + ": expected " + expected + ", got " + actual);
            }
        }
    }

    @Test
    void toFloatsReadsLittleEndianFromPosition() {
        ByteBuffer b = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0x7BFF).putShort((short) 0x3C00).putShort((short) 0xC000);
        b.position(2);
        float[] f = HalfFloat.toFloats(b, 2);
        assertEquals(1f, f[0]);
        assertEquals(-2f, f[1]);
        assertEquals(2, b.position());
    }

    /** value = (-1)^s * 2^(e-15) * (1 + m/1024), or 2^-14 * m/1024 for e = 0. */
    static float arithmeticHalf(int h) {
        int s = (h >> 15) & 1;
        int e = (h >> 10) & 0x1F;
        int m = h & 0x3FF;
        double v;
        if (e == 0x1F) {
            v = m == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else if (e == 0) {
            v = m * Math.pow(2, -24);
        } else {
            v = (1024 + m) * Math.pow(2, e - 25);
        }
        return (float) (s == 1 ? -v : v);
    }
}
