package dev.amesh.converter.tfjs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amesh.converter.tflite.ConversionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed TF.js graph model ({@code model.json} with {@code format: "graph-model"}): the nodes of
 * {@code modelTopology.node} with their raw TF {@code AttrValue} JSON, the {@code weightsManifest} groups,
 * and the signature's input and output node names. Weight bytes are read separately by {@link TfjsWeights}.
 */
public final class TfjsGraphModel {
    /** A model.json is a few hundred kB; far more is not a model file. */
    static final int MAX_JSON_BYTES = 64 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String sourceName;
    private final List<TfjsNode> nodes;
    private final List<WeightGroup> weightGroups;
    private final List<String> signatureInputs;
    private final List<String> signatureOutputs;
    private final Map<String, String> description;

    private TfjsGraphModel(String sourceName, List<TfjsNode> nodes, List<WeightGroup> weightGroups,
            List<String> signatureInputs, List<String> signatureOutputs, Map<String, String> description) {
        this.sourceName = sourceName;
        this.nodes = List.copyOf(nodes);
        this.weightGroups = List.copyOf(weightGroups);
        this.signatureInputs = List.copyOf(signatureInputs);
        this.signatureOutputs = List.copyOf(signatureOutputs);
        this.description = Collections.unmodifiableMap(new LinkedHashMap<>(description));
    }

    /** One weight as the manifest describes it; {@code quantization} is null for unquantized weights. */
    public record WeightSpec(String name, int[] shape, String dtype, Quantization quantization) {
    }

    /**
     * TF.js weight quantization: {@code dtype} uint8, uint16 (value = min + scale * q) or float16 (value =
     * the half-precision number).
     */
    public record Quantization(String dtype, float min, float scale) {
    }

    /** One manifest entry: shard files read back to back, holding {@code weights} in order. */
    public record WeightGroup(List<String> paths, List<WeightSpec> weights) {
    }

    /**
     * Parses model.json.
     *
     * @throws ConversionException naming {@code sourceName} when the JSON is malformed or not a graph model
     */
    public static TfjsGraphModel parse(byte[] json, String sourceName) {
        if (json.length > MAX_JSON_BYTES) {
            throw new ConversionException(sourceName + ": " + json.length + " bytes is too large for a TF.js"
                    + " model.json (at most " + MAX_JSON_BYTES + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConversionException(sourceName + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new ConversionException(sourceName + ": cannot read JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ConversionException(sourceName + ": model.json must be a JSON object");
        }
        String format = root.path("format").asText("graph-model");
        if (!format.equals("graph-model")) {
            throw new ConversionException(sourceName + ": format is '" + format + "'; only TF.js graph models"
                    + " (format graph-model) are supported");
        }
        JsonNode topology = root.get("modelTopology");
        if (topology == null || !topology.isObject()) {
            throw new ConversionException(sourceName + ": no modelTopology object");
        }
        JsonNode library = topology.path("library").path("function");
        if (library.isArray() && library.size() > 0) {
            throw new ConversionException(sourceName + ": the graph uses " + library.size() + " library functions"
                    + " (control flow); only flat graphs are supported");
        }
        List<TfjsNode> nodes = parseNodes(topology.get("node"), sourceName);
        List<WeightGroup> groups = parseManifest(root.get("weightsManifest"), sourceName);
        JsonNode signature = root.path("userDefinedMetadata").path("signature");
        if (signature.isMissingNode()) {
            signature = root.path("signature");
        }
        List<String> inputs = signatureNames(signature.path("inputs"));
        List<String> outputs = signatureNames(signature.path("outputs"));
        Map<String, String> description = new LinkedHashMap<>();
        for (String key : new String[] {"format", "generatedBy", "convertedBy"}) {
            if (root.path(key).isTextual()) {
                description.put(key, root.get(key).asText());
            }
        }
        return new TfjsGraphModel(sourceName, nodes, groups, inputs, outputs, description);
    }

    private static List<TfjsNode> parseNodes(JsonNode array, String sourceName) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new ConversionException(sourceName + ": modelTopology.node must be a non-empty array");
        }
        List<TfjsNode> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode n = array.get(i);
            String name = n.path("name").asText("");
            String op = n.path("op").asText("");
            if (name.isEmpty() || op.isEmpty()) {
                throw new ConversionException(sourceName + ": node " + i + " lacks a name or op");
            }
            if (!names.add(name)) {
                throw new ConversionException(sourceName + ": two nodes are named '" + name + "'");
            }
            List<String> inputs = new ArrayList<>();
            JsonNode in = n.get("input");
            if (in != null) {
                if (!in.isArray()) {
                    throw new ConversionException(sourceName + ": node '" + name + "' input must be an array");
                }
                for (JsonNode s : in) {
                    inputs.add(s.asText());
                }
            }
            Map<String, JsonNode> attrs = new LinkedHashMap<>();
            JsonNode attr = n.get("attr");
            if (attr != null && attr.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = attr.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    attrs.put(e.getKey(), e.getValue());
                }
            }
            nodes.add(new TfjsNode(name, op, inputs, new TfjsAttrs(sourceName, name, op, attrs)));
        }
        return nodes;
    }

    private static List<WeightGroup> parseManifest(JsonNode manifest, String sourceName) {
        List<WeightGroup> groups = new ArrayList<>();
        if (manifest == null) {
            return groups;
        }
        if (!manifest.isArray()) {
            throw new ConversionException(sourceName + ": weightsManifest must be an array");
        }
        for (int g = 0; g < manifest.size(); g++) {
            JsonNode group = manifest.get(g);
            List<String> paths = new ArrayList<>();
            for (JsonNode p : group.path("paths")) {
                paths.add(p.asText());
            }
            List<WeightSpec> weights = new ArrayList<>();
            for (JsonNode w : group.path("weights")) {
                String name = w.path("name").asText("");
                if (name.isEmpty()) {
                    throw new ConversionException(sourceName + ": a weight in manifest group " + g + " has no name");
                }
                int[] shape = dims(w.get("shape"), sourceName, "weight '" + name + "'");
                String dtype = w.path("dtype").asText("");
                Quantization q = null;
                JsonNode qn = w.get("quantization");
                if (qn != null && !qn.isNull()) {
                    q = new Quantization(qn.path("dtype").asText(""), (float) qn.path("min").asDouble(0),
                            (float) qn.path("scale").asDouble(1));
                }
                weights.add(new WeightSpec(name, shape, dtype, q));
            }
            if (paths.isEmpty() && !weights.isEmpty()) {
                throw new ConversionException(sourceName + ": manifest group " + g + " lists weights but no paths");
            }
            groups.add(new WeightGroup(paths, weights));
        }
        return groups;
    }

    private static int[] dims(JsonNode array, String sourceName, String what) {
        if (array == null || !array.isArray()) {
            throw new ConversionException(sourceName + ": " + what + " has no shape array");
        }
        int[] d = new int[array.size()];
        for (int i = 0; i < d.length; i++) {
            JsonNode v = array.get(i);
            if (!v.canConvertToInt() || v.asInt() < 0) {
                throw new ConversionException(sourceName + ": " + what + " has a bad dimension " + v);
            }
            d[i] = v.asInt();
        }
        return d;
    }

    /** Keys of a signature map such as {@code {"input_1:0": {...}}}, without the {@code :0} suffix. */
    private static List<String> signatureNames(JsonNode map) {
        List<String> names = new ArrayList<>();
        if (map.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getValue().path("name").asText(e.getKey());
                names.add(TfjsNode.nodeName(name));
            }
        }
        return names;
    }

    public String sourceName() {
        return sourceName;
    }

    public List<TfjsNode> nodes() {
        return nodes;
    }

    public List<WeightGroup> weightGroups() {
        return weightGroups;
    }

    /** Placeholder node names from the signature, in its order; empty when the file has no signature. */
    public List<String> signatureInputs() {
        return signatureInputs;
    }

    /** Output node names from the signature, in its order; empty when the file has no signature. */
    public List<String> signatureOutputs() {
        return signatureOutputs;
    }

    /** {@code format}, {@code generatedBy} and {@code convertedBy} where the file gives them. */
    public Map<String, String> description() {
        return description;
    }
}
