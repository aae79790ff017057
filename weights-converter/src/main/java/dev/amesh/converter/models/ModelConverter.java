package dev.amesh.converter.models;

import dev.amesh.api.graph.Graph;
import java.io.IOException;
import java.nio.file.Path;

/** How {@link ModelStore} turns a .tflite file into a stored graph and reads it back. */
public interface ModelConverter {
    /**
     * Identifies the converter and file format; a converted file stamped with another version is
     * converted again.
     */
    String version();

    /** Converts a .tflite file. */
    Graph convert(Path tflite) throws IOException;

    /** Writes {@code graph} to {@code file}. */
    void write(Graph graph, Path file) throws IOException;

    /** Reads a file written by {@link #write}. */
    Graph load(Path file) throws IOException;

    /** The TFLite converter and the {@code .amesh} format. */
    static ModelConverter standard() {
        return new ModelConverter() {
            @Override
            public String version() {
                return ConverterBridge.VERSION;
            }

            @Override
            public Graph convert(Path tflite) throws IOException {
                return ConverterBridge.convert(tflite).graph();
            }

            @Override
            public void write(Graph graph, Path file) throws IOException {
                ConverterBridge.write(graph, file);
            }

            @Override
            public Graph load(Path file) throws IOException {
                return ConverterBridge.load(file);
            }
        };
    }
}
