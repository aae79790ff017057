package dev.amesh.api.backend;

import dev.amesh.api.graph.Node;
import dev.amesh.api.tensor.Tensor;

/**
 * Receives every op's outputs as it runs: the basis of layer dumps and profiles. The tensors are views
 * of the backend's buffers, valid only during the call; copy what you keep. An observer slows the run
 * (device backends must read results back) and should be removed for timing.
 */
@FunctionalInterface
public interface OpObserver {
    /**
     * @param node the op that ran
     * @param outputs its output tensors, named after the graph tensors
     * @param nanos wall time of the op alone
     */
    void onOp(Node node, Tensor[] outputs, long nanos);

    /**
     * Whether this observer reads {@code outputs}. A backend that rewrites the graph (fused ops) runs an
     * unrewritten twin for observers that do, so they see every graph tensor; an observer that only times
     * ops returns false and sees the nodes of {@link CompiledModel#graph()} as they really run.
     */
    default boolean needsOutputs() {
        return true;
    }
}
