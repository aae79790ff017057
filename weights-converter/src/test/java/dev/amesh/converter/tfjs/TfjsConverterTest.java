package dev.amesh.converter.tfjs;

import static dev.amesh.converter.tfjs.TinyTfjs.attrs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Shape;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Op mapping of hand-written TF.js graphs: node sequence, attributes, shapes from TF's size rules, and every
 * weight checked element by element against TF's layout. (Running converted graphs against TF.js is
 * mesh-model's IrisConformanceTest: engine-cpu depends on this module, so its tests cannot run kernels.)
 */
class TfjsConverterTest {

    private static List<OpType> ops(Graph g) {
        return g.nodes().stream().map(Node::op).toList();
    }

    private static float[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static float[] constant(Graph g, Node n, int input) {
        TensorInfo t = g.tensor(n.input(input));
        assertTrue(t.isConstant(), t + " should be a constant");
        return t.constantData();
    }

    /** amesh's [O,KH,KW,I] filter holds TF's f[ky][kx][i][o] at [o][ky][kx][i]. */
    private static void assertTransposed(float[] tf, float[] ours, int kh, int kw, int in, int out) {
        for (int o = 0; o < out; o++) {
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    for (int i = 0; i < in; i++) {
                        assertEquals(tf[((y * kw + x) * in + i) * out + o], ours[((o * kh + y) * kw + x) * in + i],
                                "filter o=" + o + " y=" + y + " x=" + x + " i=" + i);
                    }
                }
            }
        }
    }

    @Test
    void fusedConvWithBiasAndPreluBecomesConvThenPrelu() throws IOException {
        float[] filter = values(3 * 3 * 3 * 4, 1);
        float[] bias = values(4, 2);
        float[] alpha = {0.25f, -0.5f, 2f, 0.1f};
        Graph g = new TinyTfjs()
                .placeholder("x", -1, 7, 6, 3)
                .constant("k", new int[] {3, 3, 3, 4}, filter)
                .constant("b", new int[] {4}, bias)
                .constant("a", new int[] {1, 1, 4}, alpha)
                .node("conv", "_FusedConv2D", attrs().window("SAME", 2, 2).strings("fused_ops", "BiasAdd", "Prelu")
                        .i("num_args", 2), "x", "k", "b", "a")
                .node("Identity", "Identity", "conv")
                .outputs("Identity")
                .convert();
        assertEquals(List.of(OpType.CONV_2D, OpType.PRELU), ops(g));
        assertEquals(Shape.of(1, 7, 6, 3), g.inputTensors().get(0).shape());
        Node conv = g.nodes().get(0);
        Node prelu = g.nodes().get(1);
        assertEquals("conv" + TfjsConverter.CONV_SUFFIX, g.tensor(conv.output(0)).name());
        assertEquals("conv", g.outputTensors().get(0).name());
        // SAME, stride 2: ceil(7/2) x ceil(6/2).
        assertEquals(Shape.of(1, 4, 3, 4), g.outputTensors().get(0).shape());
        assertEquals(Attributes.builder().put("padding", "SAME").put("stride_h", 2).put("stride_w", 2)
                .put("dilation_h", 1).put("dilation_w", 1).put("activation", "NONE").build(), conv.attributes());
        assertEquals(Shape.of(4, 3, 3, 3), g.tensor(conv.input(1)).shape());
        assertTransposed(filter, constant(g, conv, 1), 3, 3, 3, 4);
        assertArrayEquals(bias, constant(g, conv, 2));
        assertEquals(conv.output(0), prelu.input(0));
        assertEquals(Shape.of(1, 1, 4), g.tensor(prelu.input(1)).shape());
        assertArrayEquals(alpha, constant(g, prelu, 1));
    }

    @Test
    void fusedReluValidDilatedConvKeepsTheActivationOnTheConv() throws IOException {
        float[] filter = values(3 * 2 * 2 * 5, 4);
        Graph g = new TinyTfjs()
                .placeholder("x", 1, 9, 8, 2)
                .constant("k", new int[] {3, 2, 2, 5}, filter)
                .constant("b", new int[] {5}, values(5, 5))
                .node("conv", "_FusedConv2D", attrs().ints("dilations", 1, 2, 3, 1).window("VALID", 1, 2)
                        .strings("fused_ops", "BiasAdd", "Relu").i("num_args", 1), "x", "k", "b")
                .convert();
        assertEquals(List.of(OpType.CONV_2D), ops(g));
        Attributes a = g.nodes().get(0).attributes();
        assertEquals("RELU", a.getString("activation"));
        assertEquals(2, a.getInt("dilation_h"));
        assertEquals(3, a.getInt("dilation_w"));
        assertEquals(2, a.getInt("stride_w"));
        // Effective window 5 x 4; VALID: 9-5+1 = 5 rows, ceil((8-4+1)/2) = 3 columns.
        assertEquals(Shape.of(1, 5, 3, 5), g.outputTensors().get(0).shape());
        assertTransposed(filter, constant(g, g.nodes().get(0), 1), 3, 2, 2, 5);
    }

    @Test
    void explicitPaddingBecomesAPadBeforeAValidConv() throws IOException {
        Graph g = new TinyTfjs()
                .placeholder("x", 1, 4, 5, 1)
                .constant("k", new int[] {2, 2, 1, 3}, values(12, 7))
                .node("conv", "Conv2D", attrs().window("EXPLICIT", 1, 1)
                        .ints("explicit_paddings", 0, 0, 1, 2, 0, 1, 0, 0), "x", "k")
                .convert();
        assertEquals(List.of(OpType.PAD, OpType.CONV_2D), ops(g));
        assertArrayEquals(new int[] {0, 0, 1, 2, 0, 1, 0, 0}, g.nodes().get(0).attributes().getInts("paddings"));
        assertEquals(Shape.of(1, 7, 6, 1), g.tensor(g.nodes().get(0).output(0)).shape());
        assertEquals("VALID", g.nodes().get(1).attributes().getString("padding"));
        assertEquals(Shape.of(1, 6, 5, 3), g.outputTensors().get(0).shape());
        // A plain Conv2D has no bias; the converter adds zeros so the op has the inputs OpType documents.
        assertArrayEquals(new float[3], constant(g, g.nodes().get(1), 2));
    }

    @Test
    void depthwiseFilterKeepsItsMemoryOrderAndGetsAZeroBias() throws IOException {
        int c = 3;
        int dm = 2;
        float[] filter = values(3 * 3 * c * dm, 9);
        Graph g = new TinyTfjs()
                .placeholder("x", 1, 5, 5, c)
                .constant("k", new int[] {3, 3, c, dm}, filter)
                .node("dw", "DepthwiseConv2dNative", attrs().window("SAME", 1, 1), "x", "k")
                .convert();
        assertEquals(List.of(OpType.DEPTHWISE_CONV_2D), ops(g));
        Node n = g.nodes().get(0);
        assertEquals(dm, n.attributes().getInt("depth_multiplier"));
        assertEquals(Shape.of(1, 3, 3, c * dm), g.tensor(n.input(1)).shape());
        float[] ours = constant(g, n, 1);
        // TF: output channel c*dm+m uses f[ky][kx][c][m]; amesh: filter[0][ky][kx][c*dm+m].
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int m = 0; m < dm; m++) {
                        assertEquals(filter[((y * 3 + x) * c + ch) * dm + m], ours[(y * 3 + x) * c * dm + ch * dm + m]);
                    }
                }
            }
        }
        assertArrayEquals(new float[c * dm], constant(g, n, 2));
        assertEquals(Shape.of(1, 5, 5, c * dm), g.outputTensors().get(0).shape());
    }

    @Test
    void fusedDepthwiseTakesItsBias() throws IOException {
        float[] bias = {0.5f, -1f};
        Graph g = new TinyTfjs()
                .placeholder("x", 1, 6, 6, 2)
                .constant("k", new int[] {3, 3, 2, 1}, values(18, 11))
                .constant("b", new int[] {2}, bias)
                .node("dw", "FusedDepthwiseConv2dNative", attrs().window("VALID", 2, 2)
                        .strings("fused_ops", "BiasAdd").i("num_args", 1), "x", "k", "b")
                .convert();
        assertArrayEquals(bias, constant(g, g.nodes().get(0), 2));
        assertEquals(Shape.of(1, 2, 2, 2), g.outputTensors().get(0).shape());
    }

    /** The iris model's residual block: max-pool, channel padding, add, prelu; then concat and reshape. */
    @Test
    void poolPadAddPreluConcatReshape() throws IOException {
        Graph g = new TinyTfjs()
                .placeholder("x", 1, 4, 4, 2)
                .placeholder("y", 1, 2, 2, 4)
                .intConstant("pads", new int[] {4, 2}, 0, 0, 0, 0, 0, 0, 0, 2)
                .constant("alpha", new int[] {1, 1, 4}, new float[] {0.5f, 0.25f, -1f, 3f})
                .intConstant("axis", new int[] {}, -1)
                .intConstant("shape", new int[] {2}, 1, -1)
                .node("pool", "MaxPool", attrs().window("VALID", 2, 2).ints("ksize", 1, 2, 2, 1), "x")
                .node("pad", "Pad", "pool", "pads")
                .node("add", "AddV2", "pad", "y")
                .node("act", "Prelu", "add", "alpha")
                .node("cat", "ConcatV2", "act", "y", "axis")
                .node("flat", "Reshape", "cat", "shape")
                .node("out", "Identity", "flat")
                .convert();
        assertEquals(List.of(OpType.MAX_POOL_2D, OpType.PAD, OpType.ADD, OpType.PRELU, OpType.CONCATENATION,
                OpType.RESHAPE), ops(g));
        assertEquals(Attributes.builder().put("padding", "VALID").put("stride_h", 2).put("stride_w", 2)
                .put("filter_h", 2).put("filter_w", 2).put("activation", "NONE").build(),
                g.nodes().get(0).attributes());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 2}, g.nodes().get(1).attributes().getInts("paddings"));
        assertEquals(Shape.of(1, 2, 2, 4), g.tensor("pad").shape());
        assertEquals(-1, g.nodes().get(4).attributes().getInt("axis"));
        assertEquals(Shape.of(1, 2, 2, 8), g.tensor("cat").shape());
        assertArrayEquals(new int[] {1, 32}, g.nodes().get(5).attributes().getInts("new_shape"));
        assertEquals(Shape.of(1, 32), g.outputTensors().get(0).shape());
        assertEquals(List.of("x", "y"), g.inputTensors().stream().map(TensorInfo::name).toList());
        // Int constants became attributes, not graph tensors.
        assertFalse(g.hasTensor("pads") || g.hasTensor("axis") || g.hasTensor("shape"));
    }

    @Test
    void quantizedWeightsAreWidened() throws IOException {
        // uint8: -1 + 0.5 * {0, 1, 2, 255}; halves 0x3C00 = 1, 0xC000 = -2, 0x3555 = 0.333251953125, 0x0001 = 2^-24.
        Graph g = new TinyTfjs()
                .placeholder("x", 1, 4)
                .uint8Constant("q", new int[] {1, 4}, -1f, 0.5f, 0, 1, 2, 255)
                .float16Constant("h", new int[] {1, 4}, 0x3C00, 0xC000, 0x3555, 0x0001)
                .node("a", "AddV2", "x", "q")
                .node("m", "Mul", "a", "h")
                .convert();
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 126.5f}, g.tensor("q").constantData());
        assertArrayEquals(new float[] {1f, -2f, 0.333251953125f, 0x1p-24f}, g.tensor("h").constantData());
        assertEquals(List.of(OpType.ADD, OpType.MUL), ops(g));
    }

    @Test
    void outputsDefaultToTheGraphsSinksAndUnusedNodesAreDropped() throws IOException {
        Graph g = new TinyTfjs()
                .placeholder("x", 1, 2)
                .node("unused_relu", "Relu", "x")
                .node("r", "Relu", "x")
                .node("out", "Identity", "r")
                .outputs("out")
                .convert();
        assertEquals(1, g.nodes().size());
        assertFalse(g.hasTensor("unused_relu"));
        Graph sinks = new TinyTfjs()
                .placeholder("x", 1, 2)
                .node("r1", "Relu", "x")
                .node("r2", "Relu", "r1")
                .convert();
        assertEquals(List.of("r2"), sinks.outputTensors().stream().map(TensorInfo::name).toList());
        assertEquals("Relu=2", sinks.metadata().get(TfjsConverter.META_TFJS_OP_COUNTS));
        assertEquals(64, sinks.metadata().get(TfjsConverter.META_SOURCE_SHA256).length());
        assertEquals("tiny", sinks.name());
    }

    @Test
    void nodesOutOfOrderAreSortedTopologically() throws IOException {
        Graph g = new TinyTfjs()
                .node("out", "Relu", "mid")
                .node("mid", "AddV2", "x", "x", "^ctrl")
                .placeholder("x", 1, 3)
                .node("ctrl", "NoOp")
                .convert();
        assertEquals(List.of("mid", "out"), g.nodes().stream().map(n -> g.tensor(n.output(0)).name()).toList());
    }
}
