package dev.amesh.converter.tflite;

import com.google.flatbuffers.ArrayReadWriteBuf;
import com.google.flatbuffers.FlexBuffers;
import java.util.function.Function;

/**
 * The root map of a custom operator's FlexBuffer options, with typed lookups. A missing key, a value of the
 * wrong type, or bytes that are not a FlexBuffer map are reported through {@code fail}, which turns a
 * problem description into the exception to throw (naming the operator).
 */
final class FlexBufferOptions {
    private final byte[] bytes;
    private final Function<String, ConversionException> fail;
    private final FlexBuffers.Map map;

    FlexBufferOptions(byte[] bytes, Function<String, ConversionException> fail) {
        this.bytes = bytes;
        this.fail = fail;
        if (bytes.length < 3) {
            throw fail.apply("custom options are " + bytes.length + " bytes, too short for a FlexBuffer");
        }
        FlexBuffers.Reference root;
        try {
            root = FlexBuffers.getRoot(new ArrayReadWriteBuf(bytes, bytes.length));
        } catch (RuntimeException e) {
            throw fail.apply("custom options are not a valid FlexBuffer: " + e);
        }
        if (!root.isMap()) {
            throw fail.apply("custom options are a FlexBuffer of type " + root.getType() + ", not a map");
        }
        this.map = root.asMap();
    }

    private FlexBuffers.Reference get(String key) {
        FlexBuffers.Reference v;
        try {
            v = map.get(key);
        } catch (RuntimeException e) {
            throw fail.apply("custom options are not a valid FlexBuffer map (looking up '" + key + "'): " + e);
        }
        if (v.isNull()) {
            throw fail.apply("custom options lack the key '" + key + "'");
        }
        return v;
    }

    /** An integer value that fits an int. */
    int integer(String key) {
        FlexBuffers.Reference v = get(key);
        if (!v.isIntOrUInt()) {
            throw fail.apply("custom option '" + key + "' has FlexBuffer type " + v.getType()
                    + ", expected an integer");
        }
        long l;
        try {
            l = v.asLong();
        } catch (RuntimeException e) {
            throw fail.apply("custom option '" + key + "' cannot be read: " + e);
        }
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw fail.apply("custom option '" + key + "' = " + l + " does not fit an int");
        }
        return (int) l;
    }

    /** A numeric value as float (integers are accepted and converted). */
    float real(String key) {
        FlexBuffers.Reference v = get(key);
        if (!v.isNumeric()) {
            throw fail.apply("custom option '" + key + "' has FlexBuffer type " + v.getType() + ", expected a number");
        }
        try {
            return (float) v.asFloat();
        } catch (RuntimeException e) {
            throw fail.apply("custom option '" + key + "' cannot be read: " + e);
        }
    }

    /** A vector (typed or not) whose elements are all integers that fit an int. */
    int[] ints(String key) {
        FlexBuffers.Reference v = get(key);
        if (!v.isVector() && !v.isTypedVector()) {
            throw fail.apply("custom option '" + key + "' has FlexBuffer type " + v.getType()
                    + ", expected a vector of integers");
        }
        try {
            FlexBuffers.Vector vec = v.asVector();
            int n = vec.size();
            // Every element takes at least one byte, so a longer claim is corrupt.
            if (n < 0 || n > bytes.length) {
                throw fail.apply("custom option '" + key + "' claims " + n + " elements in " + bytes.length + " bytes");
            }
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                FlexBuffers.Reference e = vec.get(i);
                if (!e.isIntOrUInt()) {
                    throw fail.apply("custom option '" + key + "' element " + i + " has FlexBuffer type "
                            + e.getType() + ", expected an integer");
                }
                long l = e.asLong();
                if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                    throw fail.apply("custom option '" + key + "' element " + i + " = " + l + " does not fit an int");
                }
                out[i] = (int) l;
            }
            return out;
        } catch (ConversionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw fail.apply("custom option '" + key + "' cannot be read: " + e);
        }
    }
}
