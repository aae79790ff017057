package dev.amesh.jmh;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.DType;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One op of the attention model at its real shape, as a one-node graph, single-threaded, under
 * {@code scalar} and {@code cpu}. The primary score is runs/s; the {@code flops} secondary score is FLOP/s
 * (2 per multiply-add; 1 per element for PRELU/ADD; 1 per compared tap for max-pool).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class OpBench {
    @Param({"conv1x1_96x96x16_16", "conv1x1_48x48x32_32", "conv1x1_12x12x128_128", "conv3x3s2_192x192x3_16",
        "conv3x3valid_3x3x32_1404", "dw3x3s1_96x96x16", "dw3x3s1_48x48x32", "dw3x3s2_24x24x64",
        "maxpool2x2_96x96x16", "prelu_48x48x32", "add_48x48x32", "bilinear_48x48x32_16x16"})
    public String op;

    @Param({"scalar", "cpu"})
    public String backend;

    /** FLOPs done, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flops;

        @Setup(Level.Iteration)
        public void reset() {
            flops = 0;
        }
    }

    private CompiledModel model;
    private Tensor[] inputs;
    private long flopsPerRun;

    @Setup(Level.Trial)
    public void setup() {
        OneOp g = OneOp.of(op);
        model = Models.backend(backend).compile(g.graph, BackendOptions.defaults().withThreads(1));
        flopsPerRun = g.flops;
        Random r = new Random(7);
        int[] in = g.graph.inputs();
        inputs = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            Shape s = g.graph.tensor(in[i]).shape();
            float[] d = new float[s.numElements()];
            for (int j = 0; j < d.length; j++) {
                d[j] = r.nextFloat() * 2f - 1f;
            }
            inputs[i] = new Tensor(s, d);
        }
        if (g.graph.nodes().get(0).op() == OpType.TRANSFORM_TENSOR_BILINEAR) {
            float[] m = inputs[1].data(); // a 0.3-scale crop with a slight rotation, inside the map
            java.util.Arrays.fill(m, 0f);
            m[0] = 0.3f * 0.98f;
            m[1] = -0.3f * 0.2f;
            m[3] = 20f;
            m[4] = 0.3f * 0.2f;
            m[5] = 0.3f * 0.98f;
            m[7] = 14f;
            m[10] = 1f;
            m[15] = 1f;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
    }

    @Benchmark
    public Tensor[] run(Flops counter) {
        counter.flops += flopsPerRun;
        return model.run(inputs);
    }

    /** A one-node graph and its FLOP count. */
    static final class OneOp {
        private final List<TensorInfo> tensors = new ArrayList<>();
        private final List<Integer> inputIds = new ArrayList<>();
        private final Random random = new Random(11);
        Graph graph;
        long flops;

        static OneOp of(String name) {
            OneOp g = new OneOp();
            String[] p = name.split("_");
            int[] in = dims(p[1]);
            switch (p[0]) {
                case "conv1x1" -> g.conv(in, Integer.parseInt(p[2]), 1, 1, "VALID");
                case "conv3x3s2" -> g.conv(in, Integer.parseInt(p[2]), 3, 2, "SAME");
                case "conv3x3valid" -> g.conv(in, Integer.parseInt(p[2]), 3, 3, "VALID");
                case "dw3x3s1" -> g.depthwise(in, 1);
                case "dw3x3s2" -> g.depthwise(in, 2);
                case "maxpool2x2" -> g.maxPool(in);
                case "prelu" -> g.prelu(in);
                case "add" -> g.add(in);
                case "bilinear" -> g.bilinear(in, dims(p[2]));
                default -> throw new IllegalArgumentException("unknown op '" + name + "'");
            }
            return g;
        }

        private static int[] dims(String hxwxc) {
            String[] s = hxwxc.split("x");
            int[] d = new int[s.length];
            for (int i = 0; i < s.length; i++) {
                d[i] = Integer.parseInt(s[i]);
            }
            return d;
        }

        private int input(int... dims) {
            int id = tensors.size();
            tensors.add(TensorInfo.activation(id, "in" + id, Shape.of(dims)));
            inputIds.add(id);
            return id;
        }

        private int constant(int... dims) {
            int id = tensors.size();
            float[] v = new float[Shape.of(dims).numElements()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (random.nextFloat() * 2f - 1f) * 0.2f;
            }
            tensors.add(TensorInfo.constant(id, "c" + id, Shape.of(dims), v, DType.FLOAT32));
            return id;
        }

        private void finish(OpType op, Attributes a, int[] outDims, long flopCount, int... ins) {
            int out = tensors.size();
            tensors.add(TensorInfo.activation(out, "out", Shape.of(outDims)));
            Node n = new Node(0, op, ins, new int[] {out}, a);
            int[] modelIns = new int[inputIds.size()];
            for (int i = 0; i < modelIns.length; i++) {
                modelIns[i] = inputIds.get(i);
            }
            graph = new Graph(op.name(), tensors, List.of(n), modelIns, new int[] {out}, Map.of());
            flops = flopCount;
        }

        private static int outSize(int in, int k, int stride, String padding) {
            return padding.equals("SAME") ? (in + stride - 1) / stride : (in - k + stride) / stride;
        }

        private void conv(int[] in, int outC, int k, int stride, String padding) {
            int x = input(1, in[0], in[1], in[2]);
            int w = constant(outC, k, k, in[2]);
            int b = constant(outC);
            int oh = outSize(in[0], k, stride, padding);
            int ow = outSize(in[1], k, stride, padding);
            finish(OpType.CONV_2D, Attributes.builder().put("padding", padding).put("stride_h", stride)
                    .put("stride_w", stride).build(), new int[] {1, oh, ow, outC},
                    2L * oh * ow * outC * k * k * in[2], x, w, b);
        }

        private void depthwise(int[] in, int stride) {
            int x = input(1, in[0], in[1], in[2]);
            int w = constant(1, 3, 3, in[2]);
            int b = constant(in[2]);
            int oh = outSize(in[0], 3, stride, "SAME");
            int ow = outSize(in[1], 3, stride, "SAME");
            finish(OpType.DEPTHWISE_CONV_2D, Attributes.builder().put("padding", "SAME").put("stride_h", stride)
                    .put("stride_w", stride).put("depth_multiplier", 1).build(), new int[] {1, oh, ow, in[2]},
                    2L * oh * ow * in[2] * 9, x, w, b);
        }

        private void maxPool(int[] in) {
            int x = input(1, in[0], in[1], in[2]);
            finish(OpType.MAX_POOL_2D, Attributes.builder().put("padding", "VALID").put("filter_h", 2)
                    .put("filter_w", 2).put("stride_h", 2).put("stride_w", 2).build(),
                    new int[] {1, in[0] / 2, in[1] / 2, in[2]}, (long) in[0] * in[1] * in[2], x);
        }

        private void prelu(int[] in) {
            int x = input(1, in[0], in[1], in[2]);
            int a = constant(1, 1, in[2]);
            finish(OpType.PRELU, Attributes.EMPTY, new int[] {1, in[0], in[1], in[2]},
                    (long) in[0] * in[1] * in[2], x, a);
        }

        private void add(int[] in) {
            int x = input(1, in[0], in[1], in[2]);
            int y = input(1, in[0], in[1], in[2]);
            finish(OpType.ADD, Attributes.EMPTY, new int[] {1, in[0], in[1], in[2]}, (long) in[0] * in[1] * in[2],
                    x, y);
        }

        private void bilinear(int[] in, int[] out) {
            int x = input(1, in[0], in[1], in[2]);
            int m = input(1, 4, 4);
            finish(OpType.TRANSFORM_TENSOR_BILINEAR, Attributes.builder().put("output_height", out[0])
                    .put("output_width", out[1]).build(), new int[] {1, out[0], out[1], in[2]},
                    8L * out[0] * out[1] * in[2], x, m);
        }
    }
}
