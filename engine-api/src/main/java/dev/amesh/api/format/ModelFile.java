// PLACEHOLDER until merge: branch format provides the real ModelFile; delete this file when merging.
package dev.amesh.api.format;

import dev.amesh.api.graph.Graph;
import java.io.IOException;
import java.nio.file.Path;

public final class ModelFile {
    public static final String EXTENSION = ".amesh";

    private ModelFile() {
    }

    public static void write(Graph graph, Path file) throws IOException {
        throw new UnsupportedOperationException("PLACEHOLDER until merge: the .amesh format is on branch format");
    }

    public static Graph load(Path file) throws IOException {
        throw new UnsupportedOperationException("PLACEHOLDER until merge: the .amesh format is on branch format");
    }
}
