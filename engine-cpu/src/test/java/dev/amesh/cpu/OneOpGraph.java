package dev.amesh.cpu;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.DType;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.exec.CpuCompiledModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds a graph of one node, compiles it with the scalar backend, and runs it. */
public final class OneOpGraph {
    private final OpType op;
    private final List<TensorInfo> tensors = new ArrayList<>();
    private final List<Integer> nodeInputs = new ArrayList<>();
    private final List<Integer> modelInputs = new ArrayList<>();
    private final List<float[]> feeds = new ArrayList<>();
    private final Attributes.Builder attrs = Attributes.builder();
    private int[] outputDims;

    private OneOpGraph(OpType op) {
        this.op = op;
    }

    public static OneOpGraph of(OpType op) {
        return new OneOpGraph(op);
    }

    /** A model input fed with {@code data} at run time. */
    public OneOpGraph input(float[] data, int... dims) {
        int id = tensors.size();
        tensors.add(TensorInfo.activation(id, "in" + id, Shape.of(dims)));
        nodeInputs.add(id);
        modelInputs.add(id);
        feeds.add(data);
        return this;
    }

    public OneOpGraph constant(float[] data, int... dims) {
        int id = tensors.size();
        tensors.add(TensorInfo.constant(id, "const" + id, Shape.of(dims), data, DType.FLOAT32));
        nodeInputs.add(id);
        return this;
    }

    public OneOpGraph attr(String key, Object value) {
        attrs.putObject(key, value);
        return this;
    }

    public OneOpGraph output(int... dims) {
        this.outputDims = dims;
        return this;
    }

    public Graph graph() {
        List<TensorInfo> all = new ArrayList<>(tensors);
        int outId = all.size();
        all.add(TensorInfo.activation(outId, "out", Shape.of(outputDims)));
        int[] ins = nodeInputs.stream().mapToInt(Integer::intValue).toArray();
        Node node = new Node(0, op, ins, new int[] {outId}, attrs.build());
        return new Graph("one-" + op, all, List.of(node), modelInputs.stream().mapToInt(Integer::intValue).toArray(),
                new int[] {outId}, Map.of());
    }

    public CpuCompiledModel compile() {
        return new CpuBackend().compile(graph(), BackendOptions.defaults());
    }

    /** Compiles, runs once and returns a copy of the output. */
    public float[] run() {
        try (CpuCompiledModel model = compile()) {
            Tensor[] in = new Tensor[feeds.size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = new Tensor(model.graph().tensor(modelInputs.get(i)).shape(), feeds.get(i));
            }
            return model.run(in)[0].toArray();
        }
    }
}
