package dev.amesh.opencl;

import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Shape;
import dev.amesh.cpu.Numerics;
import dev.amesh.cpu.exec.MemoryPlan;
import dev.amesh.cpu.ref.Padding;
import dev.amesh.opencl.LaunchSpec.Place;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one node into kernel launches: picks the kernel and its defines, repacks weights where a kernel
 * wants another layout, and places every operand in the arena (activations) or the packed weights
 * (constants). Nodes reach here already validated by the reference kernels' factories, so shapes and
 * attributes are known to fit; what is checked here is only what OpenCL adds (rank at most six,
 * constant conv weights).
 */
final class OpLowering {
    static final int MAX_RANK = 6;

    private final Graph graph;
    private final MemoryPlan plan;
    private final WeightPacker weights;
    private final boolean fp64;

    OpLowering(Graph graph, MemoryPlan plan, WeightPacker weights, boolean fp64) {
        this.graph = graph;
        this.plan = plan;
        this.weights = weights;
        this.fp64 = fp64;
    }

    List<LaunchSpec> lower(Node node) {
        List<LaunchSpec> out = new ArrayList<>();
        switch (node.op()) {
            case CONV_2D -> conv(node, out);
            case DEPTHWISE_CONV_2D -> depthwise(node, out);
            case ADD, MUL, PRELU -> binary(node, out);
            case RELU -> relu(node, out);
            case MAX_POOL_2D -> maxPool(node, out);
            case PAD -> pad(node, out);
            case RESHAPE -> reshape(node, out);
            case STRIDED_SLICE -> stridedSlice(node, out);
            case CONCATENATION -> concat(node, out);
            case LANDMARKS_TO_TRANSFORM_MATRIX -> landmarksToMatrix(node, out);
            case TRANSFORM_TENSOR_BILINEAR -> transformBilinear(node, out);
            case TRANSFORM_LANDMARKS -> transformLandmarks(node, out);
        }
        out.removeIf(l -> l.workItems() == 0);
        return out;
    }

    private TensorInfo in(Node node, int i) {
        return graph.tensor(node.input(i));
    }

    private TensorInfo out(Node node) {
        return graph.tensor(node.output(0));
    }

    private Place place(TensorInfo t) {
        return t.isConstant() ? new Place(true, weights.constant(t)) : new Place(false, plan.offset(t.id()));
    }

    private static GraphException error(Node node, String detail) {
        return new GraphException("node " + node.index() + " (" + node.op() + "): " + detail);
    }

    private static List<Object> args(Object... a) {
        return List.of(a);
    }

    private static Padding padding(Node node, int in, int kernel, int stride, int dilation) {
        return Padding.compute(node.attributes().getString("padding"), in, kernel, stride, dilation);
    }

    private TensorInfo constantOperand(Node node, int i, String role) {
        TensorInfo t = in(node, i);
        if (!t.isConstant()) {
            throw error(node, role + " " + t + " must be a constant on the OpenCL backend");
        }
        return t;
    }

    /** Shape, stride and padding defines shared by CONV_2D and DEPTHWISE_CONV_2D. */
    private static Defines windowDefines(Node node, TensorInfo x, TensorInfo y, int kh, int kw) {
        Attributes a = node.attributes();
        int sh = a.getInt("stride_h", 1);
        int sw = a.getInt("stride_w", 1);
        int dh = a.getInt("dilation_h", 1);
        int dw = a.getInt("dilation_w", 1);
        Padding ph = padding(node, x.shape().dim(1), kh, sh, dh);
        Padding pw = padding(node, x.shape().dim(2), kw, sw, dw);
        return new Defines().put("N", x.shape().dim(0)).put("IH", x.shape().dim(1)).put("IW", x.shape().dim(2))
                .put("IC", x.shape().dim(3)).put("OH", y.shape().dim(1)).put("OW", y.shape().dim(2))
                .put("OC", y.shape().dim(3)).put("KH", kh).put("KW", kw).put("SH", sh).put("SW", sw)
                .put("DH", dh).put("DW", dw).put("PT", ph.before()).put("PL", pw.before())
                .activation(a.getString("activation", "NONE"));
    }

    private void conv(Node node, List<LaunchSpec> out) {
        TensorInfo x = in(node, 0);
        TensorInfo filter = constantOperand(node, 1, "filter");
        TensorInfo y = out(node);
        int oc = filter.shape().dim(0);
        int kh = filter.shape().dim(1);
        int kw = filter.shape().dim(2);
        int ic = filter.shape().dim(3);
        int oc4 = (oc + 3) / 4;
        // [O,KH,KW,I] -> [KH][KW][I][OC4*4] so that four output channels are one float4
        float[] w = filter.constantData();
        float[] packed = new float[kh * kw * ic * oc4 * 4];
        for (int o = 0; o < oc; o++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    for (int i = 0; i < ic; i++) {
                        packed[((ky * kw + kx) * ic + i) * oc4 * 4 + o] = w[((o * kh + ky) * kw + kx) * ic + i];
                    }
                }
            }
        }
        int wOff = weights.add(packed);
        boolean hasBias = node.inputCount() == 3;
        int bOff = 0;
        if (hasBias) {
            float[] bias = new float[oc4 * 4];
            System.arraycopy(constantOperand(node, 2, "bias").constantData(), 0, bias, 0, oc);
            bOff = weights.add(bias);
        }
        int ow2 = (y.shape().dim(2) + 1) / 2;
        Defines d = windowDefines(node, x, y, kh, kw).put("OC4", oc4).put("OW2", ow2).put("HAS_BIAS", hasBias)
                .put("FUSED_CONV", Numerics.FUSED_CONV);
        long items = (long) y.shape().dim(0) * y.shape().dim(1) * ow2 * oc4;
        out.add(new LaunchSpec("conv.cl", "conv2d", d.toString(),
                args(place(x), new Place(true, wOff), bOff, place(y)), items));
    }

    private void depthwise(Node node, List<LaunchSpec> out) {
        TensorInfo x = in(node, 0);
        TensorInfo filter = constantOperand(node, 1, "filter");
        TensorInfo y = out(node);
        int ic = x.shape().dim(3);
        int oc = y.shape().dim(3);
        int dm = oc / ic;
        boolean hasBias = node.inputCount() == 3;
        int wOff = weights.constant(filter);
        int bOff = hasBias ? weights.constant(constantOperand(node, 2, "bias")) : 0;
        boolean vec4 = dm == 1 && ic % 4 == 0;
        Defines d = windowDefines(node, x, y, filter.shape().dim(1), filter.shape().dim(2))
                .put("DM", dm).put("HAS_BIAS", hasBias).put("VEC4", vec4);
        long items = (long) y.shape().dim(0) * y.shape().dim(1) * y.shape().dim(2) * (vec4 ? oc / 4 : oc);
        out.add(new LaunchSpec("conv.cl", "depthwise_conv2d", d.toString(),
                args(place(x), new Place(true, wOff), bOff, place(y)), items));
    }

    private void binary(Node node, List<LaunchSpec> out) {
        TensorInfo a = in(node, 0);
        TensorInfo b = in(node, 1);
        TensorInfo y = out(node);
        int size = y.shape().numElements();
        int opk = switch (node.op()) {
            case ADD -> 0;
            case MUL -> 1;
            default -> 2;
        };
        Defines d = new Defines().put("OPK", opk).put("SIZE", size)
                .activation(opk == 2 ? "NONE" : node.attributes().getString("activation", "NONE"));
        int last = y.shape().rank() == 0 ? 1 : y.shape().dim(-1);
        boolean same = a.shape().equals(b.shape());
        boolean channelB = !same && a.shape().equals(y.shape()) && b.shape().numElements() == last
                && b.shape().rank() > 0 && b.shape().dim(-1) == last && last % 4 == 0;
        long items;
        if (same || channelB) {
            d.put("SAME", same).put("CHANNEL_B", channelB).put("CH", last);
            items = (size + 3) / 4;
        } else {
            int[] outDims = padLeft(node, y.shape(), 1);
            int[] sa = broadcastStrides(node, a.shape(), outDims);
            int[] sb = broadcastStrides(node, b.shape(), outDims);
            d.put("SAME", false).put("CHANNEL_B", false);
            for (int k = 0; k < MAX_RANK; k++) {
                d.put("D" + k, outDims[k]).put("SA" + k, sa[k]).put("SB" + k, sb[k]);
            }
            items = size;
        }
        out.add(new LaunchSpec("elementwise.cl", "binary", d.toString(), args(place(a), place(b), place(y)), items));
    }

    /** Dims of {@code s} right-aligned in six axes, {@code fill} on the left. */
    private static int[] padLeft(Node node, Shape s, int fill) {
        if (s.rank() > MAX_RANK) {
            throw error(node, "rank " + s.rank() + " of shape " + s + " exceeds the OpenCL backend's " + MAX_RANK);
        }
        int[] d = new int[MAX_RANK];
        int lead = MAX_RANK - s.rank();
        for (int k = 0; k < MAX_RANK; k++) {
            d[k] = k < lead ? fill : s.dim(k - lead);
        }
        return d;
    }

    /** Element strides of {@code s} against six-axis output dims: 0 where {@code s} is broadcast. */
    private static int[] broadcastStrides(Node node, Shape s, int[] outDims) {
        int[] dims = padLeft(node, s, 1);
        int[] strides = new int[MAX_RANK];
        int stride = 1;
        for (int k = MAX_RANK - 1; k >= 0; k--) {
            strides[k] = dims[k] == 1 && outDims[k] != 1 ? 0 : stride;
            stride *= dims[k];
        }
        return strides;
    }

    private void relu(Node node, List<LaunchSpec> out) {
        TensorInfo x = in(node, 0);
        int size = x.shape().numElements();
        out.add(new LaunchSpec("elementwise.cl", "relu", new Defines().put("SIZE", size).toString(),
                args(place(x), place(out(node))), (size + 3) / 4));
    }

    private void maxPool(Node node, List<LaunchSpec> out) {
        TensorInfo x = in(node, 0);
        TensorInfo y = out(node);
        Attributes a = node.attributes();
        int fh = a.getInt("filter_h");
        int fw = a.getInt("filter_w");
        int sh = a.getInt("stride_h", 1);
        int sw = a.getInt("stride_w", 1);
        Padding ph = padding(node, x.shape().dim(1), fh, sh, 1);
        Padding pw = padding(node, x.shape().dim(2), fw, sw, 1);
        Defines d = new Defines().put("N", x.shape().dim(0)).put("IH", x.shape().dim(1)).put("IW", x.shape().dim(2))
                .put("C", x.shape().dim(3)).put("OH", y.shape().dim(1)).put("OW", y.shape().dim(2)).put("FH", fh)
                .put("FW", fw).put("SH", sh).put("SW", sw).put("PT", ph.before()).put("PL", pw.before())
                .activation(a.getString("activation", "NONE"));
        out.add(new LaunchSpec("pool.cl", "max_pool2d", d.toString(), args(place(x), place(y)),
                y.shape().numElements()));
    }

    private void pad(Node node, List<LaunchSpec> out) {
        TensorInfo x = in(node, 0);
        TensorInfo y = out(node);
        int[] pads = node.attributes().getInts("paddings");
        int[] inDims = padLeft(node, x.shape(), 1);
        int[] outDims = padLeft(node, y.shape(), 1);
        int lead = MAX_RANK - x.shape().rank();
        Defines d = new Defines().put("SIZE", y.shape().numElements());
        for (int k = 0; k < MAX_RANK; k++) {
            d.put("O" + k, outDims[k]).put("I" + k, inDims[k]).put("P" + k, k < lead ? 0 : pads[2 * (k - lead)]);
        }
        out.add(new LaunchSpec("layout.cl", "pad", d.toString(), args(place(x), place(y)), y.shape().numElements()));
    }

    private void reshape(Node node, List<LaunchSpec> out) {
        TensorInfo x = in(node, 0);
        TensorInfo y = out(node);
        if (!x.isConstant() && plan.storageOf(y.id()) == plan.storageOf(x.id())) {
            return; // the plan gave the output its input's window: nothing to move
        }
        int size = y.shape().numElements();
        out.add(new LaunchSpec("layout.cl", "copy", new Defines().put("SIZE", size).toString(),
                args(place(x), place(y)), size));
    }

    /** The same start/count arithmetic as the reference's StridedSliceRef (validated there already). */
    private void stridedSlice(Node node, List<LaunchSpec> out) {
        TensorInfo x = in(node, 0);
        TensorInfo y = out(node);
        Attributes a = node.attributes();
        Shape s = x.shape();
        int rank = s.rank();
        if (rank > MAX_RANK) {
            throw error(node, "rank " + rank + " exceeds the OpenCL backend's " + MAX_RANK);
        }
        int[] begin = a.getInts("begin");
        int[] end = a.getInts("end");
        int[] strides = a.has("strides") ? a.getInts("strides") : filled(rank, 1);
        int beginMask = a.getInt("begin_mask", 0);
        int endMask = a.getInt("end_mask", 0);
        int shrinkMask = a.getInt("shrink_axis_mask", 0);
        int[] counts = filled(MAX_RANK, 1);
        int[] steps = new int[MAX_RANK];
        int base = 0;
        int lead = MAX_RANK - rank;
        for (int k = 0; k < rank; k++) {
            int n = s.dim(k);
            int st = strides[k];
            boolean shrink = (shrinkMask >> k & 1) != 0;
            int start = (beginMask >> k & 1) != 0 ? (st > 0 ? 0 : n - 1)
                    : clampToAxis(begin[k] < 0 ? begin[k] + n : begin[k], st, n);
            int stop = shrink ? start + 1
                    : (endMask >> k & 1) != 0 ? (st > 0 ? n : -1)
                    : clampToAxis(end[k] < 0 ? end[k] + n : end[k], st, n);
            int count = shrink ? 1 : st > 0 ? ceilDiv(stop - start, st) : ceilDiv(start - stop, -st);
            counts[lead + k] = Math.max(0, count);
            steps[lead + k] = st * s.stride(k);
            base += start * s.stride(k);
        }
        Defines d = new Defines().put("SIZE", y.shape().numElements()).put("BASE", base);
        for (int k = 0; k < MAX_RANK; k++) {
            d.put("C" + k, counts[k]).put("T" + k, steps[k]);
        }
        out.add(new LaunchSpec("layout.cl", "strided_slice", d.toString(), args(place(x), place(y)),
                y.shape().numElements()));
    }

    private static int clampToAxis(int v, int stride, int n) {
        return stride > 0 ? Math.max(0, Math.min(n, v)) : Math.max(-1, Math.min(n - 1, v));
    }

    private static int ceilDiv(int a, int b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private void concat(Node node, List<LaunchSpec> out) {
        TensorInfo y = out(node);
        int rank = y.shape().rank();
        int axisAttr = node.attributes().getInt("axis");
        int axis = axisAttr < 0 ? axisAttr + rank : axisAttr;
        int inner = y.shape().stride(axis);
        int outer = 1;
        for (int k = 0; k < axis; k++) {
            outer *= y.shape().dim(k);
        }
        int total = y.shape().dim(axis) * inner;
        String act = node.attributes().getString("activation", "NONE");
        int prefix = 0;
        for (int i = 0; i < node.inputCount(); i++) {
            TensorInfo x = in(node, i);
            int chunk = x.shape().dim(axis) * inner;
            Defines d = new Defines().put("OUTER", outer).put("CHUNK", chunk).put("TOTAL", total)
                    .put("PREFIX", prefix).activation(act);
            out.add(new LaunchSpec("layout.cl", "concat_part", d.toString(), args(place(x), place(y)),
                    (long) outer * chunk));
            prefix += chunk;
        }
    }

    private void landmarksToMatrix(Node node, List<LaunchSpec> out) {
        TensorInfo l = in(node, 0);
        Attributes a = node.attributes();
        int[] subset = a.getInts("subset_idxs");
        StringBuilder points = new StringBuilder();
        int count = subset.length + subset.length % 2;
        for (int k = 0; k < count; k++) {
            points.append(k == 0 ? "" : ",").append(subset[Math.min(k, subset.length - 1)]);
        }
        int outW = a.getInt("output_width");
        int outH = a.getInt("output_height");
        Defines d = new Defines().put("FP64", fp64).put("POINT_COUNT", count).raw("POINTS", points.toString())
                .put("LEFT", a.getInt("left_rotation_idx")).put("RIGHT", a.getInt("right_rotation_idx"))
                .put("TARGET_ROTATION", a.getFloat("target_rotation_radians", 0f)).put("OUT_W", outW)
                .put("OUT_H", outH).put("SCALE_X", a.getFloat("scale_x")).put("SCALE_Y", a.getFloat("scale_y"))
                .put("SHIFT_X", (float) (-1.0 * (outW / 2.0))).put("SHIFT_Y", (float) (-1.0 * (outH / 2.0)));
        out.add(new LaunchSpec("mediapipe.cl", "landmarks_to_transform_matrix", d.toString(),
                args(place(l), place(out(node))), 1));
    }

    private void transformBilinear(Node node, List<LaunchSpec> out) {
        TensorInfo f = in(node, 0);
        TensorInfo m = in(node, 1);
        TensorInfo y = out(node);
        Defines d = new Defines().put("FP64", fp64).put("IH", f.shape().dim(1)).put("IW", f.shape().dim(2))
                .put("C", f.shape().dim(3)).put("OH", y.shape().dim(1)).put("OW", y.shape().dim(2));
        out.add(new LaunchSpec("transform.cl", "transform_tensor_bilinear", d.toString(),
                args(place(f), place(m), place(y)), y.shape().numElements()));
    }

    private void transformLandmarks(Node node, List<LaunchSpec> out) {
        TensorInfo l = in(node, 0);
        TensorInfo m = in(node, 1);
        Defines d = new Defines().put("FP64", fp64).put("COUNT", l.shape().dim(1)).put("DIMS", l.shape().dim(2));
        out.add(new LaunchSpec("transform.cl", "transform_landmarks", d.toString(),
                args(place(l), place(m), place(out(node))), l.shape().dim(1)));
    }
}
