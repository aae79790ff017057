package dev.amesh.converter.tfjs;

import static dev.amesh.converter.tfjs.TinyTfjs.attrs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.testing.Tolerance;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Op mapping of hand-written TF.js graphs, run on the scalar backend against TF's definitions (TfSemantics). */
class TfjsConverterTest {

    private static float[] run(Graph g, float[]... inputs) {
        try (CompiledModel m = Backends.get("scalar").compile(g, BackendOptions.defaults())) {
            Tensor[] in = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                in[i] = new Tensor(g.inputTensors().get(i).shape(), inputs[i]);
            }
            return m.run(in)[0].toArray();
        }
    }

    private static List<OpType> ops(Graph g) {
        return g.nodes().stream().map(Node::op).toList();
    }

    @Test
    void fusedConvWithBiasAndPreluBecomesConvThenPrelu() throws IOException {
        int h = 7;
        int w = 6;
        int in = 3;
        int out = 4;
        float[] filter = TfSemantics.values(3 * 3 * in * out, 1);
        float[] bias = TfSemantics.values(out, 2);
        float[] alpha = {0.25f, -0.5f, 2f, 0.1f};
        Graph g = new TinyTfjs()
                .placeholder("x", -1, h, w, in)
                .constant("k", new int[] {3, 3, in, out}, filter)
                .constant("b", new int[] {out}, bias)
                .constant("a", new int[] {1, 1, out}, alpha)
                .node("conv", "_FusedConv2D", attrs().window("SAME", 2, 2).strings("fused_ops", "BiasAdd", "Prelu")
                        .i("num_args", 2), "x", "k", "b", "a")
                .node("Identity", "Identity", "conv")
                .outputs("Identity")
                .convert();
        assertEquals(List.of(OpType.CONV_2D, OpType.PRELU), ops(g));
        assertEquals(Shape.of(1, h, w, in), g.inputTensors().get(0).shape());
        assertEquals("conv" + TfjsConverter.CONV_SUFFIX, g.tensor(g.nodes().get(0).output(0)).name());
        assertEquals("conv", g.outputTensors().get(0).name());
        assertEquals(Shape.of(out, 3, 3, in), g.tensor(g.nodes().get(0).input(1)).shape());
        assertEquals("SAME", g.nodes().get(0).attributes().getString("padding"));
        assertEquals(2, g.nodes().get(0).attributes().getInt("stride_h"));

        float[] x = TfSemantics.values(h * w * in, 3);
        int oh = 4;
        int ow = 3;
        float[] expected = TfSemantics.prelu(TfSemantics.conv2d(x, h, w, in, filter, 3, 3, out, bias, 2, 1,
                TfSemantics.samePadBefore(h, 3, 2, 1), TfSemantics.samePadBefore(w, 3, 2, 1), oh, ow), alpha);
        assertEquals(Shape.of(1, oh, ow, out), g.outputTensors().get(0).shape());
        Tolerance.CLOSE.assertClose("conv+prelu", expected, run(g, x));
    }

    @Test
    void fusedReluValidDilatedConvKeepsActivationOnTheConv() throws IOException {
        int h = 9;
        int w = 8;
        float[] filter = TfSemantics.values(3 * 2 * 2 * 5, 4);
        float[] bias = TfSemantics.values(5, 5);
        Graph g = new TinyTfjs()
                .placeholder("x", 1, h, w, 2)
                .constant("k", new int[] {3, 2, 2, 5}, filter)
                .constant("b", new int[] {5}, bias)
                .node("conv", "_FusedConv2D", attrs().ints("dilations", 1, 2, 2, 1).window("VALID", 1, 1)
                        .strings("fused_ops", "BiasAdd", "Relu").i("num_args", 1), "x", "k", "b")
                .convert();
        assertEquals(List.of(OpType.CONV_2D), ops(g));
        assertEquals("RELU", g.nodes().get(0).attributes().getString("activation"));
        assertEquals(2, g.nodes().get(0).attributes().getInt("dilation_h"));
        int oh = h - 4;
        int ow = w - 2;
        float[] x = TfSemantics.values(h * w * 2, 6);
        float[] expected = TfSemantics.relu(TfSemantics.conv2d(x, h, w, 2, filter, 3, 2, 5, bias, 1, 2, 0, 0, oh, ow));
        Tolerance.CLOSE.assertClose("dilated conv+relu", expected, run(g, x));
    }

    @Test
    void explicitPaddingBecomesAPadBeforeAValidConv() throws IOException {
        float[] filter = TfSemantics.values(2 * 2 * 1 * 3, 7);
        Graph g = new TinyTfjs()
                .placeholder("x", 1, 4, 5, 1)
                .constant("k", new int[] {2, 2, 1, 3}, filter)
                .node("conv", "Conv2D", attrs().window("EXPLICIT", 1, 1)
                        .ints("explicit_paddings", 0, 0, 1, 2, 0, 1, 0, 0), "x", "k")
                .convert();
        assertEquals(List.of(OpType.PAD, OpType.CONV_2D), ops(g));
        assertEquals("VALID", g.nodes().get(1).attributes().getString("padding"));
        float[] x = TfSemantics.values(20, 8);
        // Padded input 7x6 → VALID 2x2 → 6x5; the same as a conv reading zeros outside the input.
        float[] expected = TfSemantics.conv2d(x, 4, 5, 1, filter, 2, 2, 3, null, 1, 1, 1, 0, 6, 5);
        Tolerance.CLOSE.assertClose("explicit padding", expected, run(g, x));
    }

    @Test
    void depthwiseFilterKeepsItsMemoryOrderAndGetsAZeroBias() throws IOException {
        int c = 3;
        int dm = 2;
        float[] filter = TfSemantics.values(3 * 3 * c * dm, 9);
        Graph g = new TinyTfjs()
                .placeholder("x", 1, 5, 5, c)
                .constant("k", new int[] {3, 3, c, dm}, filter)
                .node("dw", "DepthwiseConv2dNative", attrs().window("SAME", 1, 1), "x", "k")
                .convert();
        assertEquals(List.of(OpType.DEPTHWISE_CONV_2D), ops(g));
        Node n = g.nodes().get(0);
        assertEquals(dm, n.attributes().getInt("depth_multiplier"));
        assertEquals(Shape.of(1, 3, 3, c * dm), g.tensor(n.input(1)).shape());
        assertEquals(Shape.of(c * dm), g.tensor(n.input(2)).shape());
        float[] x = TfSemantics.values(5 * 5 * c, 10);
        float[] expected = TfSemantics.depthwise(x, 5, 5, c, filter, 3, 3, dm, 1, 1, 1, 5, 5);
        Tolerance.CLOSE.assertClose("depthwise dm=2", expected, run(g, x));
    }

    @Test
    void fusedDepthwiseWithBias() throws IOException {
        float[] filter = TfSemantics.values(3 * 3 * 2, 11);
        float[] bias = {0.5f, -1f};
        Graph g = new TinyTfjs()
                .placeholder("x", 1, 6, 6, 2)
                .constant("k", new int[] {3, 3, 2, 1}, filter)
                .constant("b", new int[] {2}, bias)
                .node("dw", "FusedDepthwiseConv2dNative", attrs().window("VALID", 2, 2)
                        .strings("fused_ops", "BiasAdd").i("num_args", 1), "x", "k", "b")
                .convert();
        float[] x = TfSemantics.values(72, 12);
        float[] expected = TfSemantics.depthwise(x, 6, 6, 2, filter, 3, 3, 1, 2, 0, 0, 2, 2);
        for (int i = 0; i < expected.length; i++) {
            expected[i] += bias[i % 2];
        }
        Tolerance.CLOSE.assertClose("fused depthwise", expected, run(g, x));
    }

    /** The iris model's residual block shape: max-pool, channel padding, add, prelu, concat, reshape. */
    @Test
    void poolPadAddPreluConcatReshape() throws IOException {
        float[] alpha = {0.5f, 0.25f, -1f, 3f};
        Graph g = new TinyTfjs()
                .placeholder("x", 1, 4, 4, 2)
                .placeholder("y", 1, 2, 2, 4)
                .intConstant("pads", new int[] {4, 2}, 0, 0, 0, 0, 0, 0, 0, 2)
                .constant("alpha", new int[] {1, 1, 4}, alpha)
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
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 2}, g.nodes().get(1).attributes().getInts("paddings"));
        assertEquals(-1, g.nodes().get(4).attributes().getInt("axis"));
        assertArrayEquals(new int[] {1, 32}, g.nodes().get(5).attributes().getInts("new_shape"));
        assertEquals(Shape.of(1, 32), g.outputTensors().get(0).shape());

        float[] x = TfSemantics.values(32, 13);
        float[] y = TfSemantics.values(16, 14);
        float[] expected = new float[32];
        for (int py = 0; py < 2; py++) {
            for (int px = 0; px < 2; px++) {
                int p = py * 2 + px;
                for (int ch = 0; ch < 4; ch++) {
                    float pooled = 0;
                    if (ch < 2) {
                        pooled = Float.NEGATIVE_INFINITY;
                        for (int dy = 0; dy < 2; dy++) {
                            for (int dx = 0; dx < 2; dx++) {
                                pooled = Math.max(pooled, x[((2 * py + dy) * 4 + 2 * px + dx) * 2 + ch]);
                            }
                        }
                    }
                    float sum = pooled + y[p * 4 + ch];
                    expected[p * 8 + ch] = sum >= 0 ? sum : alpha[ch] * sum;
                    expected[p * 8 + 4 + ch] = y[p * 4 + ch];
                }
            }
        }
        Tolerance.CLOSE.assertClose("block", expected, run(g, x, y));
    }

    @Test
    void quantizedWeightsAreWidened() throws IOException {
        // 0x3C00 = 1.0, 0xC000 = -2.0, 0x3555 ≈ 0.333, 0x0001 = 2^-24 (subnormal).
        Graph g = new TinyTfjs()
                .placeholder("x", 1, 4)
                .uint8Constant("q", new int[] {1, 4}, -1f, 0.5f, 0, 1, 2, 255)
                .float16Constant("h", new int[] {1, 4}, 0x3C00, 0xC000, 0x3555, 0x0001)
                .node("a", "AddV2", "x", "q")
                .node("m", "Mul", "a", "h")
                .convert();
        // uint8: -1 + 0.5 * {0, 1, 2, 255} = {-1, -0.5, 0, 126.5}; times the halves.
        float[] expected = {-1f, 1f, 0f, 126.5f * 0x1p-24f};
        Tolerance.EXACT.assertClose("dequantized", expected, run(g, new float[4]));
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
        assertTrue(sinks.metadata().get(TfjsConverter.META_TFJS_OP_COUNTS).contains("Relu=2"));
        assertEquals(64, sinks.metadata().get(TfjsConverter.META_SOURCE_SHA256).length());
    }

    @Test
    void nodesOutOfOrderAreSortedTopologically() throws IOException {
        Graph g = new TinyTfjs()
                .node("out", "Relu", "mid")
                .node("mid", "Relu", "x")
                .placeholder("x", 1, 3)
                .convert();
        assertEquals(List.of("mid", "out"), g.nodes().stream().map(n -> g.tensor(n.output(0)).name()).toList());
        float[] out = run(g, new float[] {-1f, 2f, -3f});
        assertArrayEquals(new float[] {0f, 2f, 0f}, out);
    }
}
