package dev.amesh.converter.tflite;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a conversion did: how many TFLite operators the model had, how many DEQUANTIZE ops were folded into
 * constants, the TFLite op counts by name (builtin name, or the custom op's name) in order of first
 * appearance, and for each amesh node the index of the TFLite operator it came from.
 */
public final class ConversionReport {
    private final String sourceName;
    private final int tfliteOpCount;
    private final int foldedDequantizeCount;
    private final Map<String, Integer> tfliteOpCounts;
    private final int[] nodeSourceOps;

    public ConversionReport(String sourceName, int tfliteOpCount, int foldedDequantizeCount,
            Map<String, Integer> tfliteOpCounts, int[] nodeSourceOps) {
        this.sourceName = sourceName;
        this.tfliteOpCount = tfliteOpCount;
        this.foldedDequantizeCount = foldedDequantizeCount;
        this.tfliteOpCounts = Collections.unmodifiableMap(new LinkedHashMap<>(tfliteOpCounts));
        this.nodeSourceOps = nodeSourceOps.clone();
    }

    public String sourceName() {
        return sourceName;
    }

    public int tfliteOpCount() {
        return tfliteOpCount;
    }

    public int foldedDequantizeCount() {
        return foldedDequantizeCount;
    }

    /** Counts by TFLite op name, in order of first appearance (unmodifiable, insertion-ordered). */
    public Map<String, Integer> tfliteOpCounts() {
        return tfliteOpCounts;
    }

    /** The index of the TFLite operator that amesh node {@code nodeIndex} was converted from. */
    public int tfliteOpIndex(int nodeIndex) {
        return nodeSourceOps[nodeIndex];
    }

    public int nodeCount() {
        return nodeSourceOps.length;
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("source: ").append(sourceName).append('\n');
        sb.append("tflite ops: ").append(tfliteOpCount).append(" -> amesh nodes: ").append(nodeSourceOps.length)
                .append(" (").append(foldedDequantizeCount).append(" DEQUANTIZE folded into constants)\n");
        for (Map.Entry<String, Integer> e : tfliteOpCounts.entrySet()) {
            sb.append(String.format("  %-28s %5d%n", e.getKey(), e.getValue()));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
