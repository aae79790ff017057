package dev.amesh.converter.tfjs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amesh.api.graph.Graph;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Writes small TF.js graph models (model.json and one weight shard) for the converter tests. */
final class TinyTfjs {
    static final String SHARD = "group1-shard1of1.bin";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();
    private final ArrayNode nodes;
    private final ArrayNode weights;
    private final ByteArrayOutputStream shard = new ByteArrayOutputStream();

    TinyTfjs() {
        root.put("format", "graph-model");
        root.put("generatedBy", "amesh tests");
        nodes = root.putObject("modelTopology").putArray("node");
        ObjectNode group = root.putArray("weightsManifest").addObject();
        group.putArray("paths").add(SHARD);
        weights = group.putArray("weights");
    }

    TinyTfjs placeholder(String name, int... shape) {
        ObjectNode n = nodes.addObject().put("name", name).put("op", "Placeholder");
        ObjectNode attr = n.putObject("attr");
        ArrayNode dims = attr.putObject("shape").putObject("shape").putArray("dim");
        for (int d : shape) {
            dims.addObject().put("size", Integer.toString(d));
        }
        attr.putObject("dtype").put("type", "DT_FLOAT");
        return this;
    }

    /** A float32 Const node with its weight. */
    TinyTfjs constant(String name, int[] shape, float[] values) {
        constNode(name, "DT_FLOAT");
        manifestEntry(name, shape, "float32");
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        shard.writeBytes(b.array());
        return this;
    }

    /** An int32 Const node with its weight. */
    TinyTfjs intConstant(String name, int[] shape, int... values) {
        constNode(name, "DT_INT32");
        manifestEntry(name, shape, "int32");
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        shard.writeBytes(b.array());
        return this;
    }

    /** A float32 Const node stored as uint8 with TF.js affine quantization. */
    TinyTfjs uint8Constant(String name, int[] shape, float min, float scale, int... codes) {
        constNode(name, "DT_FLOAT");
        ObjectNode w = manifestEntry(name, shape, "float32");
        w.putObject("quantization").put("dtype", "uint8").put("min", min).put("scale", scale);
        for (int c : codes) {
            shard.write(c);
        }
        return this;
    }

    /** A float32 Const node stored as float16 (raw half bits). */
    TinyTfjs float16Constant(String name, int[] shape, int... halfBits) {
        constNode(name, "DT_FLOAT");
        ObjectNode w = manifestEntry(name, shape, "float32");
        w.putObject("quantization").put("dtype", "float16");
        for (int h : halfBits) {
            shard.write(h & 0xFF);
            shard.write((h >>> 8) & 0xFF);
        }
        return this;
    }

    /** A Const node with no manifest entry. */
    TinyTfjs constNode(String name, String dtype) {
        ObjectNode n = nodes.addObject().put("name", name).put("op", "Const");
        n.putObject("attr").putObject("dtype").put("type", dtype);
        return this;
    }

    TinyTfjs node(String name, String op, Attrs attrs, String... inputs) {
        ObjectNode n = nodes.addObject().put("name", name).put("op", op);
        ArrayNode in = n.putArray("input");
        for (String s : inputs) {
            in.add(s);
        }
        n.set("attr", attrs.node);
        return this;
    }

    TinyTfjs node(String name, String op, String... inputs) {
        return node(name, op, attrs(), inputs);
    }

    /** Declares the signature's outputs (without it the converter uses the graph's sinks). */
    TinyTfjs outputs(String... names) {
        ObjectNode outs = root.with("userDefinedMetadata").with("signature").putObject("outputs");
        for (String s : names) {
            outs.putObject(s + ":0").put("name", s + ":0");
        }
        return this;
    }

    /** Appends bytes to the shard that no weight accounts for. */
    TinyTfjs extraShardBytes(int count) {
        shard.writeBytes(new byte[count]);
        return this;
    }

    ObjectNode root() {
        return root;
    }

    byte[] json() {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] shard() {
        return shard.toByteArray();
    }

    Graph convert() throws IOException {
        byte[] bin = shard();
        return TfjsConverter.convert(json(), path -> {
            if (!path.equals(SHARD)) {
                throw new IOException("no shard " + path);
            }
            return bin;
        }, "tiny.json");
    }

    private ObjectNode manifestEntry(String name, int[] shape, String dtype) {
        ObjectNode w = weights.addObject().put("name", name).put("dtype", dtype);
        ArrayNode s = w.putArray("shape");
        for (int d : shape) {
            s.add(d);
        }
        return w;
    }

    static Attrs attrs() {
        return new Attrs();
    }

    /** TF AttrValue JSON, written the way the TF.js converter writes it. */
    static final class Attrs {
        final ObjectNode node = JSON.createObjectNode();

        Attrs ints(String key, int... values) {
            ArrayNode list = node.putObject(key).putObject("list").putArray("i");
            for (int v : values) {
                list.add(Integer.toString(v));
            }
            return this;
        }

        Attrs i(String key, int value) {
            node.putObject(key).put("i", Integer.toString(value));
            return this;
        }

        Attrs s(String key, String value) {
            node.putObject(key).put("s", base64(value));
            return this;
        }

        Attrs strings(String key, String... values) {
            ArrayNode list = node.putObject(key).putObject("list").putArray("s");
            for (String v : values) {
                list.add(base64(v));
            }
            return this;
        }

        Attrs raw(String key, Map<String, Object> value) {
            node.set(key, JSON.valueToTree(value));
            return this;
        }

        /** NHWC conv/pool attributes as TF writes them. */
        Attrs window(String padding, int strideH, int strideW) {
            s("padding", padding);
            s("data_format", "NHWC");
            ints("strides", 1, strideH, strideW, 1);
            if (!node.has("dilations")) {
                ints("dilations", 1, 1, 1, 1);
            }
            return this;
        }

        private static String base64(String s) {
            return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
        }
    }
}
