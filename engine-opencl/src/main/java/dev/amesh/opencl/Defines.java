package dev.amesh.opencl;

import dev.amesh.api.graph.GraphException;

/** Build options of one kernel instance: {@code -DNAME=value} for each shape constant baked into the program. */
final class Defines {
    private final StringBuilder sb = new StringBuilder();

    Defines put(String name, int value) {
        return raw(name, Integer.toString(value));
    }

    Defines put(String name, boolean value) {
        return put(name, value ? 1 : 0);
    }

    /** A float as an exact hexadecimal literal such as {@code 0x1.8p1f}. */
    Defines put(String name, float value) {
        if (!Float.isFinite(value)) {
            throw new GraphException("cannot bake the non-finite value " + value + " into kernel constant " + name);
        }
        return raw(name, literal(value));
    }

    /** The text as it stands (e.g. {@code INFINITY}, or a comma-separated initializer without spaces). */
    Defines raw(String name, String text) {
        if (text.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("define " + name + " must not contain spaces: " + text);
        }
        if (sb.length() > 0) {
            sb.append(' ');
        }
        sb.append("-D").append(name).append('=').append(text);
        return this;
    }

    /** The fused activation {@code NONE, RELU, RELU6, RELU_N1_TO_1} as ACT_KIND, ACT_LO, ACT_HI. */
    Defines activation(String name) {
        switch (name) {
            case "NONE":
                return put("ACT_KIND", 0);
            case "RELU":
                return put("ACT_KIND", 1).raw("ACT_LO", "0.0f").raw("ACT_HI", "INFINITY");
            case "RELU6":
                return put("ACT_KIND", 2).raw("ACT_LO", "0.0f").raw("ACT_HI", "6.0f");
            case "RELU_N1_TO_1":
                return put("ACT_KIND", 3).raw("ACT_LO", "-1.0f").raw("ACT_HI", "1.0f");
            default:
                throw new GraphException("unknown activation '" + name + "'");
        }
    }

    static String literal(float v) {
        return (v == 0f && 1f / v < 0 ? "-0.0" : Float.toHexString(v)) + "f";
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
