package dev.amesh.converter.models;

import dev.amesh.api.format.ModelFile;
import dev.amesh.api.graph.Graph;
import dev.amesh.converter.tflite.ModelSummary;
import dev.amesh.converter.tflite.TfliteConverter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The one place that calls the TFLite converter and the {@code .amesh} file format, for the model store
 * and the command line.
 */
public final class ConverterBridge {
    /**
     * Stamped beside every cached converted model: a hand-kept number plus a fingerprint of the compiled
     * converter, format and graph classes, so any change to them makes caches convert again. (A file the
     * format can no longer read is reconverted regardless.)
     */
    public static final String VERSION = "1+" + CodeFingerprint.of(TfliteConverter.class, ModelFile.class, Graph.class);

    /** The extension of converted models, {@code .amesh}. */
    public static final String EXTENSION = ModelFile.EXTENSION;

    /** A converted model with the converter's one-screen summary and full report. */
    public record Converted(Graph graph, String summary, String report) {
    }

    private ConverterBridge() {
    }

    public static Converted convert(Path tflite) throws IOException {
        var conversion = TfliteConverter.convert(tflite);
        return new Converted(conversion.graph(), ModelSummary.of(conversion.graph(), conversion.report()),
                conversion.report().toText());
    }

    /** Writes {@code graph} to {@code file} (atomically). */
    public static void write(Graph graph, Path file) throws IOException {
        ModelFile.write(graph, file);
    }

    /** Reads an {@code .amesh} file; every failure, format errors included, is an IOException naming the file. */
    public static Graph load(Path file) throws IOException {
        try {
            return ModelFile.load(file);
        } catch (RuntimeException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
