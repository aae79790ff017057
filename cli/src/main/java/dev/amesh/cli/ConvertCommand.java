package dev.amesh.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.converter.models.ConverterBridge;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code amesh convert IN.tflite OUT [--json]}. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a .tflite model to amesh's .amesh format and summarise it.")
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN.tflite", description = "The TFLite model.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "The .amesh file to write (or a folder for it).")
    Path output;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(input)) {
            throw new CommandLine.ParameterException(spec.commandLine(), input + " is not a file");
        }
        Path target = Files.isDirectory(output) ? output.resolve(baseName(input) + ConverterBridge.EXTENSION) : output;
        if (sameFile(input, target)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "OUT " + target + " is the input file; refusing to overwrite it");
        }
        ConverterBridge.Converted converted = ConverterBridge.convert(input);
        ConverterBridge.write(converted.graph(), target);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(describe(converted, target)));
        } else {
            out.println(converted.summary());
            out.printf("wrote %s (%,d bytes)%n", target, Files.size(target));
        }
        return 0;
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static boolean sameFile(Path a, Path b) throws IOException {
        if (Files.exists(a) && Files.exists(b)) {
            return Files.isSameFile(a, b);
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private Map<String, Object> describe(ConverterBridge.Converted converted, Path target) throws IOException {
        Graph g = converted.graph();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input.toString());
        m.put("output", target.toString());
        m.put("bytes", Files.size(target));
        m.put("name", g.name());
        m.put("inputs", tensors(g.inputTensors()));
        m.put("outputs", tensors(g.outputTensors()));
        m.put("nodes", g.nodes().size());
        Map<String, Integer> ops = new TreeMap<>();
        for (Node n : g.nodes()) {
            ops.merge(n.op().name(), 1, Integer::sum);
        }
        m.put("ops", ops);
        long constants = 0;
        long parameters = 0;
        for (TensorInfo t : g.tensors()) {
            if (t.isConstant()) {
                constants++;
                parameters += t.shape().numElements();
            }
        }
        m.put("constants", constants);
        m.put("parameters", parameters);
        m.put("metadata", g.metadata());
        m.put("summary", converted.summary());
        m.put("report", converted.report());
        return m;
    }

    private static List<Map<String, Object>> tensors(List<TensorInfo> list) {
        List<Map<String, Object>> l = new ArrayList<>();
        for (TensorInfo t : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("shape", t.shape().dims());
            l.add(m);
        }
        return l;
    }
}
