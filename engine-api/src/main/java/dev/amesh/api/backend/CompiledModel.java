package dev.amesh.api.backend;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.tensor.Tensor;

/**
 * A graph prepared for one backend: compile once, run many times. Not thread-safe: one inference at a
 * time per instance (compile one per thread for parallel work; constants are shared where possible).
 */
public interface CompiledModel extends AutoCloseable {
    Graph graph();

    /**
     * Runs one inference. {@code inputs} are in {@link Graph#inputs()} order and must have exactly the
     * input shapes. Returns the model outputs in {@link Graph#outputs()} order, as views that stay valid
     * only until the next call of {@code run} or {@code close}.
     *
     * @throws IllegalArgumentException naming expected and actual shape when an input does not fit
     */
    Tensor[] run(Tensor... inputs);

    /** Installs a hook called after every op with its outputs and time; null removes it. */
    void setObserver(OpObserver observer);

    /** Bytes of activation memory the plan reserves (inputs, intermediates and outputs). */
    long peakActivationBytes();

    /** Releases native or device resources; idempotent. */
    @Override
    void close();
}
