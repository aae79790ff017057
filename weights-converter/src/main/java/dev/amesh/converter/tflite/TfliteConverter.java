package dev.amesh.converter.tflite;

import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.DType;
import dev.amesh.api.tensor.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a TFLite model (subgraph 0) into an amesh {@link Graph}, following {@link OpType}'s contract:
 * DEQUANTIZE of FP16 constants is folded into FLOAT32-valued constants stored as FLOAT16; constant int32
 * operands (PAD paddings, STRIDED_SLICE bounds, RESHAPE shape) become attributes; the three MediaPipe v2
 * custom ops keep their FlexBuffer options as attributes. Tensors are renumbered densely in order of first
 * use (model inputs first). Anything outside that set fails with a {@link ConversionException} that names
 * the TFLite operator's index and name.
 */
public final class TfliteConverter {
    public static final String META_SOURCE_FILE = "source_file";
    public static final String META_SOURCE_SHA256 = "source_sha256";
    public static final String META_TFLITE_DESCRIPTION = "tflite_description";
    public static final String META_TFLITE_OP_COUNT = "tflite_op_count";
    public static final String META_FOLDED_DEQUANTIZE_COUNT = "folded_dequantize_count";

    static final String LANDMARKS_TO_TRANSFORM_MATRIX = "Landmarks2TransformMatrix";
    static final String TRANSFORM_TENSOR_BILINEAR = "TransformTensorBilinear";
    static final String TRANSFORM_LANDMARKS = "TransformLandmarks";
    /** Java arrays stop just short of 2 GB; the MediaPipe models are a few MB. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    /** MediaPipe registers only version 2 of its three custom ops. */
    static final int CUSTOM_OP_VERSION = 2;

    private TfliteConverter() {
    }

    /** Reads and converts a .tflite file; the graph is named after the file, without its extension. */
    public static Conversion convert(Path tfliteFile) throws IOException {
        String name = tfliteFile.getFileName().toString();
        long size = Files.size(tfliteFile);
        if (size > MAX_FILE_BYTES) {
            throw new TfliteFormatException(name + ": file is " + size + " bytes; amesh reads models of up to "
                    + MAX_FILE_BYTES + " bytes");
        }
        return convert(ByteBuffer.wrap(Files.readAllBytes(tfliteFile)), name);
    }

    /**
     * Converts the bytes between {@code bytes}' position and limit (the buffer is not modified).
     *
     * @param sourceName the file name, for the graph name, metadata and messages
     * @throws ConversionException (or its subclass {@link TfliteFormatException}) if the model is malformed
     *         or uses something amesh does not support
     */
    public static Conversion convert(ByteBuffer bytes, String sourceName) {
        ByteBuffer view = bytes.slice();
        String sha256 = sha256(view.duplicate());
        TfliteModel model;
        try {
            model = TfliteModel.read(view);
        } catch (TfliteFormatException e) {
            throw new TfliteFormatException(sourceName + ": " + e.getMessage(), e);
        }
        return new Converter(model, sourceName, sha256).run();
    }

    private static String sha256(ByteBuffer bytes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE provides SHA-256", e);
        }
    }

    static String graphName(String sourceName) {
        String base = sourceName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    /** The state of one conversion. */
    private static final class Converter {
        // BuiltinOptions union type codes (schema.fbs union order, NONE = 0).
        private static final int CONV_2D_OPTIONS = 1;
        private static final int DEPTHWISE_CONV_2D_OPTIONS = 2;
        private static final int POOL_2D_OPTIONS = 5;
        private static final int CONCATENATION_OPTIONS = 10;
        private static final int ADD_OPTIONS = 11;
        private static final int RESHAPE_OPTIONS = 17;
        private static final int MUL_OPTIONS = 21;
        private static final int STRIDED_SLICE_OPTIONS = 32;

        private static final String[] ACTIVATIONS = {"NONE", "RELU", "RELU_N1_TO_1", "RELU6"};
        private static final String[] ALL_ACTIVATION_NAMES = {"NONE", "RELU", "RELU_N1_TO_1", "RELU6", "TANH",
            "SIGN_BIT"};

        private final TfliteModel model;
        private final TfliteSubgraph sg;
        private final String sourceName;
        private final String sha256;
        /** FLOAT32 values of DEQUANTIZE outputs whose FP16 input was constant, by TFLite tensor index. */
        private final float[][] folded;
        /** amesh tensor id of each TFLite tensor, or -1 while unused. */
        private final int[] denseIds;
        private final List<TensorInfo> tensors = new ArrayList<>();
        /** amesh ids of run-time tensors that a model input or an earlier node provides. */
        private final BitSet written = new BitSet();
        private final List<Node> nodes = new ArrayList<>();
        private final List<Integer> nodeSourceOps = new ArrayList<>();
        private final Map<String, Integer> opCounts = new LinkedHashMap<>();
        private int foldedCount;

        Converter(TfliteModel model, String sourceName, String sha256) {
            this.model = model;
            this.sg = model.mainSubgraph();
            this.sourceName = sourceName;
            this.sha256 = sha256;
            this.folded = new float[sg.tensors().size()][];
            this.denseIds = new int[sg.tensors().size()];
            Arrays.fill(denseIds, -1);
        }

        Conversion run() {
            int[] inputs = sg.inputs();
            int[] graphInputs = new int[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                TfliteTensor t = sg.tensor(inputs[i]);
                if (t.hasData() || t.type() != TfliteTensorType.FLOAT32 || t.quantized()) {
                    throw new ConversionException(sourceName + ": model input " + t.describe() + " must be a "
                            + "non-constant, unquantized FLOAT32 tensor (it is " + t.type() + ")");
                }
                graphInputs[i] = idOf(t);
                written.set(graphInputs[i]);
            }
            for (TfliteOperator op : sg.operators()) {
                opCounts.merge(op.name(), 1, Integer::sum);
                try {
                    convertOp(op);
                } catch (TfliteFormatException e) {
                    // builtin options are read lazily, so their format errors surface here
                    throw new TfliteFormatException(sourceName + ": " + op.describe() + ": " + e.getMessage(), e);
                }
            }
            int[] outputs = sg.outputs();
            int[] graphOutputs = new int[outputs.length];
            for (int i = 0; i < outputs.length; i++) {
                TfliteTensor t = sg.tensor(outputs[i]);
                if (denseIds[t.index()] < 0) {
                    throw new ConversionException(sourceName + ": model output " + t.describe()
                            + " is never computed");
                }
                graphOutputs[i] = denseIds[t.index()];
            }
            int opCount = sg.operators().size();
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put(META_SOURCE_FILE, sourceName);
            meta.put(META_SOURCE_SHA256, sha256);
            meta.put(META_TFLITE_DESCRIPTION, model.description());
            meta.put(META_TFLITE_OP_COUNT, Integer.toString(opCount));
            meta.put(META_FOLDED_DEQUANTIZE_COUNT, Integer.toString(foldedCount));
            Graph graph;
            try {
                graph = new Graph(graphName(sourceName), tensors, nodes, graphInputs, graphOutputs, meta);
            } catch (GraphException e) {
                throw new ConversionException(sourceName + ": the converted graph is malformed: "
                        + e.getMessage(), e);
            }
            int[] sources = nodeSourceOps.stream().mapToInt(Integer::intValue).toArray();
            return new Conversion(graph, new ConversionReport(sourceName, opCount, foldedCount, opCounts, sources));
        }

        private void convertOp(TfliteOperator op) {
            switch (op.opcode().builtinCode()) {
                case TfliteBuiltinOperator.DEQUANTIZE -> foldDequantize(op);
                case TfliteBuiltinOperator.CONV_2D -> conv2d(op);
                case TfliteBuiltinOperator.DEPTHWISE_CONV_2D -> depthwiseConv2d(op);
                case TfliteBuiltinOperator.MAX_POOL_2D -> maxPool2d(op);
                case TfliteBuiltinOperator.ADD -> binary(op, OpType.ADD, ADD_OPTIONS, "AddOptions");
                case TfliteBuiltinOperator.MUL -> binary(op, OpType.MUL, MUL_OPTIONS, "MulOptions");
                case TfliteBuiltinOperator.RELU -> unary(op, OpType.RELU);
                case TfliteBuiltinOperator.PRELU -> prelu(op);
                case TfliteBuiltinOperator.PAD -> pad(op);
                case TfliteBuiltinOperator.RESHAPE -> reshape(op);
                case TfliteBuiltinOperator.STRIDED_SLICE -> stridedSlice(op);
                case TfliteBuiltinOperator.CONCATENATION -> concatenation(op);
                case TfliteBuiltinOperator.CUSTOM -> custom(op);
                default -> throw fail(op, "operator is not supported by amesh");
            }
        }

        // ---- builtins ----

        private void foldDequantize(TfliteOperator op) {
            arity(op, 1, 1);
            TfliteTensor in = tensorAt(op, op.inputs()[0], "input 0");
            TfliteTensor out = tensorAt(op, op.outputs()[0], "output 0");
            if (!in.hasData()) {
                throw fail(op, "dequantizes run-time " + in.describe() + "; only constant FP16 inputs are "
                        + "supported (they are folded into constants)");
            }
            if (in.type() != TfliteTensorType.FLOAT16 || in.quantized()) {
                throw fail(op, "input " + in.describe() + " is " + (in.quantized() ? "quantized " : "")
                        + in.type() + "; only FLOAT16 constants are supported");
            }
            if (out.type() != TfliteTensorType.FLOAT32 || !Arrays.equals(in.shape(), out.shape())) {
                throw fail(op, "output " + out.describe() + " must be FLOAT32 of the input's shape "
                        + Arrays.toString(in.shape()));
            }
            if (folded[out.index()] != null || denseIds[out.index()] >= 0 || out.hasData()) {
                throw fail(op, "output " + out.describe() + " is already defined");
            }
            folded[out.index()] = HalfFloat.toFloats(in.data(), (int) in.elementCount());
            foldedCount++;
        }

        private void conv2d(TfliteOperator op) {
            arity(op, 3, 1);
            TfliteOptions o = options(op, CONV_2D_OPTIONS, "Conv2DOptions");
            int x = activationOrConstant(op, 0);
            int filter = constantOperand(op, 1, "filter");
            int bias = constantOperand(op, 2, "bias");
            Attributes attrs = Attributes.builder()
                    .put("padding", padding(op, optByte(o, 0)))
                    .put("stride_w", positive(op, "stride_w", opt(o, 1, 0)))
                    .put("stride_h", positive(op, "stride_h", opt(o, 2, 0)))
                    .put("activation", activation(op, optByte(o, 3)))
                    .put("dilation_w", positive(op, "dilation_w", opt(o, 4, 1)))
                    .put("dilation_h", positive(op, "dilation_h", opt(o, 5, 1)))
                    .build();
            requireRank(op, filter, 4, "filter");
            requireRank(op, x, 4, "input");
            Shape f = tensors.get(filter).shape();
            if (f.dim(3) != tensors.get(x).shape().dim(3)) {
                throw fail(op, "filter " + f + " expects " + f.dim(3) + " input channels but the input is "
                        + tensors.get(x).shape());
            }
            requireBias(op, bias, f.dim(0));
            addNode(op, OpType.CONV_2D, new int[] {x, filter, bias}, attrs);
        }

        private void depthwiseConv2d(TfliteOperator op) {
            arity(op, 3, 1);
            TfliteOptions o = options(op, DEPTHWISE_CONV_2D_OPTIONS, "DepthwiseConv2DOptions");
            int x = activationOrConstant(op, 0);
            int filter = constantOperand(op, 1, "filter");
            int bias = constantOperand(op, 2, "bias");
            requireRank(op, filter, 4, "filter");
            requireRank(op, x, 4, "input");
            int dilationW = opt(o, 5, 1);
            int dilationH = opt(o, 6, 1);
            if (dilationW != 1 || dilationH != 1) {
                throw fail(op, "dilation " + dilationH + "x" + dilationW + " is not supported on depthwise "
                        + "convolutions (only 1)");
            }
            int inChannels = tensors.get(x).shape().dim(3);
            int outChannels = tensors.get(filter).shape().dim(3);
            if (tensors.get(filter).shape().dim(0) != 1) {
                throw fail(op, "filter " + tensors.get(filter).shape() + " must have a leading dimension of 1");
            }
            requireBias(op, bias, outChannels);
            if (inChannels == 0 || outChannels % inChannels != 0) {
                throw fail(op, "filter has " + outChannels + " channels, not a multiple of the input's "
                        + inChannels);
            }
            int multiplier = outChannels / inChannels;
            int stored = opt(o, 3, 0);
            // Newer converters may store 0 and leave the multiplier to the shapes.
            if (stored != 0 && stored != multiplier) {
                throw fail(op, "depth_multiplier " + stored + " contradicts the filter shape (" + inChannels
                        + " -> " + outChannels + " channels)");
            }
            Attributes attrs = Attributes.builder()
                    .put("padding", padding(op, optByte(o, 0)))
                    .put("stride_w", positive(op, "stride_w", opt(o, 1, 0)))
                    .put("stride_h", positive(op, "stride_h", opt(o, 2, 0)))
                    .put("depth_multiplier", multiplier)
                    .put("activation", activation(op, optByte(o, 4)))
                    .put("dilation_w", 1)
                    .put("dilation_h", 1)
                    .build();
            addNode(op, OpType.DEPTHWISE_CONV_2D, new int[] {x, filter, bias}, attrs);
        }

        private void maxPool2d(TfliteOperator op) {
            arity(op, 1, 1);
            TfliteOptions o = options(op, POOL_2D_OPTIONS, "Pool2DOptions");
            int x = activationOrConstant(op, 0);
            requireRank(op, x, 4, "input");
            Attributes attrs = Attributes.builder()
                    .put("padding", padding(op, optByte(o, 0)))
                    .put("stride_w", positive(op, "stride_w", opt(o, 1, 0)))
                    .put("stride_h", positive(op, "stride_h", opt(o, 2, 0)))
                    .put("filter_w", positive(op, "filter_width", opt(o, 3, 0)))
                    .put("filter_h", positive(op, "filter_height", opt(o, 4, 0)))
                    .put("activation", activation(op, optByte(o, 5)))
                    .build();
            addNode(op, OpType.MAX_POOL_2D, new int[] {x}, attrs);
        }

        private void binary(TfliteOperator op, OpType type, int optionsType, String optionsName) {
            arity(op, 2, 1);
            TfliteOptions o = options(op, optionsType, optionsName);
            int a = activationOrConstant(op, 0);
            int b = activationOrConstant(op, 1);
            Attributes attrs = Attributes.builder().put("activation", activation(op, optByte(o, 0))).build();
            addNode(op, type, new int[] {a, b}, attrs);
        }

        private void unary(TfliteOperator op, OpType type) {
            arity(op, 1, 1);
            addNode(op, type, new int[] {activationOrConstant(op, 0)}, Attributes.EMPTY);
        }

        private void prelu(TfliteOperator op) {
            arity(op, 2, 1);
            int x = activationOrConstant(op, 0);
            int alpha = activationOrConstant(op, 1);
            addNode(op, OpType.PRELU, new int[] {x, alpha}, Attributes.EMPTY);
        }

        private void pad(TfliteOperator op) {
            arity(op, 2, 1);
            int x = activationOrConstant(op, 0);
            TfliteTensor padTensor = tensorAt(op, op.inputs()[1], "input 1 (paddings)");
            int[] paddings = intConstant(op, 1, "paddings");
            int rank = tensors.get(x).shape().rank();
            if (!Arrays.equals(padTensor.shape(), new int[] {rank, 2})) {
                throw fail(op, "paddings have shape " + Arrays.toString(padTensor.shape()) + ", expected ["
                        + rank + ",2] for the rank-" + rank + " input");
            }
            for (int p : paddings) {
                if (p < 0) {
                    throw fail(op, "negative padding in " + Arrays.toString(paddings));
                }
            }
            addNode(op, OpType.PAD, new int[] {x}, Attributes.builder().put("paddings", paddings).build());
        }

        private void reshape(TfliteOperator op) {
            if (op.inputs().length < 1 || op.inputs().length > 2 || op.outputs().length != 1) {
                throw fail(op, "expects 1 or 2 inputs and 1 output, has " + op.inputs().length + " and "
                        + op.outputs().length);
            }
            TfliteOptions o = options(op, RESHAPE_OPTIONS, "ReshapeOptions");
            int x = activationOrConstant(op, 0);
            TfliteTensor out = tensorAt(op, op.outputs()[0], "output 0");
            int[] newShape;
            // TFLite takes the shape from the second input when there is one, else from the options.
            if (op.inputs().length == 2 && op.inputs()[1] >= 0) {
                newShape = intConstant(op, 1, "shape");
            } else if (o != null && o.has(0)) {
                newShape = o.getInts(0);
            } else {
                newShape = out.shape();
            }
            if (tensors.get(x).shape().numElements() != out.elementCount()) {
                throw fail(op, "reshapes " + tensors.get(x).shape() + " into " + Arrays.toString(out.shape())
                        + ", which has a different number of elements");
            }
            if (!Arrays.equals(resolveNewShape(newShape, out.elementCount()), out.shape())) {
                throw fail(op, "new_shape " + Arrays.toString(newShape) + " does not give the output shape "
                        + Arrays.toString(out.shape()));
            }
            addNode(op, OpType.RESHAPE, new int[] {x}, Attributes.builder().put("new_shape", newShape).build());
        }

        /** new_shape with its one -1 (if any) replaced by the size that keeps {@code elements}; null if impossible. */
        private static int[] resolveNewShape(int[] newShape, long elements) {
            int[] resolved = newShape.clone();
            int unknown = -1;
            long known = 1;
            for (int i = 0; i < resolved.length; i++) {
                if (resolved[i] == -1 && unknown < 0) {
                    unknown = i;
                } else if (resolved[i] < 0) {
                    return null;
                } else {
                    known *= resolved[i];
                }
            }
            if (unknown >= 0) {
                if (known == 0 || elements % known != 0) {
                    return null;
                }
                resolved[unknown] = (int) (elements / known);
            }
            return resolved;
        }

        private void stridedSlice(TfliteOperator op) {
            arity(op, 4, 1);
            TfliteOptions o = options(op, STRIDED_SLICE_OPTIONS, "StridedSliceOptions");
            int x = activationOrConstant(op, 0);
            int[] begin = intConstant(op, 1, "begin");
            int[] end = intConstant(op, 2, "end");
            int[] strides = intConstant(op, 3, "strides");
            if (begin.length != end.length || begin.length != strides.length) {
                throw fail(op, "begin, end and strides have different lengths " + begin.length + ", "
                        + end.length + ", " + strides.length);
            }
            for (int s : strides) {
                if (s == 0) {
                    throw fail(op, "stride 0 in " + Arrays.toString(strides));
                }
            }
            if (o != null && o.getBool(5, false)) {
                throw fail(op, "the 'offset' option (end = begin + end) is not supported");
            }
            Attributes attrs = Attributes.builder()
                    .put("begin", begin)
                    .put("end", end)
                    .put("strides", strides)
                    .put("begin_mask", opt(o, 0, 0))
                    .put("end_mask", opt(o, 1, 0))
                    .put("ellipsis_mask", opt(o, 2, 0))
                    .put("new_axis_mask", opt(o, 3, 0))
                    .put("shrink_axis_mask", opt(o, 4, 0))
                    .build();
            addNode(op, OpType.STRIDED_SLICE, new int[] {x}, attrs);
        }

        private void concatenation(TfliteOperator op) {
            int n = op.inputs().length;
            if (n < 1 || op.outputs().length != 1) {
                throw fail(op, "expects at least 1 input and 1 output, has " + n + " and " + op.outputs().length);
            }
            TfliteOptions o = options(op, CONCATENATION_OPTIONS, "ConcatenationOptions");
            int[] ins = new int[n];
            for (int i = 0; i < n; i++) {
                ins[i] = activationOrConstant(op, i);
            }
            int axis = opt(o, 0, 0);
            int rank = tensors.get(ins[0]).shape().rank();
            if (axis < -rank || axis >= rank) {
                throw fail(op, "axis " + axis + " is out of range for rank " + rank);
            }
            Attributes attrs = Attributes.builder()
                    .put("axis", axis)
                    .put("activation", activation(op, optByte(o, 1)))
                    .build();
            addNode(op, OpType.CONCATENATION, ins, attrs);
        }

        // ---- MediaPipe custom ops ----

        private void custom(TfliteOperator op) {
            String name = op.opcode().customCode();
            OpType type;
            if (LANDMARKS_TO_TRANSFORM_MATRIX.equals(name)) {
                type = OpType.LANDMARKS_TO_TRANSFORM_MATRIX;
            } else if (TRANSFORM_TENSOR_BILINEAR.equals(name)) {
                type = OpType.TRANSFORM_TENSOR_BILINEAR;
            } else if (TRANSFORM_LANDMARKS.equals(name)) {
                type = OpType.TRANSFORM_LANDMARKS;
            } else {
                throw fail(op, "custom operator is not supported by amesh");
            }
            if (op.opcode().version() != CUSTOM_OP_VERSION) {
                throw fail(op, "version " + op.opcode().version() + " is not supported (only version "
                        + CUSTOM_OP_VERSION + ", the one MediaPipe registers)");
            }
            if (op.customOptionsFormat() != TfliteOperator.FLEXBUFFERS) {
                throw fail(op, "custom options format " + op.customOptionsFormat() + " is not FLEXBUFFERS");
            }
            switch (type) {
                case LANDMARKS_TO_TRANSFORM_MATRIX -> {
                    arity(op, 1, 1);
                    int landmarks = activationOrConstant(op, 0);
                    FlexBufferOptions c = new FlexBufferOptions(op.customOptions(), problem -> fail(op, problem));
                    Attributes attrs = Attributes.builder()
                            .put("subset_idxs", c.ints("subset_idxs"))
                            .put("left_rotation_idx", c.integer("left_rotation_idx"))
                            .put("right_rotation_idx", c.integer("right_rotation_idx"))
                            .put("target_rotation_radians", c.real("target_rotation_radians"))
                            .put("output_height", c.integer("output_height"))
                            .put("output_width", c.integer("output_width"))
                            .put("scale_x", c.real("scale_x"))
                            .put("scale_y", c.real("scale_y"))
                            .build();
                    addNode(op, type, new int[] {landmarks}, attrs);
                }
                case TRANSFORM_TENSOR_BILINEAR -> {
                    arity(op, 2, 1);
                    int features = activationOrConstant(op, 0);
                    int matrix = activationOrConstant(op, 1);
                    FlexBufferOptions c = new FlexBufferOptions(op.customOptions(), problem -> fail(op, problem));
                    Attributes attrs = Attributes.builder()
                            .put("output_height", c.integer("output_height"))
                            .put("output_width", c.integer("output_width"))
                            .build();
                    addNode(op, type, new int[] {features, matrix}, attrs);
                }
                default -> {
                    arity(op, 2, 1);
                    int landmarks = activationOrConstant(op, 0);
                    int matrix = activationOrConstant(op, 1);
                    // v2 TransformLandmarks has no options: dimensions come from the output shape, scale is 1.
                    addNode(op, type, new int[] {landmarks, matrix}, Attributes.EMPTY);
                }
            }
        }

        // ---- operands ----

        private void addNode(TfliteOperator op, OpType type, int[] inputs, Attributes attrs) {
            int[] outs = op.outputs();
            int[] ids = new int[outs.length];
            for (int i = 0; i < outs.length; i++) {
                TfliteTensor t = tensorAt(op, outs[i], "output " + i);
                if (t.hasData() || folded[t.index()] != null || denseIds[t.index()] >= 0) {
                    throw fail(op, "output " + t.describe() + " is already defined");
                }
                requireFloat32(op, t, "output " + i);
                ids[i] = idOf(t);
                written.set(ids[i]);
            }
            nodes.add(new Node(nodes.size(), type, inputs, ids, attrs));
            nodeSourceOps.add(op.index());
        }

        /** A float operand: a run-time tensor, a FLOAT32 constant, or a folded FP16 constant. */
        private int activationOrConstant(TfliteOperator op, int inputPos) {
            int[] ins = op.inputs();
            if (ins[inputPos] < 0) {
                throw fail(op, "input " + inputPos + " is omitted");
            }
            TfliteTensor t = tensorAt(op, ins[inputPos], "input " + inputPos);
            if (folded[t.index()] == null) {
                requireFloat32(op, t, "input " + inputPos);
            }
            int id = idOf(t);
            if (!tensors.get(id).isConstant() && !written.get(id)) {
                throw fail(op, "reads " + t.describe() + " before any operator writes it");
            }
            return id;
        }

        private int constantOperand(TfliteOperator op, int inputPos, String role) {
            int[] ins = op.inputs();
            if (ins[inputPos] < 0) {
                throw fail(op, role + " (input " + inputPos + ") is omitted; amesh requires it");
            }
            int id = activationOrConstant(op, inputPos);
            if (!tensors.get(id).isConstant()) {
                throw fail(op, role + " " + sg.tensor(ins[inputPos]).describe() + " is computed at run time; "
                        + "amesh requires a constant");
            }
            return id;
        }

        /** A constant INT32 operand's values; such tensors become attributes, not graph tensors. */
        private int[] intConstant(TfliteOperator op, int inputPos, String role) {
            int[] ins = op.inputs();
            if (ins[inputPos] < 0) {
                throw fail(op, role + " (input " + inputPos + ") is omitted");
            }
            TfliteTensor t = tensorAt(op, ins[inputPos], "input " + inputPos);
            if (!t.hasData() || t.type() != TfliteTensorType.INT32 || t.quantized()) {
                throw fail(op, role + " " + t.describe() + " must be a constant INT32 tensor (it is "
                        + (t.hasData() ? "a constant " : "a run-time ") + t.type() + ")");
            }
            if (t.shape().length > 1) {
                // PAD's [rank,2] is the one rank-2 case; callers check the exact shape.
                if (!(t.shape().length == 2 && t.shape()[1] == 2)) {
                    throw fail(op, role + " " + t.describe() + " has shape " + Arrays.toString(t.shape()));
                }
            }
            ByteBuffer data = t.data();
            int[] values = new int[(int) t.elementCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = data.getInt(data.position() + 4 * i);
            }
            return values;
        }

        private TfliteTensor tensorAt(TfliteOperator op, int index, String role) {
            if (index < 0) {
                throw fail(op, role + " is omitted");
            }
            return sg.tensor(index);
        }

        private void requireFloat32(TfliteOperator op, TfliteTensor t, String role) {
            if (t.quantized()) {
                throw fail(op, role + " " + t.describe() + " is quantized; amesh supports float models only");
            }
            if (t.type() != TfliteTensorType.FLOAT32) {
                throw fail(op, role + " " + t.describe() + " has type " + t.type() + "; expected FLOAT32");
            }
        }

        private void requireBias(TfliteOperator op, int bias, int channels) {
            Shape b = tensors.get(bias).shape();
            if (b.rank() != 1 || b.dim(0) != channels) {
                throw fail(op, "bias '" + tensors.get(bias).name() + "' has shape " + b + ", expected ["
                        + channels + "]");
            }
        }

        private void requireRank(TfliteOperator op, int id, int rank, String role) {
            Shape s = tensors.get(id).shape();
            if (s.rank() != rank) {
                throw fail(op, role + " '" + tensors.get(id).name() + "' has shape " + s + ", expected rank " + rank);
            }
        }

        /** The amesh id of a TFLite tensor, creating its TensorInfo on first use. */
        private int idOf(TfliteTensor t) {
            int existing = denseIds[t.index()];
            if (existing >= 0) {
                return existing;
            }
            int id = tensors.size();
            Shape shape = Shape.of(t.shape());
            TensorInfo info;
            if (folded[t.index()] != null) {
                info = TensorInfo.constant(id, t.name(), shape, folded[t.index()], DType.FLOAT16);
            } else if (t.hasData()) {
                ByteBuffer data = t.data();
                float[] values = new float[(int) t.elementCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = data.getFloat(data.position() + 4 * i);
                }
                info = TensorInfo.constant(id, t.name(), shape, values, DType.FLOAT32);
            } else {
                info = TensorInfo.activation(id, t.name(), shape);
            }
            tensors.add(info);
            denseIds[t.index()] = id;
            return id;
        }

        // ---- options ----

        /** The op's options table, or null (all fields default) if it stores none. */
        private TfliteOptions options(TfliteOperator op, int expectedType, String expectedName) {
            TfliteOptions o = op.builtinOptions();
            if (o != null && o.unionType() != expectedType) {
                throw fail(op, "carries builtin options of union type " + o.unionType() + ", expected "
                        + expectedName + " (" + expectedType + ")");
            }
            return o;
        }

        private static int opt(TfliteOptions o, int field, int defaultValue) {
            return o == null ? defaultValue : o.getInt(field, defaultValue);
        }

        private static int optByte(TfliteOptions o, int field) {
            return o == null ? 0 : o.getByte(field, 0);
        }

        private String padding(TfliteOperator op, int code) {
            return switch (code) {
                case 0 -> "SAME";
                case 1 -> "VALID";
                default -> throw fail(op, "unknown padding code " + code);
            };
        }

        private String activation(TfliteOperator op, int code) {
            if (code >= 0 && code < ACTIVATIONS.length) {
                return ACTIVATIONS[code];
            }
            String name = code >= 0 && code < ALL_ACTIVATION_NAMES.length ? ALL_ACTIVATION_NAMES[code]
                    : "code " + code;
            throw fail(op, "fused activation " + name + " is not supported (only NONE, RELU, RELU6, RELU_N1_TO_1)");
        }

        private int positive(TfliteOperator op, String what, int value) {
            if (value < 1) {
                throw fail(op, what + " is " + value + "; it must be at least 1");
            }
            return value;
        }

        private void arity(TfliteOperator op, int inputs, int outputs) {
            if (op.inputs().length != inputs || op.outputs().length != outputs) {
                throw fail(op, "expects " + inputs + " inputs and " + outputs + " outputs, has "
                        + op.inputs().length + " and " + op.outputs().length);
            }
        }

        private ConversionException fail(TfliteOperator op, String problem) {
            return new ConversionException(sourceName + ": " + op.describe() + ": " + problem);
        }
    }
}
