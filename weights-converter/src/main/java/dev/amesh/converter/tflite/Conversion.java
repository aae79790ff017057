package dev.amesh.converter.tflite;

import dev.amesh.api.graph.Graph;

/** The result of converting one TFLite model: the amesh graph and what the conversion did. */
public record Conversion(Graph graph, ConversionReport report) {
}
