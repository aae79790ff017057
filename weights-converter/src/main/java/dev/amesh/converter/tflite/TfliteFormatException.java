package dev.amesh.converter.tflite;

/** The bytes are not a well-formed TFLite FlatBuffer (wrong identifier, truncated, an offset out of range). */
public class TfliteFormatException extends ConversionException {
    private static final long serialVersionUID = 1L;

    public TfliteFormatException(String message) {
        super(message);
    }

    public TfliteFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
