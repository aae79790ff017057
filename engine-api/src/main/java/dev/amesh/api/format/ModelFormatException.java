package dev.amesh.api.format;

import java.io.IOException;

/**
 * An {@code .amesh} file is truncated, corrupted, forged or made by a newer amesh. The message always
 * starts with the file (or source) name, followed by what is wrong, e.g.
 * {@code "face.amesh: tensor 17 'conv2d' weight offset 123456 + 4096 bytes runs past the end of the file (100000 bytes)"}.
 */
public class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String problem;

    public ModelFormatException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.problem = problem;
    }

    public ModelFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file or source name the problem was found in. */
    public String source() {
        return source;
    }

    /** What is wrong, without the source name. */
    public String problem() {
        return problem;
    }
}
