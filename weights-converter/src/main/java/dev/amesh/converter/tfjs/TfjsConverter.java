package dev.amesh.converter.tfjs;

import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.DType;
import dev.amesh.api.tensor.Shape;
import dev.amesh.converter.tflite.ConversionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a TF.js graph model (model.json plus weight shards) into an amesh {@link Graph}.
 *
 * <p>Mapping (NHWC only): {@code Conv2D}/{@code _FusedConv2D} → CONV_2D (filter transposed from TF's
 * [KH,KW,I,O] to [O,KH,KW,I]; fused Relu/Relu6 become its activation, a fused Prelu a PRELU node after it);
 * {@code DepthwiseConv2dNative}/{@code FusedDepthwiseConv2dNative} → DEPTHWISE_CONV_2D (TF's [KH,KW,C,dm]
 * is already [1,KH,KW,C*dm] in memory); {@code Prelu} → PRELU; {@code Add}/{@code AddV2} → ADD; {@code Mul}
 * → MUL; {@code Relu} → RELU; {@code MaxPool} → MAX_POOL_2D; {@code Pad}/{@code PadV2} (zero fill) → PAD;
 * {@code ConcatV2} → CONCATENATION; {@code Reshape} → RESHAPE; {@code Identity} and friends are aliases.
 * Int32 constant operands (paddings, axis, shape) become attributes. EXPLICIT conv padding becomes a PAD
 * node before a VALID convolution. A missing bias becomes a zero bias. Anything else is a
 * {@link ConversionException} naming the node and its op.
 *
 * <p>Tensor names are the TF node names. A fused conv with Prelu names the PRELU output after the TF node
 * and the conv output {@code <node>/conv}. A batch dimension of -1 becomes 1; other unknown dimensions are
 * an error.
 */
public final class TfjsConverter {
    public static final String META_SOURCE_FILE = "source_file";
    public static final String META_SOURCE_SHA256 = "source_sha256";
    public static final String META_WEIGHTS_SHA256 = "weights_sha256";
    public static final String META_TFJS_OP_COUNTS = "tfjs_op_counts";
    /** Suffix of the conv output when a fused Prelu follows it. */
    public static final String CONV_SUFFIX = "/conv";

    private TfjsConverter() {
    }

    /**
     * Converts {@code modelJson}, reading its shards from the same folder. Manifest paths must stay inside
     * that folder.
     */
    public static Graph convert(Path modelJson) throws IOException {
        Path dir = modelJson.toAbsolutePath().getParent();
        String name = modelJson.getFileName().toString();
        long size = Files.size(modelJson);
        if (size > TfjsGraphModel.MAX_JSON_BYTES) {
            throw new ConversionException(name + ": " + size + " bytes is too large for a TF.js model.json");
        }
        return convert(Files.readAllBytes(modelJson), path -> {
            Path shard = dir.resolve(path).normalize();
            if (!shard.startsWith(dir)) {
                throw new ConversionException(name + ": weight path '" + path + "' leaves the model's folder");
            }
            if (!Files.isRegularFile(shard)) {
                throw new ConversionException(name + ": weight shard " + shard + " does not exist");
            }
            if (Files.size(shard) > TfjsWeights.MAX_GROUP_BYTES) {
                throw new ConversionException(name + ": weight shard " + shard + " is too large");
            }
            return Files.readAllBytes(shard);
        }, name);
    }

    /**
     * Converts model.json bytes with shards from {@code shards}.
     *
     * @param sourceName the file name, for the graph name, metadata and messages
     * @throws ConversionException when the model is malformed or uses something amesh does not support
     */
    public static Graph convert(byte[] modelJson, TfjsWeights.ShardSource shards, String sourceName)
            throws IOException {
        TfjsGraphModel model = TfjsGraphModel.parse(modelJson, sourceName);
        MessageDigest weightsDigest = sha256();
        Map<String, TfjsWeights.Constant> weights = TfjsWeights.decode(model, path -> {
            byte[] b = shards.read(path);
            weightsDigest.update(b);
            return b;
        });
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(META_SOURCE_FILE, sourceName);
        meta.put(META_SOURCE_SHA256, HexFormat.of().formatHex(sha256().digest(modelJson)));
        meta.put(META_WEIGHTS_SHA256, HexFormat.of().formatHex(weightsDigest.digest()));
        for (Map.Entry<String, String> e : model.description().entrySet()) {
            meta.put("tfjs_" + e.getKey(), e.getValue());
        }
        return new Builder(model, weights, meta).build();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * What a TF node's output is during conversion: a graph tensor, or a weight that becomes a graph constant
     * (in the layout its consumer needs) or an attribute only when a consumer reads it.
     */
    private record Value(int tensorId, TfjsWeights.Constant constant) {
        boolean isTensor() {
            return tensorId >= 0;
        }
    }

    private static final class Builder {
        private final TfjsGraphModel model;
        private final Map<String, TfjsWeights.Constant> weights;
        private final Map<String, String> meta;
        private final String src;
        private final Map<String, TfjsNode> byName = new HashMap<>();
        private final Map<String, Value> values = new HashMap<>();
        /** Float constants already added as graph tensors, keyed by weight name and layout. */
        private final Map<String, Integer> constantTensors = new HashMap<>();
        private final List<TensorInfo> tensors = new ArrayList<>();
        private final List<Node> nodes = new ArrayList<>();
        private final List<Integer> inputs = new ArrayList<>();
        private final Map<String, Integer> opCounts = new LinkedHashMap<>();

        Builder(TfjsGraphModel model, Map<String, TfjsWeights.Constant> weights, Map<String, String> meta) {
            this.model = model;
            this.weights = weights;
            this.meta = meta;
            this.src = model.sourceName();
            for (TfjsNode n : model.nodes()) {
                byName.put(n.name(), n);
            }
        }

        Graph build() {
            List<String> outputs = outputNames();
            for (String name : placeholderOrder()) {
                values.put(name, new Value(addInput(byName.get(name)), null));
            }
            for (TfjsNode n : executionOrder(outputs)) {
                if (!values.containsKey(n.name())) {
                    opCounts.merge(n.op(), 1, Integer::sum);
                    values.put(n.name(), convertNode(n));
                }
            }
            int[] outIds = new int[outputs.size()];
            for (int i = 0; i < outIds.length; i++) {
                Value v = values.get(outputs.get(i));
                if (!v.isTensor()) {
                    throw new ConversionException(src + ": model output '" + outputs.get(i)
                            + "' is a constant; amesh graphs output computed tensors");
                }
                outIds[i] = v.tensorId();
            }
            StringBuilder counts = new StringBuilder();
            for (Map.Entry<String, Integer> e : opCounts.entrySet()) {
                counts.append(counts.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue());
            }
            meta.put(META_TFJS_OP_COUNTS, counts.toString());
            int[] inIds = inputs.stream().mapToInt(Integer::intValue).toArray();
            String graphName = src.endsWith(".json") ? src.substring(0, src.length() - 5) : src;
            try {
                return new Graph(graphName, tensors, nodes, inIds, outIds, meta);
            } catch (GraphException e) {
                throw new ConversionException(src + ": the converted graph is not well formed: " + e.getMessage(), e);
            }
        }

        // ---- graph structure -----------------------------------------------------------------------------

        private List<String> outputNames() {
            List<String> outputs = new ArrayList<>(model.signatureOutputs());
            if (outputs.isEmpty()) {
                Map<String, Boolean> consumed = new HashMap<>();
                for (TfjsNode n : model.nodes()) {
                    for (String in : n.inputs()) {
                        consumed.put(TfjsNode.nodeName(in), true);
                    }
                }
                for (TfjsNode n : model.nodes()) {
                    if (!consumed.containsKey(n.name()) && !n.op().equals("Const") && !n.op().equals("NoOp")) {
                        outputs.add(n.name());
                    }
                }
            }
            if (outputs.isEmpty()) {
                throw new ConversionException(src + ": the graph has no outputs");
            }
            for (String o : outputs) {
                if (!byName.containsKey(o)) {
                    throw new ConversionException(src + ": the signature names output '" + o
                            + "', which is not a node of the graph");
                }
            }
            return outputs;
        }

        private List<String> placeholderOrder() {
            List<String> names = new ArrayList<>();
            for (String s : model.signatureInputs()) {
                TfjsNode n = byName.get(s);
                if (n == null || !n.op().equals("Placeholder")) {
                    throw new ConversionException(src + ": the signature names input '" + s
                            + "', which is not a Placeholder node");
                }
                names.add(s);
            }
            for (TfjsNode n : model.nodes()) {
                if (n.op().equals("Placeholder") && !names.contains(n.name())) {
                    names.add(n.name());
                }
            }
            return names;
        }

        /** The nodes the outputs depend on, each after its data inputs (iterative depth-first search). */
        private List<TfjsNode> executionOrder(List<String> outputs) {
            final int inProgress = 1;
            final int done = 2;
            Map<String, Integer> state = new HashMap<>();
            List<TfjsNode> order = new ArrayList<>();
            Deque<Object[]> stack = new ArrayDeque<>();
            for (int i = outputs.size() - 1; i >= 0; i--) {
                stack.push(new Object[] {outputs.get(i), Boolean.FALSE, null});
            }
            while (!stack.isEmpty()) {
                Object[] top = stack.pop();
                String name = (String) top[0];
                boolean expanded = (Boolean) top[1];
                TfjsNode node = byName.get(name);
                if (node == null) {
                    throw new ConversionException(src + ": node '" + top[2] + "' reads '" + name
                            + "', which is not a node of the graph");
                }
                Integer s = state.get(name);
                if (expanded) {
                    state.put(name, done);
                    order.add(node);
                    continue;
                }
                if (s != null && s == done) {
                    continue;
                }
                if (s != null && s == inProgress) {
                    throw new ConversionException(src + ": the graph has a cycle through node '" + name + "' ("
                            + node.op() + ")");
                }
                state.put(name, inProgress);
                stack.push(new Object[] {name, Boolean.TRUE, null});
                List<String> ins = node.dataInputs();
                for (int i = ins.size() - 1; i >= 0; i--) {
                    String in = TfjsNode.nodeName(ins.get(i));
                    Integer si = state.get(in);
                    if (si == null || si != done) {
                        stack.push(new Object[] {in, Boolean.FALSE, name});
                    }
                }
            }
            return order;
        }

        // ---- ops -----------------------------------------------------------------------------------------

        private Value convertNode(TfjsNode n) {
            switch (n.op()) {
                case "Const":
                    return constant(n);
                case "Identity", "StopGradient", "Snapshot", "PreventGradient":
                    requireInputs(n, 1, 1);
                    return input(n, 0);
                case "Conv2D":
                    return conv(n, false, false);
                case "_FusedConv2D":
                    return conv(n, false, true);
                case "DepthwiseConv2dNative":
                    return conv(n, true, false);
                case "FusedDepthwiseConv2dNative":
                    return conv(n, true, true);
                case "Prelu":
                    requireInputs(n, 2, 2);
                    return tensor(addNode(n, OpType.PRELU, n.name(), shapeOf(n, 0),
                            new int[] {activation(n, 0), floatOperand(n, 1)}, Attributes.EMPTY));
                case "Add", "AddV2":
                    return binary(n, OpType.ADD);
                case "Mul":
                    return binary(n, OpType.MUL);
                case "Relu":
                    requireInputs(n, 1, 1);
                    return tensor(addNode(n, OpType.RELU, n.name(), shapeOf(n, 0), new int[] {activation(n, 0)},
                            Attributes.EMPTY));
                case "MaxPool":
                    return maxPool(n);
                case "Pad", "PadV2":
                    return pad(n);
                case "ConcatV2":
                    return concat(n);
                case "Reshape":
                    return reshape(n);
                case "Placeholder":
                    throw new IllegalStateException("placeholders are added first");
                default:
                    throw new ConversionException(src + ": node '" + n.name() + "' has op '" + n.op()
                            + "', which amesh does not support");
            }
        }

        private Value constant(TfjsNode n) {
            TfjsWeights.Constant c = weights.get(n.name());
            if (c == null) {
                throw new ConversionException(src + ": Const node '" + n.name() + "' has no entry in the"
                        + " weightsManifest");
            }
            return new Value(-1, c);
        }

        private Value conv(TfjsNode n, boolean depthwise, boolean fused) {
            TfjsAttrs a = n.attrs();
            requireNhwc(n);
            int x = activation(n, 0);
            Shape xs = tensors.get(x).shape();
            if (xs.rank() != 4) {
                throw error(n, "input " + xs + " must be rank 4 (NHWC)");
            }
            TfjsWeights.Constant filter = floatConstant(n, 1);
            Shape fs = filter.shape();
            if (fs.rank() != 4 || fs.numElements() == 0) {
                throw error(n, "filter " + fs + " must be a non-empty rank-4 [KH,KW,I," + (depthwise ? "dm" : "O")
                        + "]");
            }
            int kh = fs.dim(0);
            int kw = fs.dim(1);
            int inC = xs.dim(3);
            if (fs.dim(2) != inC) {
                throw error(n, "filter " + fs + " expects " + fs.dim(2) + " input channels but the input is " + xs);
            }
            int outC = depthwise ? inC * fs.dim(3) : fs.dim(3);
            int[] strides = fourAxisPair(n, "strides");
            int[] dilations = fourAxisPair(n, "dilations");
            String padding = a.string("padding", "");

            List<String> fusedOps = fused ? a.strings("fused_ops") : List.of();
            int numArgs = fused ? a.integer("num_args", 0) : 0;
            requireInputs(n, 2 + numArgs, 2 + numArgs);
            String activation = "NONE";
            boolean prelu = false;
            if (fused) {
                if (fusedOps.isEmpty() || !fusedOps.get(0).equals("BiasAdd")) {
                    throw error(n, "fused_ops " + fusedOps + " are not supported (expected BiasAdd first)");
                }
                if (fusedOps.size() == 2) {
                    switch (fusedOps.get(1)) {
                        case "Relu" -> activation = "RELU";
                        case "Relu6" -> activation = "RELU6";
                        case "Prelu" -> prelu = true;
                        default -> throw error(n, "fused op '" + fusedOps.get(1) + "' is not supported");
                    }
                } else if (fusedOps.size() > 2) {
                    throw error(n, "fused_ops " + fusedOps + " are not supported");
                }
                int expectedArgs = prelu ? 2 : 1;
                if (numArgs != expectedArgs) {
                    throw error(n, "fused_ops " + fusedOps + " need " + expectedArgs + " arguments, num_args is "
                            + numArgs);
                }
            }
            int bias;
            if (fused) {
                TfjsWeights.Constant b = floatConstant(n, 2);
                if (b.shape().rank() != 1 || b.shape().dim(0) != outC) {
                    throw error(n, "bias " + b.shape() + " must be [" + outC + "]");
                }
                bias = constantTensor(b, "", b.shape(), b.floats());
            } else {
                bias = zeroBias(n, outC);
            }

            if (padding.equals("EXPLICIT")) {
                int[] explicit = a.ints("explicit_paddings", new int[0]);
                if (explicit.length != 8 || explicit[0] != 0 || explicit[1] != 0 || explicit[6] != 0
                        || explicit[7] != 0) {
                    throw error(n, "explicit_paddings " + Arrays.toString(explicit)
                            + " must pad only height and width (8 values, NHWC)");
                }
                for (int p : explicit) {
                    if (p < 0) {
                        throw error(n, "explicit_paddings " + Arrays.toString(explicit) + " are negative");
                    }
                }
                Shape padded = Shape.of(xs.dim(0), xs.dim(1) + explicit[2] + explicit[3],
                        xs.dim(2) + explicit[4] + explicit[5], inC);
                x = addNode(n, OpType.PAD, n.name() + "/pad", padded, new int[] {x},
                        Attributes.builder().put("paddings", explicit).build());
                xs = padded;
                padding = "VALID";
            }
            int outH = spatialOut(n, padding, xs.dim(1), kh, strides[0], dilations[0]);
            int outW = spatialOut(n, padding, xs.dim(2), kw, strides[1], dilations[1]);
            Shape outShape = Shape.of(xs.dim(0), outH, outW, outC);

            int filterTensor;
            Attributes.Builder attrs = Attributes.builder()
                    .put("padding", padding)
                    .put("stride_h", strides[0])
                    .put("stride_w", strides[1])
                    .put("dilation_h", dilations[0])
                    .put("dilation_w", dilations[1])
                    .put("activation", activation);
            OpType op;
            if (depthwise) {
                op = OpType.DEPTHWISE_CONV_2D;
                attrs.put("depth_multiplier", fs.dim(3));
                // [KH,KW,C,dm] and [1,KH,KW,C*dm] share one memory order: channel c*dm+m.
                filterTensor = constantTensor(filter, "depthwise", Shape.of(1, kh, kw, outC), filter.floats());
            } else {
                op = OpType.CONV_2D;
                filterTensor = constantTensor(filter, "ohwi", Shape.of(outC, kh, kw, inC),
                        hwioToOhwi(filter.floats(), kh, kw, inC, outC));
            }
            String convName = prelu ? n.name() + CONV_SUFFIX : n.name();
            int out = addNode(n, op, convName, outShape, new int[] {x, filterTensor, bias}, attrs.build());
            if (prelu) {
                int alpha = floatOperand(n, 3);
                out = addNode(n, OpType.PRELU, n.name(), outShape, new int[] {out, alpha}, Attributes.EMPTY);
            }
            return tensor(out);
        }

        private Value binary(TfjsNode n, OpType op) {
            requireInputs(n, 2, 2);
            int a = floatOperand(n, 0);
            int b = floatOperand(n, 1);
            if (tensors.get(a).isConstant() && tensors.get(b).isConstant()) {
                throw error(n, "both operands are constants; amesh does not fold constant arithmetic");
            }
            Shape out = broadcast(n, tensors.get(a).shape(), tensors.get(b).shape());
            return tensor(addNode(n, op, n.name(), out, new int[] {a, b},
                    Attributes.builder().put("activation", "NONE").build()));
        }

        private Value maxPool(TfjsNode n) {
            requireInputs(n, 1, 1);
            requireNhwc(n);
            int x = activation(n, 0);
            Shape xs = tensors.get(x).shape();
            if (xs.rank() != 4) {
                throw error(n, "input " + xs + " must be rank 4 (NHWC)");
            }
            int[] k = fourAxisPair(n, "ksize");
            int[] s = fourAxisPair(n, "strides");
            String padding = n.attrs().string("padding", "");
            if (!padding.equals("SAME") && !padding.equals("VALID")) {
                throw error(n, "padding '" + padding + "' is not supported for pooling (SAME or VALID)");
            }
            Shape out = Shape.of(xs.dim(0), spatialOut(n, padding, xs.dim(1), k[0], s[0], 1),
                    spatialOut(n, padding, xs.dim(2), k[1], s[1], 1), xs.dim(3));
            return tensor(addNode(n, OpType.MAX_POOL_2D, n.name(), out, new int[] {x}, Attributes.builder()
                    .put("padding", padding)
                    .put("stride_h", s[0])
                    .put("stride_w", s[1])
                    .put("filter_h", k[0])
                    .put("filter_w", k[1])
                    .put("activation", "NONE")
                    .build()));
        }

        private Value pad(TfjsNode n) {
            boolean v2 = n.op().equals("PadV2");
            requireInputs(n, v2 ? 3 : 2, v2 ? 3 : 2);
            int x = activation(n, 0);
            Shape xs = tensors.get(x).shape();
            TfjsWeights.Constant p = intConstant(n, 1);
            if (p.shape().rank() != 2 || p.shape().dim(0) != xs.rank() || p.shape().dim(1) != 2) {
                throw error(n, "paddings " + p.shape() + " must be [" + xs.rank() + ",2] for input " + xs);
            }
            if (v2) {
                TfjsWeights.Constant fill = input(n, 2).constant();
                float[] f = fill == null ? null : fill.floats();
                if (f == null || f.length != 1 || f[0] != 0f) {
                    throw error(n, "PadV2 fills with a value other than a constant 0; amesh pads with 0 only");
                }
            }
            int[] paddings = p.ints().clone();
            int[] dims = xs.dims();
            for (int i = 0; i < dims.length; i++) {
                if (paddings[2 * i] < 0 || paddings[2 * i + 1] < 0) {
                    throw error(n, "paddings " + Arrays.toString(paddings) + " are negative");
                }
                dims[i] += paddings[2 * i] + paddings[2 * i + 1];
            }
            return tensor(addNode(n, OpType.PAD, n.name(), shape(n, dims), new int[] {x},
                    Attributes.builder().put("paddings", paddings).build()));
        }

        private Value concat(TfjsNode n) {
            List<String> ins = n.dataInputs();
            if (ins.size() < 2) {
                throw error(n, "needs at least one tensor and the axis");
            }
            int count = ins.size() - 1;
            TfjsWeights.Constant axisConst = intConstant(n, count);
            if (axisConst.ints().length != 1) {
                throw error(n, "axis " + axisConst.shape() + " must be a scalar");
            }
            int[] ids = new int[count];
            for (int i = 0; i < count; i++) {
                ids[i] = floatOperand(n, i);
            }
            Shape first = tensors.get(ids[0]).shape();
            int rank = first.rank();
            int axis = axisConst.ints()[0];
            int positive = axis < 0 ? axis + rank : axis;
            if (positive < 0 || positive >= rank) {
                throw error(n, "axis " + axis + " is out of range for rank " + rank);
            }
            int[] dims = first.dims();
            dims[positive] = 0;
            for (int id : ids) {
                Shape s = tensors.get(id).shape();
                if (s.rank() != rank) {
                    throw error(n, "inputs have different ranks: " + first + " and " + s);
                }
                for (int d = 0; d < rank; d++) {
                    if (d != positive && s.dim(d) != first.dim(d)) {
                        throw error(n, "inputs " + first + " and " + s + " differ outside axis " + axis);
                    }
                }
                dims[positive] += s.dim(positive);
            }
            return tensor(addNode(n, OpType.CONCATENATION, n.name(), shape(n, dims), ids,
                    Attributes.builder().put("axis", axis).put("activation", "NONE").build()));
        }

        private Value reshape(TfjsNode n) {
            requireInputs(n, 2, 2);
            int x = activation(n, 0);
            Shape xs = tensors.get(x).shape();
            int[] target = intConstant(n, 1).ints().clone();
            int unknown = -1;
            long known = 1;
            for (int i = 0; i < target.length; i++) {
                if (target[i] == -1 && unknown < 0) {
                    unknown = i;
                } else if (target[i] < 0) {
                    throw error(n, "shape " + Arrays.toString(target) + " is not a valid target");
                } else {
                    known *= target[i];
                    if (known > Shape.MAX_ELEMENTS) {
                        throw error(n, "shape " + Arrays.toString(target) + " has too many elements");
                    }
                }
            }
            if (unknown >= 0) {
                if (known == 0 || xs.numElements() % known != 0) {
                    throw error(n, "cannot reshape " + xs + " to " + Arrays.toString(target));
                }
                target[unknown] = (int) (xs.numElements() / known);
            } else if (known != xs.numElements()) {
                throw error(n, "cannot reshape " + xs + " (" + xs.numElements() + " elements) to "
                        + Arrays.toString(target));
            }
            return tensor(addNode(n, OpType.RESHAPE, n.name(), shape(n, target), new int[] {x},
                    Attributes.builder().put("new_shape", target).build()));
        }

        // ---- operands ------------------------------------------------------------------------------------

        private Value input(TfjsNode n, int i) {
            String ref = n.dataInputs().get(i);
            if (TfjsNode.outputIndex(ref) != 0) {
                throw error(n, "reads output " + TfjsNode.outputIndex(ref) + " of '" + TfjsNode.nodeName(ref)
                        + "'; only single-output ops are supported");
            }
            Value v = values.get(TfjsNode.nodeName(ref));
            if (v == null) {
                throw new IllegalStateException("execution order broken at " + n.name());
            }
            return v;
        }

        /** Input {@code i} as a graph tensor computed at run time. */
        private int activation(TfjsNode n, int i) {
            Value v = input(n, i);
            if (!v.isTensor()) {
                throw error(n, "input " + i + " ('" + n.dataInputs().get(i) + "') must be computed at run time,"
                        + " not a constant");
            }
            return v.tensorId();
        }

        /** Input {@code i} as a float tensor (activation or float constant). */
        private int floatOperand(TfjsNode n, int i) {
            Value v = input(n, i);
            if (v.isTensor()) {
                return v.tensorId();
            }
            TfjsWeights.Constant c = v.constant();
            if (c.isInt()) {
                throw error(n, "input " + i + " ('" + n.dataInputs().get(i) + "') is an int32 constant where a"
                        + " float tensor is needed");
            }
            return constantTensor(c, "", c.shape(), c.floats());
        }

        private TfjsWeights.Constant floatConstant(TfjsNode n, int i) {
            TfjsWeights.Constant c = input(n, i).constant();
            if (c == null || c.isInt()) {
                throw error(n, "input " + i + " ('" + n.dataInputs().get(i) + "') must be a float32 constant"
                        + " (weights)");
            }
            return c;
        }

        private TfjsWeights.Constant intConstant(TfjsNode n, int i) {
            TfjsWeights.Constant c = input(n, i).constant();
            if (c == null || !c.isInt()) {
                throw error(n, "input " + i + " ('" + n.dataInputs().get(i) + "') must be an int32 constant");
            }
            return c;
        }

        private int zeroBias(TfjsNode n, int channels) {
            String key = "zero_bias/" + channels;
            Integer id = constantTensors.get(key);
            if (id == null) {
                id = tensors.size();
                tensors.add(TensorInfo.constant(id, n.name() + "/zero_bias", Shape.of(channels), new float[channels],
                        DType.FLOAT32));
                constantTensors.put(key, id);
            }
            return id;
        }

        private int constantTensor(TfjsWeights.Constant c, String layout, Shape shape, float[] data) {
            String key = c.name() + "#" + layout;
            Integer id = constantTensors.get(key);
            if (id == null) {
                id = tensors.size();
                String name = layout.isEmpty() ? c.name() : c.name() + "/" + layout;
                tensors.add(TensorInfo.constant(id, name, shape, data, DType.FLOAT32));
                constantTensors.put(key, id);
            }
            return id;
        }

        private int addInput(TfjsNode n) {
            String dtype = n.attrs().type("dtype", "DT_FLOAT");
            if (!dtype.equals("DT_FLOAT")) {
                throw error(n, "input dtype " + dtype + " is not supported (DT_FLOAT only)");
            }
            int[] dims = n.attrs().shape("shape");
            if (dims == null) {
                throw error(n, "input has no known shape");
            }
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] == -1 && i == 0) {
                    dims[i] = 1;
                } else if (dims[i] < 0) {
                    throw error(n, "input dimension " + i + " is unknown; amesh needs fixed shapes");
                }
            }
            int id = tensors.size();
            tensors.add(TensorInfo.activation(id, n.name(), shape(n, dims)));
            inputs.add(id);
            return id;
        }

        private int addNode(TfjsNode n, OpType op, String outName, Shape outShape, int[] ins, Attributes attrs) {
            int out = tensors.size();
            tensors.add(TensorInfo.activation(out, outName, outShape));
            nodes.add(new Node(nodes.size(), op, ins, new int[] {out}, attrs));
            return out;
        }

        private static Value tensor(int id) {
            return new Value(id, null);
        }

        // ---- checks and shape arithmetic -----------------------------------------------------------------

        private void requireInputs(TfjsNode n, int min, int max) {
            int count = n.dataInputs().size();
            if (count < min || count > max) {
                throw error(n, "has " + count + " inputs; expected " + (min == max ? "" + min : min + " to " + max));
            }
        }

        private void requireNhwc(TfjsNode n) {
            String format = n.attrs().string("data_format", "NHWC");
            if (!format.equals("NHWC")) {
                throw error(n, "data_format " + format + " is not supported (NHWC only)");
            }
        }

        /** {@code [1, h, w, 1]} list attributes as {@code {h, w}}; ones when absent. */
        private int[] fourAxisPair(TfjsNode n, String key) {
            int[] v = n.attrs().ints(key, new int[] {1, 1, 1, 1});
            if (v.length != 4 || v[0] != 1 || v[3] != 1 || v[1] < 1 || v[2] < 1) {
                throw error(n, key + " " + Arrays.toString(v) + " must be [1, h, w, 1] with positive h and w");
            }
            return new int[] {v[1], v[2]};
        }

        /** TensorFlow's output size: SAME ceil(in/s), VALID ceil((in - effective + 1)/s). */
        private int spatialOut(TfjsNode n, String padding, int in, int kernel, int stride, int dilation) {
            int effective = (kernel - 1) * dilation + 1;
            switch (padding) {
                case "SAME":
                    return (in + stride - 1) / stride;
                case "VALID":
                    if (in < effective) {
                        throw error(n, "window " + effective + " is larger than the input size " + in);
                    }
                    return (in - effective + stride) / stride;
                default:
                    throw error(n, "padding '" + padding + "' is not supported (SAME, VALID or EXPLICIT)");
            }
        }

        private Shape broadcast(TfjsNode n, Shape a, Shape b) {
            int rank = Math.max(a.rank(), b.rank());
            int[] dims = new int[rank];
            for (int i = 0; i < rank; i++) {
                int da = i - (rank - a.rank()) >= 0 ? a.dim(i - (rank - a.rank())) : 1;
                int db = i - (rank - b.rank()) >= 0 ? b.dim(i - (rank - b.rank())) : 1;
                if (da != db && da != 1 && db != 1) {
                    throw error(n, "shapes " + a + " and " + b + " do not broadcast");
                }
                dims[i] = da == 1 ? db : da;
            }
            return shape(n, dims);
        }

        private Shape shapeOf(TfjsNode n, int input) {
            return tensors.get(floatOperand(n, input)).shape();
        }

        private Shape shape(TfjsNode n, int[] dims) {
            try {
                return Shape.of(dims);
            } catch (IllegalArgumentException e) {
                throw error(n, e.getMessage());
            }
        }

        private ConversionException error(TfjsNode n, String problem) {
            return new ConversionException(src + ": node '" + n.name() + "' (" + n.op() + "): " + problem);
        }
    }

    /** TF conv filter [KH,KW,I,O] to amesh's [O,KH,KW,I]. */
    static float[] hwioToOhwi(float[] hwio, int kh, int kw, int in, int out) {
        float[] ohwi = new float[hwio.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    int src = ((y * kw + x) * in + i) * out;
                    for (int o = 0; o < out; o++) {
                        ohwi[((o * kh + y) * kw + x) * in + i] = hwio[src + o];
                    }
                }
            }
        }
        return ohwi;
    }
}
