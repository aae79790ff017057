package dev.amesh.cpu;

import static dev.amesh.cpu.GraphBuilder.attrs;
import static dev.amesh.cpu.GraphBuilder.dims;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.OpType;

/** Test graphs for the executor. */
public final class SampleGraphs {
    private SampleGraphs() {
    }

    /**
     * Every op type once, wired like a tiny attention model: a trunk (conv, prelu, depthwise, residual add,
     * relu, pool, pad, concat, reshape, slice), landmarks scaled into a crop matrix, the crop of a trunk
     * feature map, and landmarks mapped back. Inputs: image [1,8,8,3], landmarks [1,10,3].
     */
    public static Graph allOps() {
        GraphBuilder g = new GraphBuilder();
        int x = g.input("image", 1, 8, 8, 3);
        int lm = g.input("landmarks", 1, 10, 3);
        int w1 = g.constant("w1", RandomData.uniform(1, 4 * 3 * 3 * 3), 4, 3, 3, 3);
        int b1 = g.constant("b1", RandomData.uniform(2, 4), 4);
        int alpha = g.constant("alpha", new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 1, 1, 4);
        int wd = g.constant("wd", RandomData.uniform(3, 3 * 3 * 4), 1, 3, 3, 4);
        int bd = g.constant("bd", RandomData.uniform(4, 4), 4);
        int quarter = g.constant("quarter", new float[] {0.25f}, 1);

        int c1 = g.node(OpType.CONV_2D, attrs("padding", "SAME", "stride_h", 2, "stride_w", 2), "conv",
                dims(1, 4, 4, 4), x, w1, b1);
        int p1 = g.node(OpType.PRELU, attrs(), "prelu", dims(1, 4, 4, 4), c1, alpha);
        int d1 = g.node(OpType.DEPTHWISE_CONV_2D, attrs("padding", "SAME", "stride_h", 1, "stride_w", 1,
                "depth_multiplier", 1), "dw", dims(1, 4, 4, 4), p1, wd, bd);
        int a1 = g.node(OpType.ADD, attrs(), "add", dims(1, 4, 4, 4), d1, p1);
        int r1 = g.node(OpType.RELU, attrs(), "relu", dims(1, 4, 4, 4), a1);
        int mp = g.node(OpType.MAX_POOL_2D, attrs("padding", "VALID", "stride_h", 2, "stride_w", 2, "filter_h", 2,
                "filter_w", 2), "pool", dims(1, 2, 2, 4), r1);
        int pd = g.node(OpType.PAD, attrs("paddings", new int[] {0, 0, 0, 0, 0, 0, 0, 2}), "pad", dims(1, 2, 2, 6), mp);
        int cc = g.node(OpType.CONCATENATION, attrs("axis", 3), "concat", dims(1, 2, 2, 12), pd, pd);
        int rs = g.node(OpType.RESHAPE, attrs("new_shape", new int[] {1, 48}), "flat", dims(1, 48), cc);
        int ss = g.node(OpType.STRIDED_SLICE, attrs("begin", new int[] {0, 0}, "end", new int[] {1, 48},
                "strides", new int[] {1, 2}), "slice", dims(1, 24), rs);
        int lm4 = g.node(OpType.MUL, attrs(), "landmarks_quarter", dims(1, 10, 3), lm, quarter);
        int m = g.node(OpType.LANDMARKS_TO_TRANSFORM_MATRIX, attrs("subset_idxs", new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8},
                "left_rotation_idx", 0, "right_rotation_idx", 1, "target_rotation_radians", 0f,
                "output_height", 4, "output_width", 4, "scale_x", 1.5f, "scale_y", 1.5f), "matrix", dims(1, 4, 4), lm4);
        int crop = g.node(OpType.TRANSFORM_TENSOR_BILINEAR, attrs("output_height", 4, "output_width", 4), "crop",
                dims(1, 4, 4, 4), r1, m);
        int pts = g.node(OpType.RESHAPE, attrs("new_shape", new int[] {1, 12, 2}), "points", dims(1, 12, 2), ss);
        int back = g.node(OpType.TRANSFORM_LANDMARKS, attrs(), "points_back", dims(1, 12, 2), pts, m);
        return g.output(crop).output(back).output(ss).build("all-ops");
    }

    /**
     * Landmarks in [2, 14] for {@link #allOps()}: after the 0.25 scale they fall on the 4x4 feature map.
     * Landmark 0 -> 1 points right and a little down, so the crop is rotated.
     */
    public static float[] landmarks(long seed) {
        float[] l = RandomData.uniform(seed, 30);
        for (int i = 0; i < l.length; i++) {
            l[i] = 8 + 6 * l[i];
        }
        l[0] = 3;
        l[1] = 7;
        l[3] = 12;
        l[4] = 9;
        return l;
    }
}
