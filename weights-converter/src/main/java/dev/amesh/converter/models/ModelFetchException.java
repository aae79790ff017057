package dev.amesh.converter.models;

import java.io.IOException;

/**
 * Getting, checking or converting a model failed. The message is one sentence for the user: what failed
 * and what to do about it.
 */
public class ModelFetchException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelFetchException(String message) {
        super(message);
    }

    public ModelFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
