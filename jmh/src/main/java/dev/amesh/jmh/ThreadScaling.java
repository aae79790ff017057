package dev.amesh.jmh;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * The attention model on the cpu backend at 1 and at N threads, in one JVM, in alternating batches: on a
 * machine whose cores other jobs share, the speed of the two variants moves together within seconds but by
 * 30 % between runs, so the ratio of neighbouring batches is steadier than the ratio of two JMH forks.
 * Prints each variant's median batch time and the median of the per-round ratios. A check beside
 * {@link AttentionMeshBench}, which stays the figure of record.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar dev.amesh.jmh.ThreadScaling [--threads N] [--rounds R] [--batch B]</pre>
 */
public final class ThreadScaling {
    private ThreadScaling() {
    }

    public static void main(String[] args) throws Exception {
        int threads = 2;
        int rounds = 40;
        int batch = 100;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            int v;
            try {
                v = Integer.parseInt(args[++i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(a + " needs a whole number, got '" + args[i] + "'");
            }
            switch (a) {
                case "--threads" -> threads = v;
                case "--rounds" -> rounds = v;
                case "--batch" -> batch = v;
                default -> throw new IllegalArgumentException("unknown option " + a
                        + " (--threads N, --rounds R, --batch B)");
            }
        }
        if (threads < 2 || rounds < 1 || batch < 1) {
            throw new IllegalArgumentException("need --threads >= 2, --rounds >= 1, --batch >= 1");
        }
        Graph graph = Models.load(Models.ATTENTION);
        Tensor[] input = Models.randomInput(graph, 192);
        try (CompiledModel one = Models.backend("cpu").compile(graph, BackendOptions.defaults().withThreads(1));
                CompiledModel many = Models.backend("cpu").compile(graph,
                        BackendOptions.defaults().withThreads(threads))) {
            for (int i = 0; i < 1500; i++) { // both compiled by C2 before timing
                one.run(input);
                many.run(input);
            }
            double[] t1 = new double[rounds];
            double[] tn = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                t1[r] = batchMicros(one, input, batch);
                tn[r] = batchMicros(many, input, batch);
                ratio[r] = t1[r] / tn[r];
            }
            System.out.printf(Locale.ROOT, "cpu, 1 thread: median %.1f us (min %.1f)%n", median(t1), min(t1));
            System.out.printf(Locale.ROOT, "cpu, %d threads: median %.1f us (min %.1f)%n", threads, median(tn),
                    min(tn));
            System.out.printf(Locale.ROOT, "speed-up: median of %d paired batches %.3fx (ratio of medians %.3fx)%n",
                    rounds, median(ratio), median(t1) / median(tn));
        }
    }

    /** Mean microseconds per inference over {@code batch} runs. */
    private static double batchMicros(CompiledModel model, Tensor[] input, int batch) {
        long t0 = System.nanoTime();
        for (int i = 0; i < batch; i++) {
            model.run(input);
        }
        return (System.nanoTime() - t0) / 1e3 / batch;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }
}
