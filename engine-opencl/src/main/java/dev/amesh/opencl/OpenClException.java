package dev.amesh.opencl;

/** An OpenCL failure (no platform, a device call that failed, a kernel that did not build) with what and where. */
public final class OpenClException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OpenClException(String message) {
        super(message);
    }

    public OpenClException(String message, Throwable cause) {
        super(message, cause);
    }
}
