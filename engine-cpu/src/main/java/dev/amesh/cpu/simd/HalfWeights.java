package dev.amesh.cpu.simd;

/**
 * Convolution weights kept in 16 bits, two per int, for the products whose speed is set by reading their
 * weights from memory rather than by arithmetic: convolutions with a handful of output pixels (the mesh
 * head: one pixel, 1.6 MB of FP32 weights, each weight used once per run). The released model stores its
 * weights as FP16, so each has at most 11 significant bits and they fit 16 bits without change; a
 * convolution with any weight that does not fit keeps all its weights as floats. The products see the same
 * float values either way, so results are the same bits.
 *
 * <p>The 16-bit format is IEEE half precision with the exponent bias chosen per convolution: sign, 5
 * exponent bits e and 10 mantissa bits m stand for {@code (1 + m/1024) * 2^(e + bias)}, e from 1 to 30,
 * and all zero bits for zero. With IEEE's fixed bias the model's smallest weights are half subnormals, and
 * decoding those through a float multiply reads a float subnormal, which costs Intel cores a microcode
 * assist (1x1 convolutions with 40-400 such weights among 16384 ran 3-15x slower); with the bias fitted to the weights'
 * range every weight is a normal number, and decoding is four vector instructions: shift the 16 bits into a
 * float's sign, exponent and mantissa positions ({@link #FIELD_MASK}), which gives a normal float equal to
 * the weight times a power of two, and multiply by that power ({@link #scale}), exactly.
 *
 * <p>Packing: {@code lo | hi << 16}, where {@code lo} is lane l of one weight vector and {@code hi} lane l
 * of the next; the ints are stored with their bits in a float array (the weight arena), which is safe
 * because an exponent below 31 in the high bits never makes the float a NaN.
 */
final class HalfWeights {
    /**
     * {@code -Damesh.halfWeights=true|false} turns the 16-bit weights on or off; unset, they are on from JDK
     * 25 ({@link #DEFAULT_ON}).
     */
    static final String PROPERTY = "amesh.halfWeights";
    /**
     * Whether the 16-bit weights are on when {@link #PROPERTY} is unset: not on JDK 17. Decoding them runs
     * IntVector code beside the FloatVector kernels, and with both vector classes through the Vector API's
     * shared code, JDK 17's C2 now and then compiled kernels (the depthwise ones, an 8x2 product tile) to
     * calls that box every vector ("missing constant: vclass=DecodeN" under {@code -XX:+PrintIntrinsics};
     * the engine-cpu tests' steady-state check saw 4 MB per inference in 3 of 6 runs, none in 5 without
     * them). JDK 25 compiles both to instructions.
     */
    static final boolean DEFAULT_ON = Runtime.version().feature() >= 25;
    /** After an arithmetic shift right by 3 of a 16-bit value in the high half of an int: its sign and fields. */
    static final int FIELD_MASK = 0x8FFF_E000;
    /** Exponent field values the format uses for nonzero weights. */
    private static final int MAX_EXPONENT = 30;

    /** Float exponent field of the weights' smallest nonzero magnitude. */
    private final int minExponent;

    private HalfWeights(int minExponent) {
        this.minExponent = minExponent;
    }

    /** What {@link #PROPERTY} says, or {@link #DEFAULT_ON} when it is unset or neither true nor false. */
    static boolean enabled() {
        String v = System.getProperty(PROPERTY, "").trim();
        return "true".equalsIgnoreCase(v) || (!"false".equalsIgnoreCase(v) && DEFAULT_ON);
    }

    /**
     * The format for {@code n} weights from {@code off}, or null when one of them does not fit: not finite,
     * more than 11 significant bits, or magnitudes spread over more than 30 binades.
     */
    static HalfWeights fit(float[] w, int off, int n) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            int f = Float.floatToRawIntBits(w[off + i]);
            int e = (f >>> 23) & 0xFF;
            if ((f & 0x7FFF_FFFF) == 0) {
                continue; // a zero of either sign: all zero bits but the sign
            }
            if (e == 0 || e == 0xFF || (f & 0x1FFF) != 0) {
                return null; // subnormal float, infinity or NaN, or mantissa bits beyond the 10 kept
            }
            min = Math.min(min, e);
            max = Math.max(max, e);
        }
        if (min == Integer.MAX_VALUE) {
            min = 127; // all zeros
            max = 127;
        }
        // the scale 2^(min - 1) must be a normal float: its exponent field min - 1 + 127 at most 254
        return max - min + 1 <= MAX_EXPONENT && min <= 128 ? new HalfWeights(min) : null;
    }

    /** The 16 bits of weight {@code v}, which must be one of those {@link #fit} accepted. */
    int bits(float v) {
        int f = Float.floatToRawIntBits(v);
        int sign = (f >>> 16) & 0x8000;
        if ((f & 0x7FFF_FFFF) == 0) {
            return sign;
        }
        int e = ((f >>> 23) & 0xFF) - minExponent + 1;
        return sign | e << 10 | (f & 0x7F_FFFF) >>> 13;
    }

    /** The int holding weights {@code lo} and {@code hi}, as float bits. */
    float pair(float lo, float hi) {
        return Float.intBitsToFloat(bits(lo) | bits(hi) << 16);
    }

    /**
     * What the decoded float bits are multiplied by: a 16-bit value with exponent field e shifted into place
     * is a float with exponent field e, so this is {@code 2^(minExponent - 1)}.
     */
    float scale() {
        return Float.intBitsToFloat((minExponent - 1 + 127) << 23);
    }

    /** Scalar decoding of 16 bits {@code h}, as the vector tiles do it (for tests). */
    float decode(int h) {
        int shifted = ((h << 16) >> 3) & FIELD_MASK;
        return Float.intBitsToFloat(shifted) * scale();
    }
}
