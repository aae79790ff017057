package dev.amesh.mesh;

import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.backend.OpObserver;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.DType;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A stand-in for a compiled network: checks the input shape and returns fixed (reference) outputs. Shared with the CLI tests. */
public final class FakeModel implements CompiledModel {
    private final Graph graph;
    private final float[][] outputs;
    int runs;
    boolean closed;
    Tensor lastInput;

    public FakeModel(Shape input, Shape[] outputShapes, float[][] outputs) {
        List<TensorInfo> tensors = new ArrayList<>();
        tensors.add(TensorInfo.activation(0, "input", input));
        int[] outs = new int[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            tensors.add(TensorInfo.constant(i + 1, "out" + i, outputShapes[i], outputs[i], DType.FLOAT32));
            outs[i] = i + 1;
        }
        this.graph = new Graph("fake", tensors, List.of(), new int[] {0}, outs, Map.of());
        this.outputs = outputs;
    }

    @Override
    public Graph graph() {
        return graph;
    }

    @Override
    public Tensor[] run(Tensor... inputs) {
        if (inputs.length != 1 || !inputs[0].shape().equals(graph.inputTensors().get(0).shape())) {
            throw new IllegalArgumentException("fake model got " + List.of(inputs));
        }
        runs++;
        lastInput = inputs[0].copy();
        Tensor[] out = new Tensor[outputs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Tensor(graph.outputTensors().get(i).shape(), outputs[i].clone());
        }
        return out;
    }

    @Override
    public void setObserver(OpObserver observer) {
    }

    @Override
    public long peakActivationBytes() {
        return 0;
    }

    @Override
    public void close() {
        closed = true;
    }
}
