package dev.amesh.cpu.simd;

import dev.amesh.api.graph.OpType;
import dev.amesh.cpu.KernelRegistry;
import dev.amesh.cpu.ref.ReferenceKernels;

/**
 * The {@code cpu} backend's kernels: the reference registry with the SIMD kernels laid over it. Loading
 * this class loads the Vector API, so only {@link VectorBackend} calls it, after checking availability.
 */
final class VectorKernels {
    private VectorKernels() {
    }

    /**
     * Kernels whose heavy ops split their work over {@code pool}; convolution weights are packed into
     * {@code weights} (null: an array per kernel).
     */
    static KernelRegistry registry(WorkerPool pool, WeightArena weights) {
        return ReferenceKernels.registry()
                .with(OpType.CONV_2D, ctx -> ConvKernel.prepare(ctx, pool, weights))
                .with(OpType.DEPTHWISE_CONV_2D, ctx -> DepthwiseConvKernel.prepare(ctx, pool))
                .with(OpType.MAX_POOL_2D, ctx -> MaxPoolKernel.prepare(ctx, pool))
                .with(OpType.PAD, ctx -> ChannelPadKernel.prepare(ctx, pool))
                .with(OpType.ADD, ElementwiseKernel::prepare)
                .with(OpType.MUL, ElementwiseKernel::prepare)
                .with(OpType.PRELU, ElementwiseKernel::prepare)
                .with(OpType.TRANSFORM_TENSOR_BILINEAR, ctx -> TransformBilinearKernel.prepare(ctx, pool));
    }

    static String describeSpecies() {
        return Simd.describe();
    }
}
