package dev.amesh.cpu.simd;

import static dev.amesh.cpu.GraphBuilder.attrs;
import static dev.amesh.cpu.GraphBuilder.dims;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.GraphBuilder;
import dev.amesh.cpu.exec.CpuCompiledModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VectorBackendTest {

    /**
     * Inputs large enough to be copied into the arena on all threads (two of 66049 floats, not a whole number
     * of 64-byte lines): every element arrives, in every run, at every thread count.
     */
    @Test
    void largeInputsAreCopiedWholeOnEveryThreadCount() {
        GraphBuilder g = new GraphBuilder();
        int a = g.input("a", 1, 257, 257, 1);
        int b = g.input("b", 1, 257, 257, 1);
        int y = g.node(OpType.ADD, attrs(), "y", dims(1, 257, 257, 1), a, b);
        Graph graph = g.output(y).build("add");
        int n = 257 * 257;
        for (int threads : new int[] {1, 2, 3}) {
            try (CpuCompiledModel m = new VectorBackend().compile(graph, BackendOptions.defaults().withThreads(threads))) {
                for (int run = 0; run < 3; run++) {
                    float[] x = new float[n];
                    float[] z = new float[n];
                    float[] expected = new float[n];
                    for (int i = 0; i < n; i++) {
                        x[i] = i + run;
                        z[i] = -2f * i;
                        expected[i] = x[i] + z[i];
                    }
                    Tensor[] out = m.run(new Tensor(graph.inputTensors().get(0).shape(), x),
                            new Tensor(graph.inputTensors().get(1).shape(), z));
                    assertArrayEquals(expected, out[0].toArray(), threads + " thread(s), run " + run);
                }
            }
        }
    }

    @Test
    void registeredAsCpuAndChosenFirst() {
        assertTrue(Backends.get("cpu") instanceof VectorBackend);
        assertEquals("cpu", Backends.best().name());
        String d = Backends.get("cpu").description();
        assertTrue(d.contains(Simd.S.vectorBitSize() + "-bit") && d.contains(Simd.L + " lanes"), d);
    }

    /** Output of {@link AvailabilityProbe} in a fresh JVM with {@code flags}. */
    private static String probe(String... flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(flags));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(AvailabilityProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void withoutTheModuleFlagItIsUnavailableAndBestFallsBackToScalar() throws Exception {
        String out = probe();
        assertTrue(out.contains("available=false"), out);
        assertTrue(out.contains("--add-modules jdk.incubator.vector"), out);
        assertTrue(out.contains("best=scalar"), out);
        assertTrue(!out.contains("NoClassDefFoundError"), out);
    }

    @Test
    void vectorBitsPropertyForcesTheWidthOrSwitchesTheBackendOff() throws Exception {
        String w128 = probe("--add-modules=jdk.incubator.vector", "-Damesh.vectorBits=128");
        assertTrue(w128.contains("available=true") && w128.contains("128-bit FloatVector (4 lanes)"), w128);
        String off = probe("--add-modules=jdk.incubator.vector", "-Damesh.vectorBits=0");
        assertTrue(off.contains("available=false") && off.contains("best=scalar")
                && off.contains("-Damesh.vectorBits=0"), off);
        String bad = probe("--add-modules=jdk.incubator.vector", "-Damesh.vectorBits=100");
        assertTrue(bad.contains("available=false") && bad.contains("must be 0, 128, 256 or 512"), bad);
    }

    @Test
    void closedModelStopsItsWorkers() {
        Graph g = TestModels.graph(TestModels.DETECTOR);
        CpuCompiledModel m = new VectorBackend().compile(g, BackendOptions.defaults().withThreads(3));
        assertEquals(2, workerThreads().size() - workersBefore, "two workers for three threads");
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, () -> m.run(new Tensor(g.inputTensors().get(0).shape(),
                new float[g.inputTensors().get(0).shape().numElements()])));
    }

    private int workersBefore;

    private static List<Thread> workerThreads() {
        List<Thread> list = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("amesh-cpu-worker") && t.isAlive()) {
                list.add(t);
            }
        }
        return list;
    }

    /**
     * Steady-state inferences allocate nothing, on the calling thread or on the workers, and the
     * compiled kernels still match the scalar backend.
     */
    @Test
    void steadyStateInferenceAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Graph g = TestModels.graph(TestModels.ATTENTION);
        float[] data = new float[g.inputTensors().get(0).shape().numElements()];
        Random r = new Random(5);
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextFloat();
        }
        Tensor[] in = {new Tensor(g.inputTensors().get(0).shape(), data)}; // no varargs array per call
        float[] expected;
        try (CpuCompiledModel scalar = new dev.amesh.cpu.CpuBackend().compile(g, BackendOptions.defaults())) {
            expected = scalar.run(in)[0].toArray();
        }
        for (int threads = 1; threads <= 2; threads++) {
            List<Thread> before = workerThreads();
            try (CpuCompiledModel m = new VectorBackend().compile(g, BackendOptions.defaults().withThreads(threads))) {
                List<Thread> workers = workerThreads();
                workers.removeAll(before);
                assertEquals(threads - 1, workers.size());
                // Vector API code allocates until C2 has compiled it; steady state is reached when a batch of
                // runs allocates nothing. A kernel that always allocates never gets there.
                long caller = -1;
                long workerBytes = -1;
                long[] workerBefore = new long[workers.size()];
                for (int batch = 0; batch < 40 && caller + workerBytes != 0; batch++) {
                    for (int i = 0; i < workers.size(); i++) {
                        workerBefore[i] = mx.getThreadAllocatedBytes(workers.get(i).getId());
                    }
                    long start = mx.getCurrentThreadAllocatedBytes();
                    long probe = mx.getCurrentThreadAllocatedBytes() - start;
                    start = mx.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < 100; i++) {
                        m.run(in);
                    }
                    caller = Math.max(0, mx.getCurrentThreadAllocatedBytes() - start - probe);
                    workerBytes = 0;
                    for (int i = 0; i < workers.size(); i++) {
                        workerBytes += mx.getThreadAllocatedBytes(workers.get(i).getId()) - workerBefore[i];
                    }
                }
                assertEquals(0, caller, threads + " thread(s): 100 steady-state runs allocated on the caller");
                assertEquals(0, workerBytes, threads + " thread(s): 100 steady-state runs allocated on the workers");
                // the JIT-compiled kernels (not only the interpreted first runs) still match the reference
                dev.amesh.testing.Tolerance.CLOSE.assertClose("steady-state output, " + threads + " thread(s)", expected,
                        m.run(in)[0].toArray());
            }
        }
    }
}
