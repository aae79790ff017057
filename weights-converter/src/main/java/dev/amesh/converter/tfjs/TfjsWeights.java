package dev.amesh.converter.tfjs;

import dev.amesh.api.tensor.Shape;
import dev.amesh.converter.tflite.ConversionException;
import dev.amesh.converter.tflite.HalfFloat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes the weight shards of a {@link TfjsGraphModel}. Each manifest group's shard files are read back to
 * back; its weights follow one another in manifest order, little-endian, with no padding. float32 weights are
 * read as they are, int32 weights as ints (they become attributes), and quantized weights (uint8, uint16,
 * float16) are widened to float32.
 */
public final class TfjsWeights {
    /** Weight shards of the models amesh uses are a few MB; a group far larger is not a model. */
    static final long MAX_GROUP_BYTES = 1L << 30;

    /** Reads one shard file named by a manifest path. */
    @FunctionalInterface
    public interface ShardSource {
        byte[] read(String path) throws IOException;
    }

    /** One decoded weight: float32 values, or int32 values for int weights; the other array is null. */
    public record Constant(String name, Shape shape, float[] floats, int[] ints) {
        public boolean isInt() {
            return ints != null;
        }
    }

    private TfjsWeights() {
    }

    /**
     * Reads every group's shards and decodes its weights.
     *
     * @throws ConversionException naming the weight or shard when sizes disagree or a dtype is unsupported
     * @throws IOException when a shard cannot be read
     */
    public static Map<String, Constant> decode(TfjsGraphModel model, ShardSource shards) throws IOException {
        String src = model.sourceName();
        Map<String, Constant> out = new LinkedHashMap<>();
        for (TfjsGraphModel.WeightGroup group : model.weightGroups()) {
            ByteBuffer bytes = readGroup(group, shards, src);
            for (TfjsGraphModel.WeightSpec w : group.weights()) {
                Constant c = decodeOne(w, bytes, src, group);
                if (out.put(w.name(), c) != null) {
                    throw new ConversionException(src + ": weight '" + w.name() + "' is listed twice in the manifest");
                }
            }
            if (bytes.hasRemaining()) {
                throw new ConversionException(src + ": shards " + group.paths() + " hold " + bytes.remaining()
                        + " bytes more than their weights need; the shards do not belong to this model.json");
            }
        }
        return out;
    }

    private static ByteBuffer readGroup(TfjsGraphModel.WeightGroup group, ShardSource shards, String src)
            throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String path : group.paths()) {
            byte[] b = shards.read(path);
            if ((long) all.size() + b.length > MAX_GROUP_BYTES) {
                throw new ConversionException(src + ": weight shards " + group.paths() + " exceed "
                        + MAX_GROUP_BYTES + " bytes");
            }
            all.write(b, 0, b.length);
        }
        return ByteBuffer.wrap(all.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static Constant decodeOne(TfjsGraphModel.WeightSpec w, ByteBuffer bytes, String src,
            TfjsGraphModel.WeightGroup group) {
        Shape shape;
        try {
            shape = Shape.of(w.shape());
        } catch (IllegalArgumentException e) {
            throw new ConversionException(src + ": weight '" + w.name() + "': " + e.getMessage(), e);
        }
        int n = shape.numElements();
        String storage = w.quantization() == null ? w.dtype() : w.quantization().dtype();
        int width = switch (storage) {
            case "float32", "int32" -> 4;
            case "uint16", "float16" -> 2;
            case "uint8" -> 1;
            default -> throw new ConversionException(src + ": weight '" + w.name() + "' has dtype '" + storage
                    + "'; supported are float32, int32 and uint8/uint16/float16 quantization");
        };
        long need = (long) n * width;
        if (bytes.remaining() < need) {
            throw new ConversionException(src + ": weight '" + w.name() + "' " + shape + " needs " + need
                    + " bytes but shards " + group.paths() + " have only " + bytes.remaining() + " left");
        }
        if (w.dtype().equals("int32")) {
            if (w.quantization() != null) {
                throw new ConversionException(src + ": int32 weight '" + w.name() + "' is quantized; not supported");
            }
            int[] ints = new int[n];
            bytes.asIntBuffer().get(ints);
            bytes.position(bytes.position() + 4 * n);
            return new Constant(w.name(), shape, null, ints);
        }
        if (!w.dtype().equals("float32")) {
            throw new ConversionException(src + ": weight '" + w.name() + "' has dtype '" + w.dtype()
                    + "'; supported are float32 and int32");
        }
        float[] f = new float[n];
        TfjsGraphModel.Quantization q = w.quantization();
        switch (storage) {
            case "float32" -> {
                bytes.asFloatBuffer().get(f);
                bytes.position(bytes.position() + 4 * n);
            }
            case "float16" -> {
                for (int i = 0; i < n; i++) {
                    f[i] = HalfFloat.toFloat(bytes.getShort() & 0xFFFF);
                }
            }
            case "uint16" -> {
                for (int i = 0; i < n; i++) {
                    f[i] = q.min() + q.scale() * (bytes.getShort() & 0xFFFF);
                }
            }
            case "uint8" -> {
                for (int i = 0; i < n; i++) {
                    f[i] = q.min() + q.scale() * (bytes.get() & 0xFF);
                }
            }
            default -> throw new IllegalStateException(storage);
        }
        return new Constant(w.name(), shape, f, null);
    }
}
