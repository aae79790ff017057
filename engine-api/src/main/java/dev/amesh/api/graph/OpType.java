package dev.amesh.api.graph;

/**
 * Every operator amesh knows. Inputs are listed in order; constant operands (weights, alphas) are
 * constant tensors of the graph, while constant integer operands of TFLite (paddings, slice bounds,
 * reshape targets) are folded into {@link Attributes} by the converter. Attribute names are
 * lower_snake_case and typed; see {@code docs/ops.md}.
 *
 * <p>Common attributes: {@code activation} (string: NONE, RELU, RELU6, RELU_N1_TO_1) on CONV_2D,
 * DEPTHWISE_CONV_2D, ADD, MUL, MAX_POOL_2D, CONCATENATION; {@code padding} (string: SAME or VALID),
 * {@code stride_h}, {@code stride_w} (ints) on convolutions and pooling.
 */
public enum OpType {
    /** in: x [N,H,W,I], filter [O,KH,KW,I], bias [O]. attrs: padding, stride_h, stride_w, dilation_h, dilation_w, activation. */
    CONV_2D,
    /** in: x [N,H,W,C], filter [1,KH,KW,C*dm], bias [C*dm]. attrs: as CONV_2D plus depth_multiplier. */
    DEPTHWISE_CONV_2D,
    /** in: x, alpha (broadcast NumPy-style against x). out = x >= 0 ? x : alpha*x. */
    PRELU,
    /** in: a, b (NumPy broadcasting). attrs: activation. */
    ADD,
    /** in: a, b (NumPy broadcasting). attrs: activation. */
    MUL,
    /** in: x. out = max(0, x). */
    RELU,
    /** in: x [N,H,W,C]. attrs: padding, stride_h, stride_w, filter_h, filter_w, activation. */
    MAX_POOL_2D,
    /** in: x. attrs: paddings (int[rank*2]: before, after per axis); pads with 0. */
    PAD,
    /** in: x. attrs: new_shape (int[]). The output shape is the graph's output tensor shape. */
    RESHAPE,
    /** in: x. attrs: begin, end, strides (int[rank]), begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask (ints). */
    STRIDED_SLICE,
    /** in: x0, x1, ... attrs: axis (int, may be negative), activation. */
    CONCATENATION,
    /**
     * MediaPipe custom op v2. in: landmarks [1,N,3] (only x, y used). out: [1,4,4] row-major.
     * attrs: subset_idxs (int[]), left_rotation_idx, right_rotation_idx, output_height, output_width (ints),
     * target_rotation_radians, scale_x, scale_y (floats).
     */
    LANDMARKS_TO_TRANSFORM_MATRIX,
    /** MediaPipe custom op v2. in: features [1,H,W,C], matrix [1,4,4]. out: [1,oh,ow,C]. attrs: output_height, output_width. */
    TRANSFORM_TENSOR_BILINEAR,
    /** MediaPipe custom op v2. in: landmarks [1,N,d], matrix [1,4,4]. out: same shape as landmarks. */
    TRANSFORM_LANDMARKS;
}
