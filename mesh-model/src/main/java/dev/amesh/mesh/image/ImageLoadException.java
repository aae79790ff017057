package dev.amesh.mesh.image;

import java.io.IOException;

/** An image file that cannot be used; the message is one sentence naming the file and the problem. */
public final class ImageLoadException extends IOException {
    private static final long serialVersionUID = 1L;

    public ImageLoadException(String message) {
        super(message);
    }

    public ImageLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
