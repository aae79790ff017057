package dev.amesh.cpu;

/**
 * Prepares a {@link Kernel} for one node: validates operand shapes and attributes against the graph,
 * precomputes parameters and binds buffers. Failures are {@link dev.amesh.api.graph.GraphException}s
 * built with {@link KernelContext#error(String)}.
 *
 * <p>A fast factory that does not cover some case (an odd kernel size, a broadcast pattern) delegates
 * to the reference factory for it, e.g. {@code return Conv2dRef.prepare(ctx);}.
 */
@FunctionalInterface
public interface KernelFactory {
    Kernel prepare(KernelContext ctx);
}
