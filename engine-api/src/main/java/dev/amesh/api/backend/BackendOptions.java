package dev.amesh.api.backend;

/** Options for {@link Backend#compile}: thread count and, for device backends, which device. */
public final class BackendOptions {
    private final int threads;
    private final int device;

    private BackendOptions(int threads, int device) {
        this.threads = threads;
        this.device = device;
    }

    public static BackendOptions defaults() {
        return new BackendOptions(Runtime.getRuntime().availableProcessors(), -1);
    }

    /** Threads used inside one inference; at least 1. */
    public int threads() {
        return threads;
    }

    /** Device index for device backends; -1 lets the backend choose. */
    public int device() {
        return device;
    }

    public BackendOptions withThreads(int n) {
        if (n < 1 || n > 1024) {
            throw new IllegalArgumentException("threads must be between 1 and 1024, got " + n);
        }
        return new BackendOptions(n, device);
    }

    public BackendOptions withDevice(int index) {
        if (index < -1) {
            throw new IllegalArgumentException("device index must be >= 0 (or -1 for auto), got " + index);
        }
        return new BackendOptions(threads, index);
    }

    @Override
    public String toString() {
        return "threads=" + threads + (device >= 0 ? ", device=" + device : "");
    }
}
