package dev.amesh.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.tensor.Shape;
import dev.amesh.converter.models.ConverterBridge;
import dev.amesh.converter.models.ModelId;
import dev.amesh.mesh.inspect.OpTable;
import dev.amesh.mesh.inspect.Submodels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code amesh inspect [MODEL] [--json]}: every op with shapes, cost and submodel; totals per submodel. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"List every op of a model: index, output name, op type, input and output shapes, settings,"
                + " parameters, MACs, weight bytes and the submodel it belongs to, with totals per submodel.",
            "Submodels are derived from the graph (see docs/tools.md): backbone, mesh head, face flag, lips,"
                + " left eye, right eye, iris."})
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", defaultValue = "attention",
            description = "attention (default), mesh or detector from the cache, or a .amesh (or .tflite) file.")
    String model;

    @Option(names = "--json", description = "Print the table as JSON.")
    boolean json;

    @Option(names = "--submodel", paramLabel = "NAME", description = "Only list the ops of this submodel"
            + " (totals still cover the whole model).")
    String submodel;

    @Mixin
    CacheOption cache;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Graph graph = loadModel(spec, model, cache);
        OpTable table = OpTable.of(graph);
        if (submodel != null && !table.submodelNames().contains(submodel)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--submodel '" + submodel
                    + "' is not one of " + table.submodelNames());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(table.toData()));
        } else {
            print(out, table, graph, submodel);
        }
        return 0;
    }

    /**
     * The graph of {@code model}: a short name from the cache, or a .amesh / .tflite file.
     *
     * @throws CommandLine.ParameterException if it is neither
     */
    static Graph loadModel(CommandLine.Model.CommandSpec spec, String model, CacheOption cache) throws IOException {
        if (ModelId.isShortName(model)) {
            return cache.store().load(ModelId.byShortName(model));
        }
        Path file = Paths.get(model);
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "MODEL '" + model + "' is neither "
                    + ModelId.shortNames() + " nor an existing .amesh file");
        }
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tflite")) {
            return ConverterBridge.convert(file).graph();
        }
        return ConverterBridge.load(file);
    }

    static void print(PrintWriter out, OpTable table, Graph graph, String only) {
        List<OpTable.Row> rows = table.rows();
        int nameWidth = Math.max(4, rows.stream().mapToInt(r -> r.name().length()).max().orElse(4));
        int opWidth = Math.max(2, rows.stream().mapToInt(r -> r.op().length()).max().orElse(2));
        int subWidth = Math.max(8, rows.stream().mapToInt(r -> r.submodel().length()).max().orElse(8));
        int inWidth = Math.max(5, rows.stream().mapToInt(r -> shapes(r.inputShapes()).length()).max().orElse(5));
        int outWidth = Math.max(6, rows.stream().mapToInt(r -> shapes(r.outputShapes()).length()).max().orElse(6));
        int setWidth = Math.max(8, rows.stream().mapToInt(r -> r.settings().length()).max().orElse(8));
        String rowFormat = "%4s  %-" + nameWidth + "s  %-" + opWidth + "s  %-" + subWidth + "s  %-" + inWidth
                + "s  %-" + outWidth + "s  %-" + setWidth + "s  %9s  %13s  %11s%n";
        out.printf(Locale.ROOT, "model %s: %d ops, inputs %s, outputs %s%n", graph.name(), rows.size(),
                graph.inputTensors().stream().map(t -> t.name() + " " + t.shape()).collect(Collectors.joining(", ")),
                graph.outputTensors().stream().map(t -> t.name()).collect(Collectors.joining(", ")));
        out.println();
        out.printf(Locale.ROOT, rowFormat, "#", "name", "op", "submodel", "input", "output", "settings", "params",
                "MACs", "weight B");
        for (OpTable.Row r : rows) {
            if (only != null && !r.submodel().equals(only)) {
                continue;
            }
            out.printf(Locale.ROOT, rowFormat, r.index(), r.name(), r.op(), r.submodel(), shapes(r.inputShapes()),
                    shapes(r.outputShapes()), r.settings(), count(r.parameters()), count(r.macs()),
                    count(r.weightBytes()));
        }
        out.println();
        printTotals(out, table);
    }

    static void printTotals(PrintWriter out, OpTable table) {
        int width = Math.max(10, table.submodelNames().stream().mapToInt(String::length).max().orElse(10));
        String format = "%-" + width + "s  %5s  %11s  %15s  %7s  %13s%n";
        out.printf(Locale.ROOT, format, "submodel", "ops", "params", "MACs", "MACs %", "weight bytes");
        OpTable.Totals all = table.total();
        for (OpTable.Totals t : table.perSubmodel()) {
            totalsLine(out, format, t, all);
        }
        totalsLine(out, format, all, all);
        out.printf(Locale.ROOT, "%nsubmodels: %s (rule in docs/tools.md; '%s' is what several heads share)%n",
                String.join(", ", table.submodelNames()), Submodels.BACKBONE);
    }

    private static void totalsLine(PrintWriter out, String format, OpTable.Totals t, OpTable.Totals all) {
        out.printf(Locale.ROOT, format, t.submodel(), t.ops(), String.format(Locale.ROOT, "%,d", t.parameters()),
                String.format(Locale.ROOT, "%,d", t.macs()), String.format(Locale.ROOT, "%.1f", 100 * t.macShare(all)),
                String.format(Locale.ROOT, "%,d", t.weightBytes()));
    }

    private static String count(long v) {
        return v == 0 ? "-" : String.format(Locale.ROOT, "%,d", v);
    }

    static String shapes(List<Shape> shapes) {
        return shapes.stream().map(Shape::toString).collect(Collectors.joining(" "));
    }
}
