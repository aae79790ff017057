package dev.amesh.converter.tflite;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.GraphStats;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A one-screen text summary of a converted model, as printed by {@code amesh convert}. */
public final class ModelSummary {
    private ModelSummary() {
    }

    public static String of(Graph graph, ConversionReport report) {
        StringBuilder sb = new StringBuilder();
        Map<String, String> meta = graph.metadata();
        sb.append("model ").append(graph.name()).append("  (").append(report.sourceName());
        String sha = meta.get(TfliteConverter.META_SOURCE_SHA256);
        if (sha != null && sha.length() >= 12) {
            sb.append(", sha256 ").append(sha, 0, 12).append('…');
        }
        sb.append(")\n");
        String description = meta.getOrDefault(TfliteConverter.META_TFLITE_DESCRIPTION, "");
        if (!description.isEmpty()) {
            sb.append("description: ").append(description).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "ops: %d TFLite -> %d amesh nodes (%d DEQUANTIZE folded into constants)%n",
                report.tfliteOpCount(), graph.nodes().size(), report.foldedDequantizeCount()));
        appendOpColumns(sb, graph, report);

        int constants = GraphStats.constantCount(graph);
        sb.append(String.format(Locale.ROOT, "tensors: %d (%d run-time, %d constant)%n", graph.tensors().size(),
                graph.tensors().size() - constants, constants));
        long fp16 = 0;
        long fp32 = 0;
        for (TensorInfo t : graph.tensors()) {
            if (t.isConstant()) {
                if (t.storedType() == DType.FLOAT16) {
                    fp16 += t.shape().numElements();
                } else {
                    fp32 += t.shape().numElements();
                }
            }
        }
        sb.append(String.format(Locale.ROOT,
                "parameters: %,d (%,d FLOAT16, %,d FLOAT32), %,d bytes stored, %,d bytes as float32%n",
                GraphStats.totalParameterCount(graph), fp16, fp32, GraphStats.storedConstantBytes(graph),
                4 * GraphStats.totalParameterCount(graph)));
        sb.append(String.format(Locale.ROOT, "MACs: %.1f M", GraphStats.totalMacs(graph) / 1e6));
        Map<OpType, Long> macs = GraphStats.macsByOp(graph);
        if (!macs.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<OpType, Long> e : macs.entrySet()) {
                parts.add(String.format(Locale.ROOT, "%s %.1f M", e.getKey(), e.getValue() / 1e6));
            }
            sb.append(" (").append(String.join(", ", parts)).append(')');
        }
        sb.append('\n');
        sb.append("inputs:\n");
        for (TensorInfo t : graph.inputTensors()) {
            sb.append("  ").append(t.name()).append(' ').append(t.shape()).append('\n');
        }
        sb.append("outputs:\n");
        for (TensorInfo t : graph.outputTensors()) {
            sb.append("  ").append(t.name()).append(' ').append(t.shape()).append('\n');
        }
        return sb.toString();
    }

    /** TFLite op counts and amesh op counts side by side, one row per line. */
    private static void appendOpColumns(StringBuilder sb, Graph graph, ConversionReport report) {
        List<String> left = new ArrayList<>();
        for (Map.Entry<String, Integer> e : report.tfliteOpCounts().entrySet()) {
            left.add(String.format(Locale.ROOT, "%-26s %4d", e.getKey(), e.getValue()));
        }
        List<String> right = new ArrayList<>();
        for (Map.Entry<OpType, Integer> e : GraphStats.opCounts(graph).entrySet()) {
            right.add(String.format(Locale.ROOT, "%-30s %4d", e.getKey(), e.getValue()));
        }
        sb.append(String.format(Locale.ROOT, "  %-31s   %s%n", "TFLite", "amesh"));
        for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
            String l = i < left.size() ? left.get(i) : "";
            String r = i < right.size() ? right.get(i) : "";
            sb.append(String.format(Locale.ROOT, "  %-31s   %s", l, r).stripTrailing()).append('\n');
        }
    }
}
