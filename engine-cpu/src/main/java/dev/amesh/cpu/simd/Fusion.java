package dev.amesh.cpu.simd;

import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compile-time graph rewrite that folds {@code CONV_2D -> ADD -> PRELU}, {@code CONV_2D -> ADD} and
 * {@code CONV_2D -> PRELU} chains into one CONV_2D node, so the activation is written once from registers.
 *
 * <p>A link is folded only when the intermediate tensor has exactly one reader and is not a model output,
 * the ADD is a same-shape add of the convolution output and another tensor, and the PRELU slopes are one
 * constant per channel. The fused node takes the place of the chain's last node (the residual may be
 * computed between the convolution and the ADD); its extra inputs are named by the {@link FusedOperands}
 * attributes. Tensor ids are unchanged; the folded intermediates are simply never written.
 */
final class Fusion {
    private Fusion() {
    }

    /** The rewritten graph, or {@code graph} itself when nothing folds. */
    static Graph apply(Graph graph) {
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
            if (add != null && add.inputCount() == 2 && add.outputCount() == 1) {
                int other = add.input(0) == cur ? add.input(1) : add.input(0);
                if (other != cur && graph.tensor(other).shape().equals(graph.tensor(cur).shape())
                        && graph.tensor(add.output(0)).shape().equals(graph.tensor(cur).shape())) {
                    attrs.put(FusedOperands.RESIDUAL_INPUT, inputCount);
                    attrs.put(FusedOperands.ADD_ACTIVATION, add.attributes().getString("activation", "NONE"));
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
            if (chainLength == 1) {
                continue;
            }
            int last = chain[chainLength - 1]; // readers come after writers: the chain is in order
            for (int i = 0; i < chainLength - 1; i++) {
                absorbed[chain[i]] = true;
            }
            replacement[last] = new Node(last, OpType.CONV_2D, Arrays.copyOf(inputs, inputCount), new int[] {cur},
                    attrs.build());
            folded++;
        }
        if (folded == 0) {
            return graph;
        }
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

    /** The only node reading {@code tensor}, if it has op {@code op} and the tensor is not a model output. */
    private static Node single(Graph graph, int tensor, int[] readers, int[] reader, boolean[] isOutput, OpType op) {
        if (readers[tensor] != 1 || isOutput[tensor]) {
            return null;
        }
        Node n = graph.nodes().get(reader[tensor]);
        return n.op() == op ? n : null;
    }
}
