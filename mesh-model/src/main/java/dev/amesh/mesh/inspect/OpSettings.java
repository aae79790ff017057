package dev.amesh.mesh.inspect;

import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.tensor.Shape;
import java.util.Arrays;
import java.util.Locale;

/** A few words per op that say how it is set up: {@code 3x3/2 SAME}, {@code pad c 0,16}, {@code -> 16x16}. */
final class OpSettings {
    private static final String[] NHWC = {"n", "h", "w", "c"};

    private OpSettings() {
    }

    static String summary(Graph graph, Node n) {
        Attributes a = n.attributes();
        String s = switch (n.op()) {
            case CONV_2D, DEPTHWISE_CONV_2D -> {
                Shape filter = graph.tensor(n.input(1)).shape();
                String k = filter.rank() == 4 ? filter.dim(1) + "x" + filter.dim(2) : filter.toString();
                String dm = a.getInt("depth_multiplier", 1) != 1 ? " x" + a.getInt("depth_multiplier") : "";
                yield k + stride(a) + " " + a.getString("padding", "?") + dilation(a) + dm;
            }
            case MAX_POOL_2D -> a.getInt("filter_h", 0) + "x" + a.getInt("filter_w", 0) + stride(a) + " "
                    + a.getString("padding", "?");
            case PAD -> pads(a.has("paddings") ? a.getInts("paddings") : new int[0]);
            case RESHAPE -> "-> " + graph.tensor(n.output(0)).shape();
            case STRIDED_SLICE -> a.has("begin") && a.has("end")
                    ? Arrays.toString(a.getInts("begin")) + ".." + Arrays.toString(a.getInts("end")) : "";
            case CONCATENATION -> "axis " + a.getInt("axis", 0);
            case LANDMARKS_TO_TRANSFORM_MATRIX -> String.format(Locale.ROOT, "%d pts, rot %d-%d, scale %.2gx%.2g",
                    a.has("subset_idxs") ? a.getInts("subset_idxs").length : 0, a.getInt("left_rotation_idx", -1),
                    a.getInt("right_rotation_idx", -1), a.getFloat("scale_x", 0f), a.getFloat("scale_y", 0f));
            case TRANSFORM_TENSOR_BILINEAR -> "-> " + a.getInt("output_height", 0) + "x" + a.getInt("output_width", 0);
            default -> "";
        };
        String act = a.getString("activation", "NONE");
        return act.equals("NONE") ? s : (s.isEmpty() ? act : s + " " + act);
    }

    private static String stride(Attributes a) {
        int sh = a.getInt("stride_h", 1);
        int sw = a.getInt("stride_w", 1);
        return sh == sw ? "/" + sh : "/" + sh + "x" + sw;
    }

    private static String dilation(Attributes a) {
        int dh = a.getInt("dilation_h", 1);
        int dw = a.getInt("dilation_w", 1);
        return dh == 1 && dw == 1 ? "" : " dil " + dh + "x" + dw;
    }

    /** Non-zero paddings (before,after) per axis, named n/h/w/c for rank 4: {@code pad c 0,16}. */
    private static String pads(int[] p) {
        StringBuilder sb = new StringBuilder("pad");
        int rank = p.length / 2;
        for (int axis = 0; axis < rank; axis++) {
            int before = p[2 * axis];
            int after = p[2 * axis + 1];
            if (before != 0 || after != 0) {
                String name = rank == 4 ? NHWC[axis] : "axis" + axis;
                sb.append(' ').append(name).append(' ').append(before).append(',').append(after);
            }
        }
        return sb.toString();
    }
}
