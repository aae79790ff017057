package dev.amesh.api.backend;

import dev.amesh.api.graph.Graph;

/**
 * A way to execute graphs (scalar reference, SIMD CPU, OpenCL). Implementations register through
 * {@link java.util.ServiceLoader}; {@link Backends} finds them by {@link #name()}.
 */
public interface Backend {
    /** Short name used on the command line: {@code scalar}, {@code cpu}, {@code opencl}. */
    String name();

    /** One line about what this backend is and how it was set up (species, device...). */
    String description();

    /** Whether this backend can run on this machine and JVM now. */
    boolean isAvailable();

    /** Why {@link #isAvailable()} is false, with what to do; empty when available. */
    default String unavailableReason() {
        return "";
    }

    /**
     * Validates every op against its operands, plans memory and prepares kernels once. The result runs
     * the graph many times.
     *
     * @throws dev.amesh.api.graph.GraphException if an op is unsupported or its operands do not fit
     */
    CompiledModel compile(Graph graph, BackendOptions options);
}
