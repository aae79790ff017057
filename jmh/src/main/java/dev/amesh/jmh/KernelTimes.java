package dev.amesh.jmh;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.OpObserver;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.exec.CpuCompiledModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Each kernel of the attention model on its own: the model is compiled for the cpu backend on one thread
 * ({@code --threads N}: N, each kernel then splitting its work as in a model run) and run 500 times (so every kernel is compiled), then every kernel of the chosen op type runs
 * {@code --runs} times in a row, inside one more run where its inputs are ready; prints its median and
 * minimum. The per-kernel
 * figures in docs/benchmarks.md come from this. Unlike {@code amesh profile} (kernels inside whole runs),
 * a kernel here finds its weights and tensors in cache from its previous run, unless {@code --evict-mb M}
 * reads M MB of other data before each run.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar dev.amesh.jmh.KernelTimes [OP_TYPE] [--runs N] [--threads N] [--input FILE.f32] [--evict-mb M]</pre>
 *
 * <p>The input is the astronaut's face crop from testdata (run from the repository root) unless
 * {@code --input} names another 192x192x3 float32 file.
 */
public final class KernelTimes {
    /** The astronaut's face as the landmark model sees it (Google's runtime's input, from testdata). */
    private static final Path DEFAULT_INPUT = Path.of("testdata", "reference", "raw", "inputs",
            "astronaut_face_192.f32");
    /** Where the eviction reads go, so that the JIT keeps them. */
    static volatile float blackhole;

    private KernelTimes() {
    }

    /**
     * The model input: {@code file} as little-endian float32 of exactly the input's size, or, when the
     * default file is absent (not run from the repository root), {@link Models#randomInput} noise. The kernels
     * that sample the crops take longer on noise than on a face (their regions then reach past the map).
     */
    private static Tensor input(Graph graph, Path file) throws IOException {
        if (file == DEFAULT_INPUT && !Files.isRegularFile(file)) {
            System.out.println("input: uniform noise (" + file + " not found)");
            return Models.randomInput(graph, 1)[0];
        }
        Shape shape = graph.inputTensors().get(0).shape();
        int n = shape.numElements();
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != 4L * n) {
            throw new IOException(file + " has " + bytes.length + " bytes; the model input needs " + 4L * n
                    + " (" + n + " little-endian float32)");
        }
        float[] values = new float[n];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        System.out.println("input: " + file);
        return new Tensor(shape, values);
    }

    /** Reads one float per cache line of {@code other}, pushing the kernel's data out of the caches. */
    private static void evict(float[] other) {
        float sink = 0;
        for (int j = 0; j < other.length; j += 16) {
            sink += other[j];
        }
        blackhole = sink;
    }

    public static void main(String[] args) throws Exception {
        String op = null;
        int runs = 100;
        int evictMb = 0;
        int threads = 1;
        Path inputFile = DEFAULT_INPUT;
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--runs") && i + 1 < args.length) {
                    runs = Integer.parseInt(args[++i]);
                } else if (args[i].equals("--threads") && i + 1 < args.length) {
                    threads = Integer.parseInt(args[++i]);
                } else if (args[i].equals("--input") && i + 1 < args.length) {
                    inputFile = Path.of(args[++i]);
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
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("--threads must be between 1 and 256, got " + threads);
            }
            if (evictMb < 0 || evictMb > 1024) {
                throw new IllegalArgumentException("--evict-mb must be between 0 and 1024, got " + evictMb);
            }
        } catch (IllegalArgumentException e) { // NumberFormatException too
            System.err.println("KernelTimes: " + e.getMessage()
                    + "; usage: KernelTimes [OP_TYPE] [--runs N] [--threads N] [--input FILE.f32] [--evict-mb M]");
            System.exit(2);
        }
        Graph graph = Models.load(Models.ATTENTION);
        try (CpuCompiledModel m = (CpuCompiledModel) Models.backend("cpu").compile(graph,
                BackendOptions.defaults().withThreads(threads))) {
            Tensor in = input(graph, inputFile);
            for (int i = 0; i < 500; i++) {
                m.run(in);
            }
            Graph g = m.graph(); // the fused graph: one node per kernel that really runs
            long[] t = new long[runs];
            float[] other = new float[evictMb << 18];
            double sum = 0;
            System.out.printf("%5s %-34s %-56s %-16s %10s %10s%n", "node", "output", "kernel", "input", "median us",
                    "min us");
            for (Node n : g.nodes()) {
                if (op != null && !op.equals(n.op().name())) {
                    continue;
                }
                int target = n.index();
                var k = m.kernel(target);
                // Time the kernel inside a real run, right after the node before it: its inputs then hold
                // the activations of this input (tensors share memory by liveness, so after a whole run
                // they may not). Node 0 reads the model input, whose values do not change its time.
                Runnable timeIt = () -> {
                    for (int i = 0; i < t.length; i++) {
                        evict(other);
                        long t0 = System.nanoTime();
                        k.execute();
                        t[i] = System.nanoTime() - t0;
                    }
                };
                if (target == 0) {
                    timeIt.run();
                } else {
                    m.setObserver(new OpObserver() {
                        @Override
                        public void onOp(Node node, Tensor[] outputs, long nanos) {
                            if (node.index() == target - 1) {
                                timeIt.run();
                            }
                        }

                        @Override
                        public boolean needsOutputs() {
                            return false; // see the fused kernels, as they run without an observer
                        }
                    });
                    m.run(in);
                    m.setObserver(null);
                }
                long[] sorted = t.clone();
                Arrays.sort(sorted);
                double median = sorted[runs / 2] / 1e3;
                sum += median;
                System.out.printf("%5d %-34s %-56s %-16s %10.2f %10.2f%n", target, g.tensor(n.output(0)).name(),
                        k.name(), g.tensor(n.input(0)).shape(), median, sorted[0] / 1e3);
            }
            if (sum == 0) {
                System.err.println("KernelTimes: no kernel of op type " + op + " in the model");
                System.exit(2);
            }
            System.out.printf("sum of medians: %.1f us%n", sum);
        }
    }
}
