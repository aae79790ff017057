package dev.amesh.cpu;

import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.DType;
import dev.amesh.api.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small fluent builder for multi-node test graphs; tensor ids are returned as ints. */
public final class GraphBuilder {
    private final List<TensorInfo> tensors = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Integer> inputs = new ArrayList<>();
    private final List<Integer> outputs = new ArrayList<>();

    public int input(String name, int... dims) {
        int id = tensors.size();
        tensors.add(TensorInfo.activation(id, name, Shape.of(dims)));
        inputs.add(id);
        return id;
    }

    public int constant(String name, float[] values, int... dims) {
        int id = tensors.size();
        tensors.add(TensorInfo.constant(id, name, Shape.of(dims), values, DType.FLOAT32));
        return id;
    }

    /** Adds a node writing one new tensor {@code name} of shape {@code outDims}; returns its id. */
    public int node(OpType op, Attributes attrs, String name, int[] outDims, int... ins) {
        int id = tensors.size();
        tensors.add(TensorInfo.activation(id, name, Shape.of(outDims)));
        nodes.add(new Node(nodes.size(), op, ins, new int[] {id}, attrs));
        return id;
    }

    public GraphBuilder output(int id) {
        outputs.add(id);
        return this;
    }

    public Graph build(String name) {
        return new Graph(name, tensors, nodes, inputs.stream().mapToInt(Integer::intValue).toArray(),
                outputs.stream().mapToInt(Integer::intValue).toArray(), Map.of());
    }

    public static Attributes attrs(Object... keyValues) {
        Attributes.Builder b = Attributes.builder();
        for (int i = 0; i < keyValues.length; i += 2) {
            b.putObject((String) keyValues[i], keyValues[i + 1]);
        }
        return b.build();
    }

    public static int[] dims(int... d) {
        return d;
    }
}
