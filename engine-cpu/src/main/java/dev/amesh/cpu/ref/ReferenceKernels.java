package dev.amesh.cpu.ref;

import dev.amesh.api.graph.OpType;
import dev.amesh.cpu.KernelRegistry;

/** The plain-loop reference kernel of every {@link OpType}: the spec and the fallback of faster backends. */
public final class ReferenceKernels {
    private ReferenceKernels() {
    }

    public static KernelRegistry registry() {
        return KernelRegistry.empty()
                .with(OpType.CONV_2D, Conv2dRef::prepare)
                .with(OpType.DEPTHWISE_CONV_2D, DepthwiseConv2dRef::prepare)
                .with(OpType.PRELU, BinaryElementwiseRef::prepare)
                .with(OpType.ADD, BinaryElementwiseRef::prepare)
                .with(OpType.MUL, BinaryElementwiseRef::prepare)
                .with(OpType.RELU, ReluRef::prepare)
                .with(OpType.MAX_POOL_2D, MaxPool2dRef::prepare)
                .with(OpType.PAD, PadRef::prepare)
                .with(OpType.RESHAPE, ReshapeRef::prepare)
                .with(OpType.STRIDED_SLICE, StridedSliceRef::prepare)
                .with(OpType.CONCATENATION, ConcatenationRef::prepare)
                .with(OpType.LANDMARKS_TO_TRANSFORM_MATRIX, Landmarks2TransformMatrixRef::prepare)
                .with(OpType.TRANSFORM_TENSOR_BILINEAR, TransformTensorBilinearRef::prepare)
                .with(OpType.TRANSFORM_LANDMARKS, TransformLandmarksRef::prepare);
    }
}
