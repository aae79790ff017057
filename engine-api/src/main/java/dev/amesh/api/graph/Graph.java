package dev.amesh.api.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IR: tensors, nodes in execution order, model inputs and outputs, and string metadata (source file,
 * checksum, converter statistics). Immutable; {@link #validate()} runs on construction, so every Graph
 * is well formed: every id is in range, every tensor is defined (constant, model input or an earlier
 * node's output) before it is read, and written at most once. Execution order therefore has no cycles.
 */
public final class Graph {
    private final String name;
    private final List<TensorInfo> tensors;
    private final List<Node> nodes;
    private final int[] inputs;
    private final int[] outputs;
    private final Map<String, String> metadata;
    private final Map<String, Integer> byName = new HashMap<>();

    public Graph(String name, List<TensorInfo> tensors, List<Node> nodes, int[] inputs, int[] outputs,
            Map<String, String> metadata) {
        this.name = name == null ? "" : name;
        this.tensors = List.copyOf(tensors);
        this.nodes = List.copyOf(nodes);
        this.inputs = inputs.clone();
        this.outputs = outputs.clone();
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
        for (TensorInfo t : this.tensors) {
            byName.putIfAbsent(t.name(), t.id());
        }
        validate();
    }

    public String name() {
        return name;
    }

    public List<TensorInfo> tensors() {
        return tensors;
    }

    public TensorInfo tensor(int id) {
        return tensors.get(id);
    }

    /** The first tensor with this name. */
    public TensorInfo tensor(String tensorName) {
        Integer id = byName.get(tensorName);
        if (id == null) {
            throw new IllegalArgumentException("graph '" + name + "' has no tensor named '" + tensorName + "'");
        }
        return tensors.get(id);
    }

    public boolean hasTensor(String tensorName) {
        return byName.containsKey(tensorName);
    }

    public List<Node> nodes() {
        return nodes;
    }

    public int[] inputs() {
        return inputs.clone();
    }

    public int[] outputs() {
        return outputs.clone();
    }

    public List<TensorInfo> inputTensors() {
        List<TensorInfo> l = new ArrayList<>();
        for (int id : inputs) {
            l.add(tensors.get(id));
        }
        return l;
    }

    public List<TensorInfo> outputTensors() {
        List<TensorInfo> l = new ArrayList<>();
        for (int id : outputs) {
            l.add(tensors.get(id));
        }
        return l;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** For each tensor id, the index of the node that writes it, or -1 (inputs and constants). */
    public int[] producers() {
        int[] p = new int[tensors.size()];
        Arrays.fill(p, -1);
        for (Node n : nodes) {
            for (int o : n.outputs()) {
                p[o] = n.index();
            }
        }
        return p;
    }

    /** For each tensor id, the index of the last node that reads it, or -1 if none (model outputs: nodes.size()). */
    public int[] lastUses() {
        int[] last = new int[tensors.size()];
        Arrays.fill(last, -1);
        for (Node n : nodes) {
            for (int i : n.inputs()) {
                last[i] = n.index();
            }
        }
        for (int o : outputs) {
            last[o] = nodes.size();
        }
        return last;
    }

    private void validate() {
        int nt = tensors.size();
        for (int i = 0; i < nt; i++) {
            if (tensors.get(i).id() != i) {
                throw new GraphException("tensor at position " + i + " has id " + tensors.get(i).id());
            }
        }
        boolean[] defined = new boolean[nt];
        for (TensorInfo t : tensors) {
            defined[t.id()] = t.isConstant();
        }
        for (int id : inputs) {
            checkId(id, "model input");
            if (tensors.get(id).isConstant()) {
                throw new GraphException("model input " + tensors.get(id) + " is a constant");
            }
            if (defined[id]) {
                throw new GraphException("model input " + tensors.get(id) + " listed twice");
            }
            defined[id] = true;
        }
        for (int k = 0; k < nodes.size(); k++) {
            Node n = nodes.get(k);
            if (n.index() != k) {
                throw new GraphException("node at position " + k + " has index " + n.index());
            }
            for (int in : n.inputs()) {
                checkId(in, "input of node " + k + " (" + n.op() + ")");
                if (!defined[in]) {
                    throw new GraphException("node " + k + " (" + n.op() + ") reads " + tensors.get(in)
                            + " before anything writes it");
                }
            }
            for (int out : n.outputs()) {
                checkId(out, "output of node " + k + " (" + n.op() + ")");
                if (defined[out]) {
                    throw new GraphException("node " + k + " (" + n.op() + ") writes " + tensors.get(out)
                            + ", which is already defined");
                }
                defined[out] = true;
            }
        }
        for (int id : outputs) {
            checkId(id, "model output");
            if (!defined[id]) {
                throw new GraphException("model output " + tensors.get(id) + " is never computed");
            }
        }
    }

    private void checkId(int id, String what) {
        if (id < 0 || id >= tensors.size()) {
            throw new GraphException(what + " refers to tensor " + id + " but the graph has " + tensors.size()
                    + " tensors");
        }
    }
}
