// PLACEHOLDER until merge: branch conv provides the real ModelSummary; delete this file when merging.
package dev.amesh.converter.tflite;

import dev.amesh.api.graph.Graph;

public final class ModelSummary {
    private ModelSummary() {
    }

    public static String of(Graph graph, TfliteConverter.ConversionReport report) {
        throw new UnsupportedOperationException("PLACEHOLDER until merge");
    }
}
