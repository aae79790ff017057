package dev.amesh.converter.tflite;

/**
 * A TFLite model cannot be converted: an operator, option or tensor type amesh does not support, or a
 * graph that does not fit amesh's IR. Messages name the source file and, where one is involved, the
 * TFLite operator's index and name.
 */
public class ConversionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConversionException(String message) {
        super(message);
    }

    public ConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
