package dev.amesh.converter.tflite;

/**
 * One operator of a subgraph, in execution order. Inputs and outputs are tensor indices (-1 marks an
 * omitted optional input). {@code builtinOptions} is null when the operator stores none;
 * {@code customOptions} is empty when it stores none.
 */
public record TfliteOperator(int index, TfliteOperatorCode opcode, int[] inputs, int[] outputs,
        TfliteOptions builtinOptions, byte[] customOptions, int customOptionsFormat) {

    /** CustomOptionsFormat.FLEXBUFFERS, the only format the schema defines. */
    public static final int FLEXBUFFERS = 0;

    @Override
    public int[] inputs() {
        return inputs.clone();
    }

    @Override
    public int[] outputs() {
        return outputs.clone();
    }

    @Override
    public byte[] customOptions() {
        return customOptions.clone();
    }

    public String name() {
        return opcode.name();
    }

    /** "op 17 (CONV_2D)", for messages. */
    public String describe() {
        return "op " + index + " (" + name() + ")";
    }
}
