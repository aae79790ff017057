package dev.amesh.converter.tflite;

import java.util.List;

/** One subgraph: its tensors, operators in execution order, and the indices of its input and output tensors. */
public record TfliteSubgraph(String name, List<TfliteTensor> tensors, List<TfliteOperator> operators,
        int[] inputs, int[] outputs) {

    public TfliteSubgraph {
        tensors = List.copyOf(tensors);
        operators = List.copyOf(operators);
    }

    @Override
    public int[] inputs() {
        return inputs.clone();
    }

    @Override
    public int[] outputs() {
        return outputs.clone();
    }

    public TfliteTensor tensor(int index) {
        return tensors.get(index);
    }
}
