package dev.amesh.cpu.exec;

import static dev.amesh.cpu.GraphBuilder.attrs;
import static dev.amesh.cpu.GraphBuilder.dims;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.backend.Backend;
import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.CpuBackend;
import dev.amesh.cpu.GraphBuilder;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelRegistry;
import dev.amesh.cpu.RandomData;
import dev.amesh.cpu.SampleGraphs;
import dev.amesh.cpu.ref.ReferenceKernels;
import dev.amesh.cpu.ref.ReluRef;
import dev.amesh.testing.SteadyStateAllocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuCompiledModelTest {
    private static CpuCompiledModel compile(Graph g) {
        return new CpuBackend().compile(g, BackendOptions.defaults());
    }

    private static Tensor[] allOpsInputs(long seed) {
        return new Tensor[] {
            new Tensor(Shape.of(1, 8, 8, 3), RandomData.uniform(seed, 8 * 8 * 3)),
            new Tensor(Shape.of(1, 10, 3), SampleGraphs.landmarks(seed)),
        };
    }

    private static float[][] copies(Tensor[] ts) {
        float[][] c = new float[ts.length][];
        for (int i = 0; i < ts.length; i++) {
            c[i] = ts[i].toArray();
        }
        return c;
    }

    @Test
    void chainReusesTwoWindows() {
        // x -> relu -> add 1 -> relu -> mul -1 -> relu, each [1,8,8,4] = 256 floats
        GraphBuilder g = new GraphBuilder();
        int x = g.input("x", 1, 8, 8, 4);
        int one = g.constant("one", new float[] {1}, 1);
        int minus = g.constant("minus", new float[] {-1}, 1);
        int t = g.node(OpType.RELU, attrs(), "t1", dims(1, 8, 8, 4), x);
        t = g.node(OpType.ADD, attrs(), "t2", dims(1, 8, 8, 4), t, one);
        t = g.node(OpType.RELU, attrs(), "t3", dims(1, 8, 8, 4), t);
        t = g.node(OpType.MUL, attrs(), "t4", dims(1, 8, 8, 4), t, minus);
        t = g.node(OpType.RELU, attrs(), "t5", dims(1, 8, 8, 4), t);
        Graph graph = g.output(t).output(g.node(OpType.ADD, attrs(), "t6", dims(1, 8, 8, 4), t, one)).build("chain");
        try (CpuCompiledModel m = compile(graph)) {
            long all = 0;
            for (TensorInfo info : graph.tensors()) {
                all += info.isConstant() ? 0 : 4L * info.shape().numElements();
            }
            assertTrue(m.peakActivationBytes() < all, m.peakActivationBytes() + " vs " + all);
            // t5 and t6 are both outputs and t5 is read by t6: three windows at most
            assertTrue(m.peakActivationBytes() <= 3 * 256 * 4, "peak " + m.peakActivationBytes());
            float[] in = RandomData.uniform(7, 256);
            Tensor[] out = m.run(new Tensor(Shape.of(1, 8, 8, 4), in));
            float[] t5 = new float[256];
            float[] t6 = new float[256];
            for (int i = 0; i < 256; i++) {
                t5[i] = 0f; // -(relu(x) + 1) is always negative
                t6[i] = 1f;
            }
            assertArrayEquals(t5, out[0].toArray());
            assertArrayEquals(t6, out[1].toArray());
        }
    }

    @Test
    void aliasedReshapeKeepsItsWindowUntilTheLastReader() {
        // a = relu(x); r = reshape(a) read last by node 4. If a's window were freed after node 1,
        // b = 2x would land on it and r would read 2x instead of relu(x).
        GraphBuilder g = new GraphBuilder();
        int x = g.input("x", 1, 2, 3);
        int two = g.constant("two", new float[] {2}, 1);
        int a = g.node(OpType.RELU, attrs(), "a", dims(1, 2, 3), x);
        int r = g.node(OpType.RESHAPE, attrs(), "r", dims(6), a);
        int b = g.node(OpType.MUL, attrs(), "b", dims(1, 2, 3), x, two);
        int b2 = g.node(OpType.RESHAPE, attrs(), "b2", dims(6), b);
        int c = g.node(OpType.ADD, attrs(), "c", dims(6), r, b2);
        Graph graph = g.output(c).build("alias");
        try (CpuCompiledModel m = compile(graph)) {
            assertTrue(m.memoryPlan().isAliased(r) && m.memoryPlan().storageOf(r) == a);
            assertEquals(m.memoryPlan().offset(a), m.memoryPlan().offset(r));
            float[] in = {-1, 2, -3, 4, -5, 6};
            float[] out = m.run(new Tensor(Shape.of(1, 2, 3), in))[0].toArray();
            float[] expected = new float[6];
            for (int i = 0; i < 6; i++) {
                expected[i] = Math.max(0, in[i]) + 2 * in[i];
            }
            assertArrayEquals(expected, out);
        }
    }

    @Test
    void everyNodeMatchesItsIsolatedRunAndOutputsSurviveToTheEnd() {
        Graph graph = SampleGraphs.allOps();
        Map<Integer, float[]> produced = new HashMap<>();
        Tensor[] inputs = allOpsInputs(99);
        try (CpuCompiledModel m = compile(graph)) {
            assertTrue(m.peakActivationBytes() > 0);
            m.setObserver((node, outs, nanos) -> produced.put(node.output(0), outs[0].toArray()));
            Tensor[] out = m.run(inputs);
            int[] outIds = graph.outputs();
            for (int i = 0; i < outIds.length; i++) {
                assertArrayEquals(produced.get(outIds[i]), out[i].toArray(), "output " + i + " clobbered");
            }
        }
        produced.put(graph.inputs()[0], inputs[0].toArray());
        produced.put(graph.inputs()[1], inputs[1].toArray());
        for (Node node : graph.nodes()) {
            assertArrayEquals(produced.get(node.output(0)), runAlone(graph, node, produced),
                    "node " + node.index() + " " + node.op());
        }
    }

    /** Runs one node of {@code graph} as a graph of its own, fed with the values captured in {@code values}. */
    private static float[] runAlone(Graph graph, Node node, Map<Integer, float[]> values) {
        GraphBuilder g = new GraphBuilder();
        int[] ins = new int[node.inputCount()];
        List<Tensor> feeds = new ArrayList<>();
        for (int i = 0; i < ins.length; i++) {
            TensorInfo t = graph.tensor(node.input(i));
            if (t.isConstant()) {
                ins[i] = g.constant(t.name(), t.constantData(), t.shape().dims());
            } else {
                ins[i] = g.input(t.name(), t.shape().dims());
                feeds.add(new Tensor(t.shape(), values.get(t.id())));
            }
        }
        TensorInfo out = graph.tensor(node.output(0));
        g.output(g.node(node.op(), node.attributes(), out.name(), out.shape().dims(), ins));
        try (CpuCompiledModel m = compile(g.build("alone"))) {
            return m.run(feeds.toArray(new Tensor[0]))[0].toArray();
        }
    }

    @Test
    void observerSeesEveryNodeOnceInOrderWithNamedShapedOutputs() {
        Graph graph = SampleGraphs.allOps();
        List<Integer> order = new ArrayList<>();
        try (CpuCompiledModel m = compile(graph)) {
            m.setObserver((node, outs, nanos) -> {
                order.add(node.index());
                assertEquals(node.outputCount(), outs.length);
                TensorInfo info = graph.tensor(node.output(0));
                assertEquals(info.name(), outs[0].name());
                assertEquals(info.shape(), outs[0].shape());
                assertTrue(nanos >= 0);
            });
            m.run(allOpsInputs(1));
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < graph.nodes().size(); i++) {
                expected.add(i);
            }
            assertEquals(expected, order);
            m.setObserver(null);
            m.run(allOpsInputs(1));
            assertEquals(expected.size(), order.size());
        }
    }

    @Test
    void repeatedRunsGiveIdenticalOutputs() {
        try (CpuCompiledModel m = compile(SampleGraphs.allOps())) {
            float[][] first = copies(m.run(allOpsInputs(5)));
            m.run(allOpsInputs(6));
            float[][] again = copies(m.run(allOpsInputs(5)));
            for (int i = 0; i < first.length; i++) {
                assertArrayEquals(first[i], again[i], "output " + i);
            }
            float[][] other = copies(m.run(allOpsInputs(6)));
            assertTrue(!java.util.Arrays.equals(first[0], other[0]), "different inputs should give different crops");
        }
    }

    @Test
    void inputsAreCheckedByCountNullAndExactShape() {
        CpuCompiledModel m = compile(SampleGraphs.allOps());
        Tensor[] ok = allOpsInputs(1);
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> m.run(ok[0]));
        assertTrue(count.getMessage().contains("takes 2 input(s)") && count.getMessage().contains("got 1"),
                count.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> m.run(ok[0], new Tensor(Shape.of(1, 30), new float[30])));
        assertTrue(shape.getMessage().contains("'landmarks'") && shape.getMessage().contains("[1,10,3]")
                && shape.getMessage().contains("[1,30]"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.run(null, ok[1]));
        m.run(ok);
        m.close();
        assertThrows(IllegalStateException.class, () -> m.run(ok));
    }

    @Test
    void steadyStateRunsAllocateNothing() {
        try (CpuCompiledModel m = compile(SampleGraphs.allOps())) {
            Tensor[] inputs = allOpsInputs(3);
            long[] sink = new long[1];
            Runnable hundredRuns = () -> {
                for (int i = 0; i < 100; i++) {
                    m.run(inputs);
                }
            };
            m.setObserver((node, outs, nanos) -> sink[0] += nanos);
            for (int i = 0; i < 300; i++) {
                m.run(inputs);
            }
            m.setObserver(null);
            SteadyStateAllocation.Result plain = SteadyStateAllocation.measure(hundredRuns, 0, 50);
            // A new observer sends the JIT back through the interpreter; batches run until it has settled.
            m.setObserver((node, outs, nanos) -> sink[0] += nanos);
            SteadyStateAllocation.Result observed = SteadyStateAllocation.measure(hundredRuns, 0, 50);
            assertEquals(0, plain.bytes(), "100 runs: " + plain);
            assertEquals(0, observed.bytes(), "100 observed runs: " + observed);
        }
    }

    @Test
    void compileErrorsNameTheNode() {
        Graph graph = SampleGraphs.allOps();
        KernelRegistry noRelu = KernelRegistry.empty().with(OpType.CONV_2D, ReferenceKernels.registry()
                .factory(OpType.CONV_2D));
        GraphException e = assertThrows(GraphException.class, () -> CpuCompiledModel.compile(graph, noRelu, BackendOptions.defaults()));
        assertTrue(e.getMessage().startsWith("node 1 (PRELU)") && e.getMessage().contains("no kernel"), e.getMessage());
    }

    @Test
    void aFasterRegistryOverridesSomeOpsAndFallsBackForTheRest() {
        int[] prepared = new int[1];
        KernelRegistry custom = ReferenceKernels.registry().with(OpType.RELU, ctx -> {
            prepared[0]++;
            Kernel ref = ReluRef.prepare(ctx);
            return new Kernel() {
                @Override
                public void execute() {
                    ref.execute();
                }

                @Override
                public String name() {
                    return "test/relu";
                }
            };
        });
        Backend fast = new CpuBackend("test-fast", "test", custom) { };
        Graph graph = SampleGraphs.allOps();
        try (CpuCompiledModel m = (CpuCompiledModel) fast.compile(graph, BackendOptions.defaults());
                CpuCompiledModel ref = compile(graph)) {
            assertEquals(1, prepared[0]);
            assertEquals("test/relu", m.kernel(4).name());
            assertEquals("ref/conv2d", m.kernel(0).name());
            float[][] a = copies(m.run(allOpsInputs(8)));
            float[][] b = copies(ref.run(allOpsInputs(8)));
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(b[i], a[i]);
            }
        }
    }

    @Test
    void scalarBackendIsRegistered() {
        Backend b = Backends.get("scalar");
        assertTrue(b instanceof CpuBackend);
        assertEquals("scalar reference kernels", b.description());
        assertTrue(b.isAvailable());
        assertSame(CpuBackend.class, b.getClass());
    }

    /** Plan offsets are multiples of 16 floats; the arena shift puts them on 64-byte boundaries. */
    @Test
    void arenaShiftAlignsPlanOffsetsToCacheLines() throws ReflectiveOperationException {
        int header = Class.forName("sun.misc.Unsafe").getField("ARRAY_FLOAT_BASE_OFFSET").getInt(null);
        assertTrue(CpuCompiledModel.ARENA_SHIFT >= 0 && CpuCompiledModel.ARENA_SHIFT < 16);
        assertEquals(0, (header + CpuCompiledModel.ARENA_SHIFT * Float.BYTES) % 64);
        assertEquals(0, MemoryPlan.ALIGN_FLOATS * Float.BYTES % 64);
    }
}
