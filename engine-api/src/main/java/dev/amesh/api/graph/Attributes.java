package dev.amesh.api.graph;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Typed, immutable op attributes: each value is an {@link Integer}, {@link Float}, {@link String},
 * {@code int[]} or {@code float[]}. Keys are kept sorted so that serialisation is deterministic.
 */
public final class Attributes {
    public static final Attributes EMPTY = new Attributes(new TreeMap<>());

    private final TreeMap<String, Object> values;

    private Attributes(TreeMap<String, Object> values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public int getInt(String key) {
        return typed(key, Integer.class);
    }

    public int getInt(String key, int defaultValue) {
        return has(key) ? getInt(key) : defaultValue;
    }

    public float getFloat(String key) {
        return typed(key, Float.class);
    }

    public float getFloat(String key, float defaultValue) {
        return has(key) ? getFloat(key) : defaultValue;
    }

    public String getString(String key) {
        return typed(key, String.class);
    }

    public String getString(String key, String defaultValue) {
        return has(key) ? getString(key) : defaultValue;
    }

    public int[] getInts(String key) {
        return typed(key, int[].class).clone();
    }

    public float[] getFloats(String key) {
        return typed(key, float[].class).clone();
    }

    private <T> T typed(String key, Class<T> type) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing attribute '" + key + "'");
        }
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("attribute '" + key + "' is " + v.getClass().getSimpleName()
                    + ", expected " + type.getSimpleName());
        }
        return type.cast(v);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Attributes)) {
            return false;
        }
        Map<String, Object> other = ((Attributes) o).values;
        if (!values.keySet().equals(other.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!Objects.deepEquals(e.getValue(), other.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            h = 31 * h + e.getKey().hashCode();
            h = 31 * h + Arrays.deepHashCode(new Object[] {e.getValue()});
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            Object v = e.getValue();
            String s = v instanceof int[] ? Arrays.toString((int[]) v)
                    : v instanceof float[] ? Arrays.toString((float[]) v) : String.valueOf(v);
            sb.append(e.getKey()).append('=').append(s);
        }
        return sb.append('}').toString();
    }

    public static final class Builder {
        private final TreeMap<String, Object> values = new TreeMap<>();

        public Builder put(String key, int v) {
            values.put(key, v);
            return this;
        }

        public Builder put(String key, float v) {
            values.put(key, v);
            return this;
        }

        public Builder put(String key, String v) {
            values.put(key, Objects.requireNonNull(v));
            return this;
        }

        public Builder put(String key, int[] v) {
            values.put(key, v.clone());
            return this;
        }

        public Builder put(String key, float[] v) {
            values.put(key, v.clone());
            return this;
        }

        /** Adds a value of one of the supported types. */
        public Builder putObject(String key, Object v) {
            if (v instanceof Integer || v instanceof Float || v instanceof String) {
                values.put(key, v);
            } else if (v instanceof int[]) {
                values.put(key, ((int[]) v).clone());
            } else if (v instanceof float[]) {
                values.put(key, ((float[]) v).clone());
            } else {
                throw new IllegalArgumentException("unsupported attribute type for '" + key + "': "
                        + (v == null ? "null" : v.getClass().getName()));
            }
            return this;
        }

        public Attributes build() {
            return values.isEmpty() ? EMPTY : new Attributes(new TreeMap<>(values));
        }
    }
}
