// PLACEHOLDER until merge: branch conv provides the real TfliteConverter; delete this file when merging.
package dev.amesh.converter.tflite;

import dev.amesh.api.graph.Graph;
import java.io.IOException;
import java.nio.file.Path;

public final class TfliteConverter {
    private TfliteConverter() {
    }

    public record Conversion(Graph graph, ConversionReport report) {
    }

    public static final class ConversionReport {
        public String toText() {
            throw new UnsupportedOperationException("PLACEHOLDER until merge");
        }
    }

    public static Conversion convert(Path tflite) throws IOException {
        throw new UnsupportedOperationException("PLACEHOLDER until merge: the TFLite converter is on branch conv");
    }
}
