package dev.amesh.converter.tflite;

/**
 * One entry of the model's operator_codes: a builtin code (the larger of deprecated_builtin_code and
 * builtin_code, as TFLite itself reads it), the custom op name for CUSTOM, and the op version.
 */
public record TfliteOperatorCode(int builtinCode, String customCode, int version) {

    public boolean isCustom() {
        return builtinCode == TfliteBuiltinOperator.CUSTOM;
    }

    /** The builtin's schema name, or the custom op's registered name. */
    public String name() {
        if (isCustom()) {
            return customCode == null ? "CUSTOM(unnamed)" : customCode;
        }
        return TfliteBuiltinOperator.name(builtinCode);
    }
}
