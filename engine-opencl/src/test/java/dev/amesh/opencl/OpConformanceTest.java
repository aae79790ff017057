package dev.amesh.opencl;

import static dev.amesh.opencl.GraphBuilder.attrs;
import static dev.amesh.opencl.GraphBuilder.dims;
import static dev.amesh.opencl.GraphBuilder.random;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.testing.Tolerance;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every op's OpenCL kernel against the scalar reference kernel on seeded random data: odd sizes, channel
 * counts that are not multiples of four, stride 2 SAME, dilation, broadcasting, masks, and the custom
 * ops with rotations and samples outside the feature map. Kernels that keep the reference's operation
 * order are held to {@link Tolerance#EXACT}; the rest to {@link Tolerance#CLOSE}.
 */
class OpConformanceTest {
    @BeforeAll
    static void available() {
        OpenClTestSupport.backend();
    }

    /** Feeds every graph input with seeded random data, runs both backends, compares every output. */
    private static void assertMatchesScalar(Graph g, long seed, Tolerance tol) {
        List<TensorInfo> ins = g.inputTensors();
        Tensor[] feeds = new Tensor[ins.size()];
        for (int i = 0; i < feeds.length; i++) {
            feeds[i] = new Tensor(ins.get(i).shape(), random(seed + i, ins.get(i).shape().numElements()));
        }
        float[][] expected = OpenClTestSupport.scalarOutputs(g, feeds);
        try (OpenClCompiledModel m = OpenClTestSupport.compile(g)) {
            float[][] actual = OpenClTestSupport.copies(m.run(feeds));
            for (int i = 0; i < expected.length; i++) {
                tol.assertClose(g.name() + " output " + i + " (seed " + seed + ")", expected[i], actual[i]);
            }
        }
    }

    private static Graph conv(int n, int h, int w, int ic, int oc, int k, int stride, int dilation, String padding,
            boolean bias, String act, int oh, int ow) {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", n, h, w, ic);
        int f = b.constant("w", random(11, oc * k * k * ic), oc, k, k, ic);
        int[] ins = bias ? new int[] {x, f, b.constant("b", random(12, oc), oc)} : new int[] {x, f};
        int y = b.node(OpType.CONV_2D, attrs("padding", padding, "stride_h", stride, "stride_w", stride,
                "dilation_h", dilation, "dilation_w", dilation, "activation", act), "y", dims(n, oh, ow, oc), ins);
        return b.output(y).build("conv");
    }

    @Test
    void conv2d() {
        assertMatchesScalar(conv(1, 7, 5, 3, 5, 3, 2, 1, "SAME", true, "NONE", 4, 3), 1, Tolerance.EXACT);
        assertMatchesScalar(conv(2, 9, 6, 4, 8, 3, 1, 1, "VALID", true, "RELU6", 7, 4), 2, Tolerance.EXACT);
        assertMatchesScalar(conv(1, 8, 8, 6, 7, 3, 1, 2, "SAME", false, "RELU", 8, 8), 3, Tolerance.EXACT);
        assertMatchesScalar(conv(1, 6, 6, 13, 16, 1, 1, 1, "VALID", true, "RELU_N1_TO_1", 6, 6), 4, Tolerance.EXACT);
        assertMatchesScalar(conv(1, 10, 11, 2, 3, 2, 2, 1, "SAME", true, "NONE", 5, 6), 5, Tolerance.EXACT);
    }

    private static Graph depthwise(int h, int w, int c, int dm, int k, int stride, String padding, boolean bias,
            int oh, int ow) {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", 1, h, w, c);
        int f = b.constant("w", random(21, k * k * c * dm), 1, k, k, c * dm);
        int[] ins = bias ? new int[] {x, f, b.constant("b", random(22, c * dm), c * dm)} : new int[] {x, f};
        int y = b.node(OpType.DEPTHWISE_CONV_2D, attrs("padding", padding, "stride_h", stride, "stride_w", stride,
                "depth_multiplier", dm, "activation", "RELU"), "y", dims(1, oh, ow, c * dm), ins);
        return b.output(y).build("depthwise");
    }

    @Test
    void depthwiseConv2d() {
        assertMatchesScalar(depthwise(7, 5, 8, 1, 3, 2, "SAME", true, 4, 3), 1, Tolerance.EXACT);
        assertMatchesScalar(depthwise(9, 9, 3, 1, 5, 1, "SAME", false, 9, 9), 2, Tolerance.EXACT);
        assertMatchesScalar(depthwise(6, 7, 3, 2, 3, 1, "VALID", true, 4, 5), 3, Tolerance.EXACT);
        assertMatchesScalar(depthwise(8, 8, 16, 1, 3, 2, "VALID", true, 3, 3), 4, Tolerance.EXACT);
    }

    private static Graph binary(OpType op, String act, int[] a, int[] bDims, boolean bConstant, int[] out) {
        GraphBuilder g = new GraphBuilder();
        int x = g.input("a", a);
        int n = 1;
        for (int d : bDims) {
            n *= d;
        }
        int y = bConstant ? g.constant("b", random(31, n), bDims) : g.input("b", bDims);
        int z = g.node(op, op == OpType.PRELU ? attrs() : attrs("activation", act), "z", out, x, y);
        return g.output(z).build(op.name().toLowerCase());
    }

    @Test
    void addMulPreluWithBroadcasting() {
        assertMatchesScalar(binary(OpType.ADD, "RELU", dims(1, 5, 3, 7), dims(1, 5, 3, 7), false, dims(1, 5, 3, 7)),
                1, Tolerance.EXACT);
        assertMatchesScalar(binary(OpType.ADD, "NONE", dims(2, 3, 4, 5), dims(3, 1, 5), false, dims(2, 3, 4, 5)),
                2, Tolerance.EXACT);
        assertMatchesScalar(binary(OpType.MUL, "RELU6", dims(1, 5), dims(4, 5), false, dims(4, 5)), 3,
                Tolerance.EXACT);
        assertMatchesScalar(binary(OpType.MUL, "NONE", dims(1, 3, 3, 6), dims(1), true, dims(1, 3, 3, 6)), 4,
                Tolerance.EXACT);
        assertMatchesScalar(binary(OpType.PRELU, "NONE", dims(1, 5, 3, 8), dims(1, 1, 8), true, dims(1, 5, 3, 8)),
                5, Tolerance.EXACT);
        assertMatchesScalar(binary(OpType.PRELU, "NONE", dims(1, 5, 3, 3), dims(1, 1, 3), true, dims(1, 5, 3, 3)),
                6, Tolerance.EXACT);
        assertMatchesScalar(binary(OpType.ADD, "NONE", dims(1, 4, 4, 12), dims(12), true, dims(1, 4, 4, 12)), 7,
                Tolerance.EXACT);
    }

    @Test
    void relu() {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", 1, 3, 3, 3);
        assertMatchesScalar(b.output(b.node(OpType.RELU, attrs(), "y", dims(1, 3, 3, 3), x)).build("relu"), 1,
                Tolerance.EXACT);
    }

    private static Graph maxPool(int h, int w, int c, int k, int stride, String padding, String act, int oh, int ow) {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", 1, h, w, c);
        int y = b.node(OpType.MAX_POOL_2D, attrs("padding", padding, "stride_h", stride, "stride_w", stride,
                "filter_h", k, "filter_w", k, "activation", act), "y", dims(1, oh, ow, c), x);
        return b.output(y).build("maxpool");
    }

    @Test
    void maxPool2d() {
        assertMatchesScalar(maxPool(7, 5, 3, 2, 2, "SAME", "NONE", 4, 3), 1, Tolerance.EXACT);
        assertMatchesScalar(maxPool(6, 6, 5, 3, 1, "SAME", "RELU", 6, 6), 2, Tolerance.EXACT);
        assertMatchesScalar(maxPool(9, 8, 2, 3, 2, "VALID", "NONE", 4, 3), 3, Tolerance.EXACT);
    }

    @Test
    void pad() {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", 1, 5, 3, 3);
        int y = b.node(OpType.PAD, attrs("paddings", new int[] {0, 0, 1, 2, 0, 3, 2, 1}), "y", dims(1, 8, 6, 6), x);
        assertMatchesScalar(b.output(y).build("pad4"), 1, Tolerance.EXACT);
        GraphBuilder b2 = new GraphBuilder();
        int x2 = b2.input("x", 3, 5);
        int y2 = b2.node(OpType.PAD, attrs("paddings", new int[] {2, 0, 0, 1}), "y", dims(5, 6), x2);
        assertMatchesScalar(b2.output(y2).build("pad2"), 2, Tolerance.EXACT);
    }

    @Test
    void reshapeAliasedAndCopied() {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", 1, 4, 6);
        int r = b.node(OpType.RESHAPE, attrs("new_shape", new int[] {1, -1}), "r", dims(1, 24), x);
        int c = b.constant("c", random(5, 24), 2, 12);
        int rc = b.node(OpType.RESHAPE, attrs(), "rc", dims(1, 24), c);
        int s = b.node(OpType.ADD, attrs("activation", "NONE"), "s", dims(1, 24), r, rc);
        assertMatchesScalar(b.output(s).output(r).build("reshape"), 1, Tolerance.EXACT);
    }

    @Test
    void stridedSliceWithMasksAndNegativeStrides() {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", 1, 7, 6, 5);
        // axis 1: 1..7 step 2 -> 3; axis 2: reversed from the end (mask) step -2 -> 3; axis 3: index 2 shrunk
        int y = b.node(OpType.STRIDED_SLICE, attrs("begin", new int[] {0, 1, 0, 2}, "end", new int[] {1, 7, 0, 3},
                "strides", new int[] {1, 2, -2, 1}, "begin_mask", 4, "end_mask", 4, "shrink_axis_mask", 8), "y",
                dims(1, 3, 3), x);
        assertMatchesScalar(b.output(y).build("slice"), 1, Tolerance.EXACT);
        GraphBuilder b2 = new GraphBuilder();
        int x2 = b2.input("x", 1, 1404);
        int y2 = b2.node(OpType.STRIDED_SLICE, attrs("begin", new int[] {0, -1000}, "end", new int[] {1, 1404},
                "strides", new int[] {1, 3}), "y", dims(1, 334), x2);
        assertMatchesScalar(b2.output(y2).build("slice2"), 2, Tolerance.EXACT);
    }

    @Test
    void concatenation() {
        GraphBuilder b = new GraphBuilder();
        int x0 = b.input("x0", 1, 3, 2, 5);
        int x1 = b.input("x1", 1, 3, 2, 3);
        int x2 = b.constant("x2", random(7, 12), 1, 3, 2, 2);
        int y = b.node(OpType.CONCATENATION, attrs("axis", -1, "activation", "RELU"), "y", dims(1, 3, 2, 10),
                x0, x1, x2);
        int z = b.node(OpType.CONCATENATION, attrs("axis", 1, "activation", "NONE"), "z", dims(1, 6, 2, 10), y, y);
        assertMatchesScalar(b.output(z).output(y).build("concat"), 1, Tolerance.EXACT);
    }

    /** landmarks -> matrix -> (crop of features, transformed landmarks), the matrix staying on the device. */
    private static Graph customOps(float targetRotation, float scale, int[] subset, int featureSize,
            int landmarkDims) {
        GraphBuilder b = new GraphBuilder();
        int l = b.input("landmarks", 1, 12, 3);
        int f = b.input("features", 1, featureSize, featureSize, 5);
        int m = b.node(OpType.LANDMARKS_TO_TRANSFORM_MATRIX, attrs("subset_idxs", subset, "left_rotation_idx", 1,
                "right_rotation_idx", 7, "target_rotation_radians", targetRotation, "output_height", 6,
                "output_width", 7, "scale_x", scale, "scale_y", scale * 1.25f), "m", dims(1, 4, 4), l);
        int crop = b.node(OpType.TRANSFORM_TENSOR_BILINEAR, attrs("output_height", 6, "output_width", 7), "crop",
                dims(1, 6, 7, 5), f, m);
        int lm = b.input("points", 1, 9, landmarkDims);
        int t = b.node(OpType.TRANSFORM_LANDMARKS, attrs(), "t", dims(1, 9, landmarkDims), lm, m);
        return b.output(crop).output(t).output(m).build("custom");
    }

    @Test
    void mediapipeCustomOpsWithRotationAndOutOfBounds() {
        // landmarks in [-1, 1) over a feature map of side 2 or 8: rotated crops reach well outside the map
        assertMatchesScalar(customOps(0f, 1.5f, new int[] {0, 2, 3, 5, 8, 11}, 2, 3), 1, Tolerance.CLOSE);
        assertMatchesScalar(customOps(0.7f, 4f, new int[] {4, 6, 9}, 8, 2), 2, Tolerance.CLOSE);
        assertMatchesScalar(customOps(-2.5f, 3f, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 8, 3), 3,
                Tolerance.CLOSE);
    }

    @Test
    void transformTensorBilinearAgainstAGivenMatrix() {
        // an explicit rotation+scale whose samples fall inside, on the edge and outside the 9x7 map
        GraphBuilder b = new GraphBuilder();
        int f = b.input("features", 1, 9, 7, 3);
        float c = (float) Math.cos(0.4);
        float s = (float) Math.sin(0.4);
        int m = b.constant("m", new float[] {1.3f * c, -1.3f * s, 0, 2.5f, 1.3f * s, 1.3f * c, 0, -1.75f,
            0, 0, 1, 0, 0, 0, 0, 1}, 1, 4, 4);
        int y = b.node(OpType.TRANSFORM_TENSOR_BILINEAR, attrs("output_height", 8, "output_width", 6), "y",
                dims(1, 8, 6, 3), f, m);
        assertMatchesScalar(b.output(y).build("bilinear"), 1, Tolerance.CLOSE);
    }
}
