package dev.amesh.api.graph;

/** A graph is malformed, or an op's operands do not fit it. The message names the op and the tensor. */
public class GraphException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GraphException(String message) {
        super(message);
    }

    public GraphException(String message, Throwable cause) {
        super(message, cause);
    }
}
