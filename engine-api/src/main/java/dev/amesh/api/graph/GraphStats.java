package dev.amesh.api.graph;

import dev.amesh.api.tensor.Shape;
import java.util.EnumMap;
import java.util.Map;

/**
 * Static cost and size figures of a {@link Graph}, computed from its tensor shapes and constants alone.
 *
 * <p>Multiply-accumulates are counted for CONV_2D ({@code N·outH·outW·O·KH·KW·I}) and DEPTHWISE_CONV_2D
 * ({@code N·outH·outW·C·dm·KH·KW}); every other op counts 0, as in the MediaPipe figures this project
 * compares against. Parameters are constant elements.
 */
public final class GraphStats {
    private GraphStats() {
    }

    /** Multiply-accumulates of one node (0 for ops other than the two convolutions). */
    public static long macs(Graph graph, Node node) {
        switch (node.op()) {
            case CONV_2D -> {
                Shape out = rank4(graph, node, node.output(0), "output");
                Shape filter = rank4(graph, node, node.input(1), "filter");
                // filter [O, KH, KW, I]
                return (long) out.dim(0) * out.dim(1) * out.dim(2) * out.dim(3)
                        * filter.dim(1) * filter.dim(2) * filter.dim(3);
            }
            case DEPTHWISE_CONV_2D -> {
                Shape out = rank4(graph, node, node.output(0), "output");
                Shape filter = rank4(graph, node, node.input(1), "filter");
                // filter [1, KH, KW, C·dm]; every output channel reads one input channel
                return (long) out.dim(0) * out.dim(1) * out.dim(2) * out.dim(3) * filter.dim(1) * filter.dim(2);
            }
            default -> {
                return 0;
            }
        }
    }

    /** Sum of {@link #macs} over all nodes. */
    public static long totalMacs(Graph graph) {
        long total = 0;
        for (Node n : graph.nodes()) {
            total += macs(graph, n);
        }
        return total;
    }

    /** Multiply-accumulates per op type, for the op types that have any (in OpType order). */
    public static Map<OpType, Long> macsByOp(Graph graph) {
        Map<OpType, Long> m = new EnumMap<>(OpType.class);
        for (Node n : graph.nodes()) {
            long macs = macs(graph, n);
            if (macs > 0) {
                m.merge(n.op(), macs, Long::sum);
            }
        }
        return m;
    }

    /** Number of constant elements the node reads (a constant read twice by the node counts once). */
    public static long parameterCount(Graph graph, Node node) {
        long count = 0;
        int[] inputs = node.inputs();
        for (int i = 0; i < inputs.length; i++) {
            if (!graph.tensor(inputs[i]).isConstant() || readEarlier(inputs, i)) {
                continue;
            }
            count += graph.tensor(inputs[i]).shape().numElements();
        }
        return count;
    }

    private static boolean readEarlier(int[] inputs, int i) {
        for (int j = 0; j < i; j++) {
            if (inputs[j] == inputs[i]) {
                return true;
            }
        }
        return false;
    }

    /** Number of constant tensors in the graph. */
    public static int constantCount(Graph graph) {
        int n = 0;
        for (TensorInfo t : graph.tensors()) {
            if (t.isConstant()) {
                n++;
            }
        }
        return n;
    }

    /** Elements of all constant tensors, each tensor counted once however many nodes read it. */
    public static long totalParameterCount(Graph graph) {
        long n = 0;
        for (TensorInfo t : graph.tensors()) {
            if (t.isConstant()) {
                n += t.shape().numElements();
            }
        }
        return n;
    }

    /** Bytes the constants take in their stored type (FLOAT16 counts 2 per element). */
    public static long storedConstantBytes(Graph graph) {
        long n = 0;
        for (TensorInfo t : graph.tensors()) {
            if (t.isConstant()) {
                n += (long) t.shape().numElements() * t.storedType().byteSize();
            }
        }
        return n;
    }

    /** Node count per op type, in OpType order. */
    public static Map<OpType, Integer> opCounts(Graph graph) {
        Map<OpType, Integer> m = new EnumMap<>(OpType.class);
        for (Node n : graph.nodes()) {
            m.merge(n.op(), 1, Integer::sum);
        }
        return m;
    }

    private static Shape rank4(Graph graph, Node node, int tensorId, String role) {
        Shape s = graph.tensor(tensorId).shape();
        if (s.rank() != 4) {
            throw new GraphException("node " + node.index() + " (" + node.op() + ") has " + role + " "
                    + graph.tensor(tensorId) + " of rank " + s.rank() + ", expected 4");
        }
        return s;
    }
}
