package dev.amesh.cpu.exec;

import static dev.amesh.cpu.GraphBuilder.attrs;
import static dev.amesh.cpu.GraphBuilder.dims;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.GraphBuilder;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.RandomData;
import dev.amesh.cpu.simd.VectorBackend;
import dev.amesh.cpu.simd.WorkerPool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTailTest {
    private static final int C = 8;

    /** A trunk of two convolutions, then three heads of different depth that meet only at the outputs. */
    private static Graph heads() {
        GraphBuilder g = new GraphBuilder();
        int x = g.input("x", 1, 6, 6, C);
        var pw = attrs("padding", "VALID", "stride_h", 1, "stride_w", 1);
        int t = x;
        for (int i = 0; i < 2; i++) {
            t = g.node(OpType.CONV_2D, pw, "trunk" + i, dims(1, 6, 6, C), t,
                    g.constant("tw" + i, RandomData.uniform(i, C * C), C, 1, 1, C));
        }
        int[] ends = new int[3];
        for (int h = 0; h < 3; h++) {
            int y = t;
            for (int i = 0; i <= h + 1; i++) {
                y = g.node(OpType.CONV_2D, pw, "head" + h + "_" + i, dims(1, 6, 6, C), y,
                        g.constant("hw" + h + "_" + i, RandomData.uniform(10 * h + i + 5, C * C), C, 1, 1, C));
            }
            ends[h] = y;
        }
        int sum = g.node(OpType.ADD, attrs(), "head1_plus_trunk", dims(1, 6, 6, C), ends[1], t);
        return g.output(ends[0]).output(sum).output(ends[2]).build("heads");
    }

    @Test
    void findsTheTailAfterTheSharedTrunk() {
        Graph g = heads();
        ParallelTail tail = ParallelTail.find(g);
        assertNotNull(tail);
        assertEquals(2, tail.start(), "the heads start after the two trunk convolutions");
        assertEquals(g.nodes().size() - 2, tail.size());
        GraphBuilder chain = new GraphBuilder();
        int x = chain.input("x", 1, 4, 4, C);
        int y = chain.node(OpType.ADD, attrs(), "a", dims(1, 4, 4, C), x, x);
        int z = chain.node(OpType.ADD, attrs(), "b", dims(1, 4, 4, C), y, y);
        assertNull(ParallelTail.find(chain.output(z).build("chain")), "a chain has no branches");
    }

    @Test
    void tailTensorsNeverShareMemory() {
        Graph g = heads();
        ParallelTail tail = ParallelTail.find(g);
        MemoryPlan plan = MemoryPlanner.plan(g, tail.start());
        List<int[]> windows = new ArrayList<>(); // {offset, size} of every tensor the tail reads or writes
        for (int k = tail.start(); k < g.nodes().size(); k++) {
            Node n = g.nodes().get(k);
            for (int id : n.outputs()) {
                windows.add(new int[] {plan.offset(id), g.tensor(id).shape().numElements()});
            }
            for (int id : n.inputs()) {
                TensorInfo t = g.tensor(id);
                if (!t.isConstant()) {
                    windows.add(new int[] {plan.offset(id), t.shape().numElements()});
                }
            }
        }
        for (int i = 0; i < windows.size(); i++) {
            for (int j = 0; j < windows.size(); j++) {
                int[] a = windows.get(i);
                int[] b = windows.get(j);
                boolean same = a[0] == b[0] && a[1] == b[1];
                assertTrue(same || a[0] + a[1] <= b[0] || b[0] + b[1] <= a[0], "windows overlap");
            }
        }
    }

    @Test
    void runsEveryNodeOnceAfterItsInputsOnAllThreads() {
        Graph g = heads();
        ParallelTail tail = ParallelTail.find(g);
        int n = g.nodes().size();
        AtomicIntegerArray order = new AtomicIntegerArray(n);
        java.util.concurrent.atomic.AtomicInteger clock = new java.util.concurrent.atomic.AtomicInteger();
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        Kernel[] kernels = new Kernel[n];
        for (int k = 0; k < n; k++) {
            int node = k;
            kernels[k] = new Kernel() {
                @Override
                public void execute() {
                    busyWait(200_000);
                    threads.add(Thread.currentThread().getName());
                    assertEquals(0, order.getAndSet(node, clock.incrementAndGet()), "node " + node + " ran twice");
                }

                @Override
                public String name() {
                    return "fake";
                }
            };
        }
        tail.bind(kernels);
        try (WorkerPool pool = new WorkerPool(3, "tail-test")) {
            for (int run = 0; run < 20; run++) {
                for (int k = 0; k < n; k++) {
                    order.set(k, 0);
                }
                tail.run(pool);
                for (int k = tail.start(); k < n; k++) {
                    assertTrue(order.get(k) > 0, "node " + k + " ran");
                    for (int id : g.nodes().get(k).inputs()) {
                        int p = g.producers()[id];
                        if (p >= tail.start()) {
                            assertTrue(order.get(p) < order.get(k), "node " + p + " before its reader " + k);
                        }
                    }
                }
            }
        }
        assertTrue(threads.stream().distinct().count() >= 2, "more than one thread ran tail nodes: " + threads);
    }

    @Test
    void aFailingNodeStopsTheTailAndIsRethrown() {
        Graph g = heads();
        ParallelTail tail = ParallelTail.find(g);
        Kernel[] kernels = new Kernel[g.nodes().size()];
        for (int k = 0; k < kernels.length; k++) {
            boolean fail = k == tail.start() + 1;
            kernels[k] = new Kernel() {
                @Override
                public void execute() {
                    if (fail) {
                        throw new IllegalStateException("boom");
                    }
                }

                @Override
                public String name() {
                    return "fake";
                }
            };
        }
        tail.bind(kernels);
        try (WorkerPool pool = new WorkerPool(2, "tail-test")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tail.run(pool));
            assertEquals("boom", e.getMessage());
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Graph g = heads();
        Tensor x = new Tensor(g.inputTensors().get(0).shape(), RandomData.uniform(3, 6 * 6 * C));
        float[][] one = run(g, 1, x);
        for (int threads : new int[] {2, 3}) {
            try (CpuCompiledModel m = new VectorBackend().compile(g, BackendOptions.defaults().withThreads(threads))) {
                assertNotNull(m.parallelTail(), "threads=" + threads);
            }
            float[][] many = run(g, threads, x);
            for (int i = 0; i < one.length; i++) {
                assertArrayEquals(one[i], many[i], "output " + i + ", threads=" + threads);
            }
        }
    }

    private static float[][] run(Graph g, int threads, Tensor x) {
        try (CpuCompiledModel m = new VectorBackend().compile(g, BackendOptions.defaults().withThreads(threads))) {
            float[][] r = null;
            for (int rep = 0; rep < 5; rep++) {
                Tensor[] outs = m.run(x);
                r = new float[outs.length][];
                for (int i = 0; i < outs.length; i++) {
                    r[i] = outs[i].toArray();
                }
            }
            return r;
        }
    }

    private static void busyWait(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
