package dev.amesh.cpu.simd;

import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.cpu.ref.Padding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compile-time graph rewrite that folds {@code CONV_2D -> ADD -> PRELU}, {@code CONV_2D -> ADD} and
 * {@code CONV_2D -> PRELU} chains into one CONV_2D node, so the activation is written once from registers
 * (with a residual that is a channel PAD's output, the PAD too: {@link #foldableChannelPad}),
 * and folds a {@code DEPTHWISE_CONV_2D} into the 1x1 convolution that alone reads it (the depthwise output
 * is then computed a row at a time into an L1 buffer and never stored).
 *
 * <p>A link is folded only when the intermediate tensor has exactly one reader and is not a model output,
 * the ADD is a same-shape add of the convolution output and another tensor, and the PRELU slopes are one
 * constant per channel. The fused node takes the place of the chain's last node (the residual may be
 * computed between the convolution and the ADD); its extra inputs are named by the {@link FusedOperands}
 * attributes. Tensor ids are unchanged; the folded intermediates are simply never written.
 */
final class Fusion {
    /**
     * {@code -Damesh.fuse.depthwise=true|false} folds depthwise convolutions or keeps them as nodes of their
     * own; unset, {@link VectorBackend} folds them only for more than one thread and 512-bit vectors (see
     * {@link #foldDepthwise}).
     */
    static final String DEPTHWISE_PROPERTY = "amesh.fuse.depthwise";

    private Fusion() {
    }

    /**
     * Whether to fold depthwise convolutions into their 1x1 readers for a model run on {@code threads}
     * threads, unless the property says. Measured (both variants compiled in one JVM, run alternately):
     * on one thread the folded model was 1.5-2.3 % slower on an Intel Xeon (AVX-512, two FMA units) and
     * level on Zen 4; on two threads folding was 0.5-2.2 % faster on the Xeon and 4 % on Zen 4 (one
     * fork-join per block instead of two). With 256-bit vectors (AMD EPYC Zen 3, AVX2, the 6-row tiles of
     * {@link PackedGemm}) folding was slower on both: one thread 4 %, two threads 5 % (paired batches of
     * 100 runs, medians of 30-40 pairs), so where those tiles run it stays off.
     */
    static boolean foldDepthwise(int threads) {
        String v = System.getProperty(DEPTHWISE_PROPERTY);
        if (v == null || v.isBlank()) {
            return threads > 1 && !PackedGemm.SIX_ROW_TILES;
        }
        return !"false".equalsIgnoreCase(v.trim());
    }

    /** The rewritten graph, or {@code graph} itself when nothing folds. */
    static Graph apply(Graph graph, boolean foldDepthwise) {
        List<Node> nodes = graph.nodes();
        int nt = graph.tensors().size();
        int[] readers = new int[nt];
        int[] reader = new int[nt];
        for (int k = 0; k < nodes.size(); k++) {
            Node n = nodes.get(k);
            for (int i = 0; i < n.inputCount(); i++) {
                readers[n.input(i)]++;
                reader[n.input(i)] = k;
            }
        }
        boolean[] isOutput = new boolean[nt];
        int[] outputs = graph.outputs();
        for (int i = 0; i < outputs.length; i++) {
            isOutput[outputs[i]] = true;
        }

        int[] producer = graph.producers();
        Node[] replacement = new Node[nodes.size()];
        boolean[] absorbed = new boolean[nodes.size()];
        int folded = 0;
        for (int k = 0; k < nodes.size(); k++) {
            Node conv = nodes.get(k);
            if (conv.op() != OpType.CONV_2D || conv.outputCount() != 1) {
                continue;
            }
            int[] inputs = Arrays.copyOf(conv.inputs(), conv.inputCount() + 2);
            int inputCount = conv.inputCount();
            Attributes.Builder attrs = Attributes.builder();
            Iterator<Map.Entry<String, Object>> it = conv.attributes().asMap().entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Object> e = it.next();
                attrs.putObject(e.getKey(), e.getValue());
            }
            int cur = conv.output(0);
            int[] chain = {k, -1, -1};
            int chainLength = 1;
            Node add = single(graph, cur, readers, reader, isOutput, OpType.ADD);
            Node pad = null;
            if (add != null && add.inputCount() == 2 && add.outputCount() == 1) {
                int other = add.input(0) == cur ? add.input(1) : add.input(0);
                if (other != cur && graph.tensor(other).shape().equals(graph.tensor(cur).shape())
                        && graph.tensor(add.output(0)).shape().equals(graph.tensor(cur).shape())) {
                    attrs.put(FusedOperands.RESIDUAL_INPUT, inputCount);
                    attrs.put(FusedOperands.ADD_ACTIVATION, add.attributes().getString("activation", "NONE"));
                    pad = foldableChannelPad(graph, other, readers, isOutput, producer);
                    if (pad != null) {
                        attrs.put(FusedOperands.RESIDUAL_CHANNEL_PADDED, 1);
                        other = pad.input(0);
                    }
                    inputs[inputCount++] = other;
                    cur = add.output(0);
                    chain[chainLength++] = add.index();
                }
            }
            Node prelu = single(graph, cur, readers, reader, isOutput, OpType.PRELU);
            if (prelu != null && prelu.inputCount() == 2 && prelu.outputCount() == 1 && prelu.input(0) == cur) {
                TensorInfo alpha = graph.tensor(prelu.input(1));
                TensorInfo t = graph.tensor(cur);
                if (alpha.isConstant() && t.shape().rank() == 4
                        && FusedOperands.isPerChannel(alpha.shape(), t.shape().dim(3))
                        && graph.tensor(prelu.output(0)).shape().equals(t.shape())) {
                    attrs.put(FusedOperands.ALPHA_INPUT, inputCount);
                    inputs[inputCount++] = prelu.input(1);
                    cur = prelu.output(0);
                    chain[chainLength++] = prelu.index();
                }
            }
            Node dw = foldDepthwise ? foldableDepthwise(graph, conv, readers, isOutput, producer) : null;
            if (dw != null) {
                inputs = Arrays.copyOf(inputs, inputCount + dw.inputCount() - 1);
                inputs[0] = dw.input(0);
                attrs.put(FusedOperands.DW_FILTER_INPUT, inputCount);
                inputs[inputCount++] = dw.input(1);
                if (dw.inputCount() == 3) {
                    attrs.put(FusedOperands.DW_BIAS_INPUT, inputCount);
                    inputs[inputCount++] = dw.input(2);
                }
                attrs.put(FusedOperands.DW_OUTPUT, dw.output(0));
                Iterator<Map.Entry<String, Object>> dwAttrs = dw.attributes().asMap().entrySet().iterator();
                while (dwAttrs.hasNext()) {
                    Map.Entry<String, Object> e = dwAttrs.next();
                    attrs.putObject(FusedOperands.DW_ATTRIBUTE_PREFIX + e.getKey(), e.getValue());
                }
                absorbed[dw.index()] = true;
            }
            if (chainLength == 1 && dw == null) {
                continue;
            }
            int last = chain[chainLength - 1]; // readers come after writers: the chain is in order
            for (int i = 0; i < chainLength - 1; i++) {
                absorbed[chain[i]] = true;
            }
            if (pad != null) {
                absorbed[pad.index()] = true;
            }
            replacement[last] = new Node(last, OpType.CONV_2D, Arrays.copyOf(inputs, inputCount), new int[] {cur},
                    attrs.build());
            folded++;
        }
        return folded == 0 ? graph : rebuilt(graph, absorbed, replacement);
    }

    /** {@code graph} without the absorbed nodes and with the replacements, renumbered in order. */
    private static Graph rebuilt(Graph graph, boolean[] absorbed, Node[] replacement) {
        List<Node> nodes = graph.nodes();
        List<Node> out = new ArrayList<>();
        for (int k = 0; k < nodes.size(); k++) {
            if (absorbed[k]) {
                continue;
            }
            Node n = replacement[k] != null ? replacement[k] : nodes.get(k);
            out.add(new Node(out.size(), n.op(), n.inputs(), n.outputs(), n.attributes()));
        }
        return new Graph(graph.name(), graph.tensors(), out, graph.inputs(), graph.outputs(), graph.metadata());
    }

    /**
     * Folds each 2x2 stride-2 MAX_POOL_2D into the 3x3 stride-2 DEPTHWISE_CONV_2D that reads the same input
     * (the two branches of the face models' stride-2 blocks): one node with both outputs, whose kernel pools
     * each pair of input rows right after its depthwise row has loaded them, instead of a second pass over
     * the input (at 96x96x16, 590 KB from L2). Both outputs keep their tensor ids. The depthwise must have
     * no padding before (SAME at stride 2 over an even size), depth multiplier 1 and whole vectors of
     * channels; the pool no padding and no activation. Returns {@code graph} itself when nothing folds.
     */
    static Graph foldMaxPools(Graph graph) {
        List<Node> nodes = graph.nodes();
        boolean[] absorbed = new boolean[nodes.size()];
        Node[] replacement = new Node[nodes.size()];
        int folded = 0;
        for (int p = 0; p < nodes.size(); p++) {
            Node pool = nodes.get(p);
            if (!isFoldablePool(graph, pool)) {
                continue;
            }
            for (int d = 0; d < nodes.size(); d++) {
                Node dw = nodes.get(d);
                if (absorbed[dw.index()] || replacement[dw.index()] != null || !pairs(graph, dw, pool)) {
                    continue;
                }
                int first = Math.min(dw.index(), pool.index());
                int last = Math.max(dw.index(), pool.index());
                if (readBetween(nodes, dw.output(0), first, last) || readBetween(nodes, pool.output(0), first, last)) {
                    continue;
                }
                Attributes.Builder attrs = Attributes.builder();
                Iterator<Map.Entry<String, Object>> it = dw.attributes().asMap().entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, Object> e = it.next();
                    attrs.putObject(e.getKey(), e.getValue());
                }
                attrs.put(FusedOperands.MAX_POOL_OUTPUT, 1);
                absorbed[first] = true;
                replacement[last] = new Node(last, OpType.DEPTHWISE_CONV_2D, dw.inputs(),
                        new int[] {dw.output(0), pool.output(0)}, attrs.build());
                folded++;
                break;
            }
        }
        return folded == 0 ? graph : rebuilt(graph, absorbed, replacement);
    }

    /** A MAX_POOL_2D with 2x2 windows at stride 2, no padding, no activation, whole vectors of channels. */
    private static boolean isFoldablePool(Graph graph, Node pool) {
        if (pool.op() != OpType.MAX_POOL_2D || pool.inputCount() != 1 || pool.outputCount() != 1) {
            return false;
        }
        Attributes a = pool.attributes();
        TensorInfo x = graph.tensor(pool.input(0));
        TensorInfo y = graph.tensor(pool.output(0));
        if (x.isConstant() || x.shape().rank() != 4 || y.shape().rank() != 4 || x.shape().dim(3) % Simd.L != 0
                || a.getInt("filter_h", 0) != 2 || a.getInt("filter_w", 0) != 2 || a.getInt("stride_h", 1) != 2
                || a.getInt("stride_w", 1) != 2 || !"NONE".equals(a.getString("activation", "NONE"))) {
            return false;
        }
        String padding = a.getString("padding", "VALID");
        if (!knownPadding(padding) || "VALID".equals(padding) && (x.shape().dim(1) < 2 || x.shape().dim(2) < 2)) {
            return false; // the pool's own kernel reports it
        }
        for (int d = 1; d <= 2; d++) {
            Padding p = Padding.compute(padding, x.shape().dim(d), 2, 2, 1);
            if (p.before() != 0 || p.after() != 0 || p.outSize() != y.shape().dim(d)) {
                return false;
            }
        }
        return y.shape().dim(0) == x.shape().dim(0) && y.shape().dim(3) == x.shape().dim(3);
    }

    /**
     * Whether {@code dw} is a 3x3 stride-2 depthwise convolution (dilation 1, depth multiplier 1, a constant
     * [1, 3, 3, C] filter, no padding before) over {@code pool}'s input with {@code pool}'s output shape.
     */
    private static boolean pairs(Graph graph, Node dw, Node pool) {
        if (dw.op() != OpType.DEPTHWISE_CONV_2D || dw.input(0) != pool.input(0) || dw.outputCount() != 1
                || dw.inputCount() < 2 || dw.inputCount() > 3) {
            return false;
        }
        Attributes a = dw.attributes();
        TensorInfo x = graph.tensor(dw.input(0));
        TensorInfo f = graph.tensor(dw.input(1));
        if (!f.isConstant() || f.shape().rank() != 4 || f.shape().dim(0) != 1 || f.shape().dim(1) != 3
                || f.shape().dim(2) != 3 || f.shape().dim(3) != x.shape().dim(3) || a.getInt("stride_h", 1) != 2
                || a.getInt("stride_w", 1) != 2 || a.getInt("dilation_h", 1) != 1 || a.getInt("dilation_w", 1) != 1
                || a.getInt("depth_multiplier", 1) != 1
                || !graph.tensor(dw.output(0)).shape().equals(graph.tensor(pool.output(0)).shape())) {
            return false;
        }
        String padding = a.getString("padding", "VALID");
        if (!knownPadding(padding) || "VALID".equals(padding) && (x.shape().dim(1) < 3 || x.shape().dim(2) < 3)) {
            return false; // the depthwise kernel reports it
        }
        for (int d = 1; d <= 2; d++) {
            if (Padding.compute(padding, x.shape().dim(d), 3, 2, 1).before() != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean knownPadding(String padding) {
        return "SAME".equals(padding) || "VALID".equals(padding);
    }

    /** Whether a node strictly between {@code first} and {@code last} reads {@code tensor}. */
    private static boolean readBetween(List<Node> nodes, int tensor, int first, int last) {
        for (int k = first + 1; k < last; k++) {
            Node n = nodes.get(k);
            for (int i = 0; i < n.inputCount(); i++) {
                if (n.input(i) == tensor) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The DEPTHWISE_CONV_2D (depth multiplier 1) whose output only {@code conv} reads, when {@code conv} is a
     * 1x1 stride-1 convolution: the two then run as one kernel, the depthwise output row by row in a buffer
     * that stays in L1 instead of a tensor written to and read back from memory.
     */
    private static Node foldableDepthwise(Graph graph, Node conv, int[] readers, boolean[] isOutput, int[] producer) {
        if (conv.inputCount() < 2) {
            return null;
        }
        TensorInfo filter = graph.tensor(conv.input(1));
        Attributes a = conv.attributes();
        if (filter.shape().rank() != 4 || filter.shape().dim(1) != 1 || filter.shape().dim(2) != 1
                || a.getInt("stride_h", 1) != 1 || a.getInt("stride_w", 1) != 1
                || a.getInt("dilation_h", 1) != 1 || a.getInt("dilation_w", 1) != 1) {
            return null;
        }
        int t = conv.input(0);
        if (producer[t] < 0 || readers[t] != 1 || isOutput[t]) {
            return null;
        }
        Node dw = graph.nodes().get(producer[t]);
        if (dw.op() != OpType.DEPTHWISE_CONV_2D || dw.outputCount() != 1 || dw.inputCount() < 2
                || dw.inputCount() > 3 || dw.attributes().getInt("depth_multiplier", 1) != 1) {
            return null;
        }
        TensorInfo x = graph.tensor(dw.input(0));
        TensorInfo dwFilter = graph.tensor(dw.input(1));
        TensorInfo dwOut = graph.tensor(t);
        if (x.shape().rank() != 4 || dwFilter.shape().rank() != 4 || dwOut.shape().rank() != 4
                || dwFilter.shape().dim(0) != 1 || dwFilter.shape().dim(3) != x.shape().dim(3)
                || dwOut.shape().dim(3) != x.shape().dim(3) || !dwFilter.isConstant()) {
            return null;
        }
        return dw;
    }

    /**
     * The PAD that alone reads into {@code residual} and pads only the channel axis of a rank-4 tensor, at
     * its end (the residual branch of the face models' stride-2 blocks: MAX_POOL_2D, then channels padded
     * with zeros up to the block's width): the fused convolution then adds the unpadded tensor to its first
     * channels and +0 to the rest, and the padded copy is never written.
     */
    private static Node foldableChannelPad(Graph graph, int residual, int[] readers, boolean[] isOutput,
            int[] producer) {
        if (producer[residual] < 0 || readers[residual] != 1 || isOutput[residual]) {
            return null;
        }
        Node pad = graph.nodes().get(producer[residual]);
        if (pad.op() != OpType.PAD || pad.inputCount() != 1 || pad.outputCount() != 1) {
            return null;
        }
        TensorInfo x = graph.tensor(pad.input(0));
        TensorInfo padded = graph.tensor(residual);
        if (x.isConstant() || x.shape().rank() != 4 || padded.shape().rank() != 4) {
            return null;
        }
        Object p = pad.attributes().asMap().get("paddings");
        int[] pads = p instanceof int[] ? (int[]) p : null;
        if (pads == null || pads.length != 8) {
            return null;
        }
        for (int d = 0; d < 3; d++) {
            if (pads[2 * d] != 0 || pads[2 * d + 1] != 0 || x.shape().dim(d) != padded.shape().dim(d)) {
                return null;
            }
        }
        int c = x.shape().dim(3);
        return pads[6] == 0 && pads[7] > 0 && c > 0 && c + pads[7] == padded.shape().dim(3) ? pad : null;
    }

    /** The only node reading {@code tensor}, if it has op {@code op} and the tensor is not a model output. */
    private static Node single(Graph graph, int tensor, int[] readers, int[] reader, boolean[] isOutput, OpType op) {
        if (readers[tensor] != 1 || isOutput[tensor]) {
            return null;
        }
        Node n = graph.nodes().get(reader[tensor]);
        return n.op() == op ? n : null;
    }
}
