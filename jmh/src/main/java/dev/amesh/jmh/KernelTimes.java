package dev.amesh.jmh;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.exec.CpuCompiledModel;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Each kernel of the attention model on its own: the model is compiled for the cpu backend on one thread
 * and run 500 times (so every kernel is compiled and its inputs hold real activations), then every kernel
 * of the chosen op type runs {@code --runs} times in a row; prints its median and minimum. The per-kernel
 * figures in docs/benchmarks.md come from this. Unlike {@code amesh profile} (kernels inside whole runs),
 * a kernel here finds its weights and tensors in cache from its previous run, unless {@code --evict-mb M}
 * reads M MB of other data before each run.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar dev.amesh.jmh.KernelTimes [OP_TYPE] [--runs N] [--evict-mb M]</pre>
 */
public final class KernelTimes {
    /** Where the eviction reads go, so that the JIT keeps them. */
    static volatile float blackhole;

    private KernelTimes() {
    }

    public static void main(String[] args) throws Exception {
        String op = null;
        int runs = 100;
        int evictMb = 0;
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--runs") && i + 1 < args.length) {
                    runs = Integer.parseInt(args[++i]);
                } else if (args[i].equals("--evict-mb") && i + 1 < args.length) {
                    evictMb = Integer.parseInt(args[++i]);
                } else if (args[i].startsWith("-")) {
                    throw new IllegalArgumentException("unknown option " + args[i]);
                } else {
                    op = args[i].toUpperCase(Locale.ROOT);
                }
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
            }
            if (evictMb < 0 || evictMb > 1024) {
                throw new IllegalArgumentException("--evict-mb must be between 0 and 1024, got " + evictMb);
            }
        } catch (IllegalArgumentException e) { // NumberFormatException too
            System.err.println("KernelTimes: " + e.getMessage()
                    + "; usage: KernelTimes [OP_TYPE] [--runs N] [--evict-mb M]");
            System.exit(2);
        }
        Graph graph = Models.load(Models.ATTENTION);
        try (CpuCompiledModel m = (CpuCompiledModel) Models.backend("cpu").compile(graph,
                BackendOptions.defaults().withThreads(1))) {
            float[] pixels = new float[graph.inputTensors().get(0).shape().numElements()];
            Random r = new Random(1);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = r.nextFloat();
            }
            Tensor in = new Tensor(graph.inputTensors().get(0).shape(), pixels);
            for (int i = 0; i < 500; i++) {
                m.run(in);
            }
            Graph g = m.graph(); // the fused graph: one node per kernel that really runs
            long[] t = new long[runs];
            float[] other = new float[evictMb << 18];
            float sink = 0;
            double sum = 0;
            System.out.printf("%5s %-34s %-56s %-16s %10s %10s%n", "node", "output", "kernel", "input", "median us",
                    "min us");
            for (Node n : g.nodes()) {
                if (op != null && !op.equals(n.op().name())) {
                    continue;
                }
                var k = m.kernel(n.index());
                for (int i = 0; i < runs; i++) {
                    for (int j = 0; j < other.length; j += 16) { // one float per cache line
                        sink += other[j];
                    }
                    long t0 = System.nanoTime();
                    k.execute();
                    t[i] = System.nanoTime() - t0;
                }
                long[] sorted = t.clone();
                Arrays.sort(sorted);
                double median = sorted[runs / 2] / 1e3;
                sum += median;
                System.out.printf("%5d %-34s %-56s %-16s %10.2f %10.2f%n", n.index(), g.tensor(n.output(0)).name(),
                        k.name(), g.tensor(n.input(0)).shape(), median, sorted[0] / 1e3);
            }
            if (sum == 0) {
                System.err.println("KernelTimes: no kernel of op type " + op + " in the model");
                System.exit(2);
            }
            blackhole = sink;
            System.out.printf("sum of medians: %.1f us%n", sum);
        }
    }
}
