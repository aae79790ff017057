package dev.amesh.mesh.inspect;

import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.backend.OpObserver;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-op timing of a compiled model: warm-up runs, then {@code runs} timed runs with the backend's observer
 * hook; each op's time is the median of its runs. The observer only stores a number per op, so it adds
 * little to the run.
 */
public final class OpProfiler {
    /** The median time of one op over the timed runs. */
    public record OpTime(int index, String name, String op, String submodel, long medianNanos) {
    }

    /** A share of the summed op medians: by op type or by submodel. */
    public record Share(String key, int ops, long nanos, double fraction) {
    }

    /** The result of {@link #profile}. */
    public record Profile(String model, int warmup, int runs, List<OpTime> ops, List<String> submodels,
            long medianRunNanos) {
        /** Sum of the per-op medians. */
        public long opNanos() {
            long s = 0;
            for (OpTime t : ops) {
                s += t.medianNanos();
            }
            return s;
        }

        /** Ops slowest first (ties in execution order). */
        public List<OpTime> slowestFirst() {
            List<OpTime> l = new ArrayList<>(ops);
            l.sort(Comparator.comparingLong(OpTime::medianNanos).reversed().thenComparingInt(OpTime::index));
            return l;
        }

        /** Shares per op type, largest first. */
        public List<Share> byOpType() {
            return shares(true);
        }

        /** Shares per submodel, in {@link Submodels#names()} order. */
        public List<Share> bySubmodel() {
            return shares(false);
        }

        private List<Share> shares(boolean byOp) {
            Map<String, long[]> m = new LinkedHashMap<>();
            for (OpTime t : ops) {
                long[] acc = m.computeIfAbsent(byOp ? t.op() : t.submodel(), k -> new long[2]);
                acc[0]++;
                acc[1] += t.medianNanos();
            }
            long total = opNanos();
            List<Share> l = new ArrayList<>();
            for (Map.Entry<String, long[]> e : m.entrySet()) {
                long nanos = e.getValue()[1];
                l.add(new Share(e.getKey(), (int) e.getValue()[0], nanos, total == 0 ? 0 : (double) nanos / total));
            }
            if (byOp) {
                l.sort(Comparator.comparingLong(Share::nanos).reversed());
            } else {
                l.sort(Comparator.comparingInt(sh -> submodels.indexOf(sh.key())));
            }
            return l;
        }
    }

    private OpProfiler() {
    }

    /**
     * Times {@code model} on {@code inputs}.
     *
     * @throws IllegalArgumentException if {@code warmup < 0} or {@code runs < 1}
     */
    public static Profile profile(CompiledModel model, Tensor[] inputs, int warmup, int runs) {
        if (warmup < 0) {
            throw new IllegalArgumentException("warm-up runs must be >= 0, got " + warmup);
        }
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        }
        Graph graph = model.graph();
        int nodeCount = graph.nodes().size();
        for (int i = 0; i < warmup; i++) {
            model.run(inputs);
        }
        long[][] nanos = new long[nodeCount][runs];
        long[] runNanos = new long[runs];
        int[] current = {0};
        // Timing only: a backend that fuses ops reports the fused nodes of model.graph(), as they really run.
        model.setObserver(new OpObserver() {
            @Override
            public void onOp(Node node, Tensor[] outputs, long opNanos) {
                nanos[node.index()][current[0]] = opNanos;
            }

            @Override
            public boolean needsOutputs() {
                return false;
            }
        });
        try {
            for (int r = 0; r < runs; r++) {
                current[0] = r;
                long t0 = System.nanoTime();
                model.run(inputs);
                runNanos[r] = System.nanoTime() - t0;
            }
        } finally {
            model.setObserver(null);
        }
        Submodels submodels = Submodels.of(graph);
        List<OpTime> ops = new ArrayList<>();
        for (Node n : graph.nodes()) {
            String name = n.outputCount() > 0 ? graph.tensor(n.output(0)).name() : "#" + n.index();
            ops.add(new OpTime(n.index(), name, n.op().name(), submodels.of(n.index()), median(nanos[n.index()])));
        }
        return new Profile(graph.name(), warmup, runs, List.copyOf(ops), submodels.names(), median(runNanos));
    }

    /** The middle value (the lower middle for an even count). */
    static long median(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[(s.length - 1) / 2];
    }
}
