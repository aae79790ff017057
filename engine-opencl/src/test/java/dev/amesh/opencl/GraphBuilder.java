package dev.amesh.opencl;

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
import java.util.Random;

/** Small builder for test graphs; tensor ids are returned as ints. */
final class GraphBuilder {
    private final List<TensorInfo> tensors = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Integer> inputs = new ArrayList<>();
    private final List<Integer> outputs = new ArrayList<>();

    int input(String name, int... dims) {
        int id = tensors.size();
        tensors.add(TensorInfo.activation(id, name, Shape.of(dims)));
        inputs.add(id);
        return id;
    }

    int constant(String name, float[] values, int... dims) {
        int id = tensors.size();
        tensors.add(TensorInfo.constant(id, name, Shape.of(dims), values, DType.FLOAT32));
        return id;
    }

    /** A node writing one new tensor {@code name} of shape {@code outDims}; returns its id. */
    int node(OpType op, Attributes attrs, String name, int[] outDims, int... ins) {
        int id = tensors.size();
        tensors.add(TensorInfo.activation(id, name, Shape.of(outDims)));
        nodes.add(new Node(nodes.size(), op, ins, new int[] {id}, attrs));
        return id;
    }

    GraphBuilder output(int id) {
        outputs.add(id);
        return this;
    }

    Graph build(String name) {
        return new Graph(name, tensors, nodes, inputs.stream().mapToInt(Integer::intValue).toArray(),
                outputs.stream().mapToInt(Integer::intValue).toArray(), Map.of());
    }

    static Attributes attrs(Object... keyValues) {
        Attributes.Builder b = Attributes.builder();
        for (int i = 0; i < keyValues.length; i += 2) {
            b.putObject((String) keyValues[i], keyValues[i + 1]);
        }
        return b.build();
    }

    static int[] dims(int... d) {
        return d;
    }

    /** Uniform values in [-1, 1) from {@code seed}. */
    static float[] random(long seed, int n) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat() * 2f - 1f;
        }
        return a;
    }
}
