package dev.amesh.api.graph;

import java.util.Arrays;
import java.util.Objects;

/** One operator application: reads tensors {@link #inputs()}, writes tensors {@link #outputs()} (graph tensor ids). */
public final class Node {
    private final int index;
    private final OpType op;
    private final int[] inputs;
    private final int[] outputs;
    private final Attributes attributes;

    public Node(int index, OpType op, int[] inputs, int[] outputs, Attributes attributes) {
        this.index = index;
        this.op = Objects.requireNonNull(op);
        this.inputs = inputs.clone();
        this.outputs = outputs.clone();
        this.attributes = attributes == null ? Attributes.EMPTY : attributes;
    }

    /** Position in execution order. */
    public int index() {
        return index;
    }

    public OpType op() {
        return op;
    }

    public int[] inputs() {
        return inputs.clone();
    }

    public int input(int i) {
        return inputs[i];
    }

    public int inputCount() {
        return inputs.length;
    }

    public int[] outputs() {
        return outputs.clone();
    }

    public int output(int i) {
        return outputs[i];
    }

    public int outputCount() {
        return outputs.length;
    }

    public Attributes attributes() {
        return attributes;
    }

    @Override
    public String toString() {
        return index + ": " + op + " " + Arrays.toString(inputs) + " -> " + Arrays.toString(outputs) + " " + attributes;
    }
}
