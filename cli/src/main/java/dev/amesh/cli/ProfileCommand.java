package dev.amesh.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.amesh.api.backend.Backend;
import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.mesh.inspect.OpProfiler;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code amesh profile IMAGE|--input T.npy [--backend NAME] [--runs N] [--threads N]}: per-op median times. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = {"Time every op of the landmark model: median over --runs runs after --warmup runs, slowest"
                + " first, with the share per op type and per submodel, and the total."})
final class ProfileCommand implements Callable<Integer> {
    @Mixin
    DumpCommand.ModelInputOptions input;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "20", description = "Timed runs (default 20).")
    int runs;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "5", description = "Untimed runs first (default 5).")
    int warmup;

    @Option(names = "--top", paramLabel = "N", description = "List only the N slowest ops (default: all).")
    Integer top;

    @Option(names = "--json", description = "Print the profile as JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (runs < 1 || runs > 100_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be between 1 and 100000, got "
                    + runs);
        }
        if (warmup < 0 || warmup > 100_000) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--warmup must be between 0 and 100000, got " + warmup);
        }
        if (top != null && top < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--top must be at least 1, got " + top);
        }
        DumpCommand.ModelInputOptions.Prepared prepared = input.prepare(spec);
        Backend backend = input.backend(spec);
        BackendOptions options = input.options(spec);
        OpProfiler.Profile profile;
        try (CompiledModel compiled = backend.compile(prepared.graph(), options)) {
            profile = OpProfiler.profile(compiled, prepared.inputs(), warmup, runs);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(toData(profile, backend, options, prepared.source())));
        } else {
            print(out, profile, backend, options, prepared.source());
        }
        return 0;
    }

    private void print(PrintWriter out, OpProfiler.Profile p, Backend backend, BackendOptions options, String source) {
        out.printf(Locale.ROOT, "profile of %s on backend %s (%s), input %s: median of %d runs after %d warm-up%n%n",
                p.model(), backend.name(), options, source, p.runs(), p.warmup());
        List<OpProfiler.OpTime> ops = p.slowestFirst();
        int shown = top == null ? ops.size() : Math.min(top, ops.size());
        int nameWidth = 4;
        int opWidth = 2;
        int subWidth = 8;
        for (OpProfiler.OpTime t : ops.subList(0, shown)) {
            nameWidth = Math.max(nameWidth, t.name().length());
            opWidth = Math.max(opWidth, t.op().length());
            subWidth = Math.max(subWidth, t.submodel().length());
        }
        String format = "%4s  %-" + nameWidth + "s  %-" + opWidth + "s  %-" + subWidth + "s  %10s  %6s%n";
        out.printf(Locale.ROOT, format, "#", "name", "op", "submodel", "median us", "%");
        long total = p.opNanos();
        for (OpProfiler.OpTime t : ops.subList(0, shown)) {
            out.printf(Locale.ROOT, format, t.index(), t.name(), t.op(), t.submodel(), micros(t.medianNanos()),
                    percent(t.medianNanos(), total));
        }
        if (shown < ops.size()) {
            out.printf(Locale.ROOT, "... %d faster ops not shown (--top)%n", ops.size() - shown);
        }
        out.println();
        shares(out, "op type", p.byOpType(), total);
        out.println();
        shares(out, "submodel", p.bySubmodel(), total);
        out.println();
        out.printf(Locale.ROOT, "total: %s us summed over ops (medians); median run %s us%n", micros(total),
                micros(p.medianRunNanos()));
    }

    private static void shares(PrintWriter out, String what, List<OpProfiler.Share> shares, long total) {
        int width = what.length();
        for (OpProfiler.Share s : shares) {
            width = Math.max(width, s.key().length());
        }
        String format = "%-" + width + "s  %5s  %10s  %6s%n";
        out.printf(Locale.ROOT, format, what, "ops", "median us", "%");
        for (OpProfiler.Share s : shares) {
            out.printf(Locale.ROOT, format, s.key(), s.ops(), micros(s.nanos()), percent(s.nanos(), total));
        }
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e3);
    }

    private static String percent(long part, long total) {
        return total == 0 ? "-" : String.format(Locale.ROOT, "%.1f", 100.0 * part / total);
    }

    private static Map<String, Object> toData(OpProfiler.Profile p, Backend backend, BackendOptions options,
            String source) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", p.model());
        m.put("backend", backend.name());
        m.put("threads", options.threads());
        m.put("input", source);
        m.put("runs", p.runs());
        m.put("warmup", p.warmup());
        List<Map<String, Object>> ops = new ArrayList<>();
        for (OpProfiler.OpTime t : p.slowestFirst()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("index", t.index());
            o.put("name", t.name());
            o.put("op", t.op());
            o.put("submodel", t.submodel());
            o.put("median_ns", t.medianNanos());
            ops.add(o);
        }
        m.put("ops", ops);
        m.put("by_op_type", sharesData(p.byOpType()));
        m.put("by_submodel", sharesData(p.bySubmodel()));
        m.put("op_ns_total", p.opNanos());
        m.put("median_run_ns", p.medianRunNanos());
        return m;
    }

    private static List<Map<String, Object>> sharesData(List<OpProfiler.Share> shares) {
        List<Map<String, Object>> l = new ArrayList<>();
        for (OpProfiler.Share s : shares) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("key", s.key());
            o.put("ops", s.ops());
            o.put("ns", s.nanos());
            o.put("fraction", s.fraction());
            l.add(o);
        }
        return l;
    }
}
