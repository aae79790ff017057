package dev.amesh.converter.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.amesh.converter.tflite.ConversionException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's attributes in TensorFlow's {@code AttrValue} JSON mapping: {@code {"i": "2"}}, {@code {"f": 0.5}},
 * {@code {"b": true}}, {@code {"s": base64}}, {@code {"type": "DT_FLOAT"}}, {@code {"shape": {"dim": [...]}}}
 * and {@code {"list": {"i": [...], "s": [...]}}}. Every reader names the node, op and attribute when the
 * value is missing or has the wrong form.
 */
public final class TfjsAttrs {
    private final String sourceName;
    private final String nodeName;
    private final String op;
    private final Map<String, JsonNode> values;

    TfjsAttrs(String sourceName, String nodeName, String op, Map<String, JsonNode> values) {
        this.sourceName = sourceName;
        this.nodeName = nodeName;
        this.op = op;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** An int64 attribute ({@code i}), which must fit an int. */
    public int integer(String key, int defaultValue) {
        JsonNode v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        return toInt(v.get("i"), key);
    }

    public float real(String key, float defaultValue) {
        JsonNode v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        JsonNode f = v.get("f");
        if (f == null) {
            throw error(key, "has no f value: " + v);
        }
        if (f.isNumber()) {
            return (float) f.asDouble();
        }
        if (f.isTextual()) {
            try {
                return Float.parseFloat(f.asText());
            } catch (NumberFormatException e) {
                throw error(key, "is not a number: " + f);
            }
        }
        throw error(key, "is not a number: " + f);
    }

    /** A string attribute ({@code s}, base64-encoded bytes), decoded as UTF-8. */
    public String string(String key, String defaultValue) {
        JsonNode v = values.get(key);
        if (v == null || !v.has("s")) {
            return defaultValue;
        }
        return decode(v.get("s"), key);
    }

    /** A list-of-ints attribute ({@code list.i}); empty for an empty list, {@code defaultValue} when absent. */
    public int[] ints(String key, int[] defaultValue) {
        JsonNode v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        JsonNode list = v.get("list");
        if (list == null) {
            throw error(key, "is not a list: " + v);
        }
        JsonNode items = list.get("i");
        if (items == null) {
            return new int[0];
        }
        int[] out = new int[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toInt(items.get(i), key);
        }
        return out;
    }

    /** A list-of-strings attribute ({@code list.s}, each base64), decoded; empty when absent. */
    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        JsonNode v = values.get(key);
        if (v == null) {
            return out;
        }
        for (JsonNode s : v.path("list").path("s")) {
            out.add(decode(s, key));
        }
        return out;
    }

    /** A type attribute such as {@code DT_FLOAT}, or {@code defaultValue} when absent. */
    public String type(String key, String defaultValue) {
        JsonNode v = values.get(key);
        if (v == null || !v.has("type")) {
            return defaultValue;
        }
        return v.get("type").asText();
    }

    /** A shape attribute's dimensions ({@code -1} for unknown), or null for unknown rank or when absent. */
    public int[] shape(String key) {
        JsonNode v = values.get(key);
        if (v == null) {
            return null;
        }
        JsonNode shape = v.get("shape");
        if (shape == null || shape.path("unknownRank").asBoolean(false)) {
            return null;
        }
        JsonNode dim = shape.path("dim");
        int[] out = new int[dim.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toInt(dim.get(i).path("size"), key);
        }
        return out;
    }

    private int toInt(JsonNode v, String key) {
        if (v == null) {
            throw error(key, "has no integer value");
        }
        long value;
        if (v.isIntegralNumber()) {
            value = v.asLong();
        } else if (v.isTextual()) {
            try {
                value = Long.parseLong(v.asText());
            } catch (NumberFormatException e) {
                throw error(key, "is not an integer: " + v);
            }
        } else {
            throw error(key, "is not an integer: " + v);
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw error(key, "value " + value + " does not fit an int");
        }
        return (int) value;
    }

    private String decode(JsonNode s, String key) {
        try {
            return new String(Base64.getDecoder().decode(s.asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw error(key, "is not base64: " + s);
        }
    }

    private ConversionException error(String key, String problem) {
        return new ConversionException(sourceName + ": node '" + nodeName + "' (" + op + "): attribute '" + key
                + "' " + problem);
    }
}
