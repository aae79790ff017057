package dev.amesh.cpu;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.Node;
import dev.amesh.api.tensor.Shape;

/**
 * What a {@link KernelFactory} sees of one node: the node, its graph, where each operand lives, and
 * helpers that turn a misfit into a {@link GraphException} naming the node index, the op, the tensor and
 * expected versus actual.
 */
public final class KernelContext {
    private final Graph graph;
    private final Node node;
    private final Operand[] inputs;
    private final Operand[] outputs;
    private final BackendOptions options;

    public KernelContext(Graph graph, Node node, Operand[] inputs, Operand[] outputs, BackendOptions options) {
        this.options = options;
        this.graph = graph;
        this.node = node;
        this.inputs = inputs.clone();
        this.outputs = outputs.clone();
    }

    public Graph graph() {
        return graph;
    }

    /** The options the graph is compiled with (threads for kernels that split work). */
    public BackendOptions options() {
        return options;
    }

    public Node node() {
        return node;
    }

    public Attributes attributes() {
        return node.attributes();
    }

    public int inputCount() {
        return inputs.length;
    }

    public int outputCount() {
        return outputs.length;
    }

    public Operand input(int i) {
        return inputs[i];
    }

    public Operand output(int i) {
        return outputs[i];
    }

    /** An exception whose message starts with {@code node 12 (CONV_2D): }. */
    public GraphException error(String detail) {
        return new GraphException("node " + node.index() + " (" + node.op() + "): " + detail);
    }

    public void requireInputCount(int min, int max) {
        if (inputs.length < min || inputs.length > max) {
            String expected = min == max ? String.valueOf(min) : min + " to " + max;
            throw error("expected " + expected + " inputs, got " + inputs.length);
        }
    }

    public void requireOutputCount(int n) {
        if (outputs.length != n) {
            throw error("expected " + n + " output(s), got " + outputs.length);
        }
    }

    /** Input {@code i} (called {@code role} in messages), checked to have rank {@code rank}. */
    public Operand inputOfRank(int i, int rank, String role) {
        Operand o = inputs[i];
        if (o.rank() != rank) {
            throw error(role + " " + o.describe() + " must have rank " + rank + ", has shape " + o.shape());
        }
        return o;
    }

    /** Fails unless the graph declares output {@code i} with exactly the shape the operands give. */
    public void requireOutputShape(int i, Shape computed) {
        Operand o = outputs[i];
        if (!o.shape().equals(computed)) {
            throw error("output " + o.describe() + ": the operands give shape " + computed
                    + " but the graph declares " + o.shape());
        }
    }

    public int intAttr(String key) {
        requireAttr(key);
        try {
            return attributes().getInt(key);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    public int intAttr(String key, int defaultValue) {
        return attributes().has(key) ? intAttr(key) : defaultValue;
    }

    public float floatAttr(String key) {
        requireAttr(key);
        try {
            return attributes().getFloat(key);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    public float floatAttr(String key, float defaultValue) {
        return attributes().has(key) ? floatAttr(key) : defaultValue;
    }

    public String stringAttr(String key) {
        requireAttr(key);
        try {
            return attributes().getString(key);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    public String stringAttr(String key, String defaultValue) {
        return attributes().has(key) ? stringAttr(key) : defaultValue;
    }

    public int[] intsAttr(String key) {
        requireAttr(key);
        try {
            return attributes().getInts(key);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** A required int attribute that must be positive, e.g. a kernel size. */
    public int positiveIntAttr(String key) {
        requireAttr(key);
        return positiveIntAttr(key, 1);
    }

    /** A positive int attribute, e.g. a stride or a kernel size. */
    public int positiveIntAttr(String key, int defaultValue) {
        int v = intAttr(key, defaultValue);
        if (v < 1) {
            throw error("attribute '" + key + "' must be >= 1, got " + v);
        }
        return v;
    }

    private void requireAttr(String key) {
        if (!attributes().has(key)) {
            throw error("missing attribute '" + key + "'");
        }
    }
}
