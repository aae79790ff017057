package dev.amesh.api.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.amesh.api.tensor.DType;
import dev.amesh.api.tensor.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphStatsTest {

    /**
     * x [1,8,8,3] -> CONV_2D 3x3 stride 2, 4 filters -> [1,4,4,4] -> DEPTHWISE 3x3 dm 2 -> [1,4,4,8]
     * -> ADD bias-like constant [8] -> MUL(k, k) on a constant read twice.
     */
    private static Graph smallGraph() {
        List<TensorInfo> t = List.of(
                TensorInfo.activation(0, "x", Shape.of(1, 8, 8, 3)),
                TensorInfo.constant(1, "conv_w", Shape.of(4, 3, 3, 3), new float[108], DType.FLOAT16),
                TensorInfo.constant(2, "conv_b", Shape.of(4), new float[4], DType.FLOAT32),
                TensorInfo.activation(3, "conv_out", Shape.of(1, 4, 4, 4)),
                TensorInfo.constant(4, "dw_w", Shape.of(1, 3, 3, 8), new float[72], DType.FLOAT16),
                TensorInfo.constant(5, "dw_b", Shape.of(8), new float[8], DType.FLOAT32),
                TensorInfo.activation(6, "dw_out", Shape.of(1, 4, 4, 8)),
                TensorInfo.constant(7, "k", Shape.of(8), new float[8], DType.FLOAT32),
                TensorInfo.activation(8, "add_out", Shape.of(1, 4, 4, 8)),
                TensorInfo.activation(9, "kk", Shape.of(8)));
        Attributes conv = Attributes.builder().put("padding", "SAME").put("stride_h", 2).put("stride_w", 2).build();
        Attributes dw = Attributes.builder().put("padding", "SAME").put("stride_h", 1).put("stride_w", 1)
                .put("depth_multiplier", 2).build();
        List<Node> nodes = List.of(
                new Node(0, OpType.CONV_2D, new int[] {0, 1, 2}, new int[] {3}, conv),
                new Node(1, OpType.DEPTHWISE_CONV_2D, new int[] {3, 4, 5}, new int[] {6}, dw),
                new Node(2, OpType.ADD, new int[] {6, 7}, new int[] {8}, Attributes.EMPTY),
                new Node(3, OpType.MUL, new int[] {7, 7}, new int[] {9}, Attributes.EMPTY));
        return new Graph("small", t, nodes, new int[] {0}, new int[] {8, 9}, Map.of());
    }

    @Test
    void macsOfConvolutionsByHand() {
        Graph g = smallGraph();
        // CONV: 4x4 output positions, 4 filters, 3x3x3 taps each = 16 * 4 * 27
        assertEquals(1728, GraphStats.macs(g, g.nodes().get(0)));
        // DEPTHWISE: 4x4 positions, 8 output channels, 3x3 taps each = 16 * 8 * 9
        assertEquals(1152, GraphStats.macs(g, g.nodes().get(1)));
        assertEquals(0, GraphStats.macs(g, g.nodes().get(2)));
        assertEquals(1728 + 1152, GraphStats.totalMacs(g));
        assertEquals(Map.of(OpType.CONV_2D, 1728L, OpType.DEPTHWISE_CONV_2D, 1152L), GraphStats.macsByOp(g));
    }

    @Test
    void parametersCountConstantElements() {
        Graph g = smallGraph();
        assertEquals(108 + 4, GraphStats.parameterCount(g, g.nodes().get(0)));
        assertEquals(72 + 8, GraphStats.parameterCount(g, g.nodes().get(1)));
        assertEquals(8, GraphStats.parameterCount(g, g.nodes().get(2)));
        // the same constant read twice by one node counts once
        assertEquals(8, GraphStats.parameterCount(g, g.nodes().get(3)));
        // k is shared by ADD and MUL but is one tensor
        assertEquals(108 + 4 + 72 + 8 + 8, GraphStats.totalParameterCount(g));
        assertEquals(5, GraphStats.constantCount(g));
        assertEquals(108 * 2 + 4 * 4 + 72 * 2 + 8 * 4 + 8 * 4, GraphStats.storedConstantBytes(g));
    }

    @Test
    void opCountsInOpTypeOrder() {
        Graph g = smallGraph();
        assertEquals(Map.of(OpType.CONV_2D, 1, OpType.DEPTHWISE_CONV_2D, 1, OpType.ADD, 1, OpType.MUL, 1),
                GraphStats.opCounts(g));
        assertEquals(List.of(OpType.CONV_2D, OpType.DEPTHWISE_CONV_2D, OpType.ADD, OpType.MUL),
                List.copyOf(GraphStats.opCounts(g).keySet()));
    }

    @Test
    void convolutionWithWrongRankIsReported() {
        List<TensorInfo> t = List.of(
                TensorInfo.activation(0, "x", Shape.of(1, 8, 8, 3)),
                TensorInfo.constant(1, "w", Shape.of(4, 3, 3), new float[36], DType.FLOAT32),
                TensorInfo.constant(2, "b", Shape.of(4), new float[4], DType.FLOAT32),
                TensorInfo.activation(3, "y", Shape.of(1, 8, 8, 4)));
        Graph g = new Graph("bad", t, List.of(new Node(0, OpType.CONV_2D, new int[] {0, 1, 2}, new int[] {3},
                Attributes.EMPTY)), new int[] {0}, new int[] {3}, Map.of());
        GraphException e = assertThrows(GraphException.class, () -> GraphStats.totalMacs(g));
        assertEquals(true, e.getMessage().contains("filter"), e.getMessage());
    }
}
