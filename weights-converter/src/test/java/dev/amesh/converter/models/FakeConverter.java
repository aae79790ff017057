package dev.amesh.converter.models;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the TFLite converter so ModelStore's fetching, checking and caching are tested on their
 * own: "converts" a file to a one-tensor graph named after the source checksum, and stores that name.
 */
class FakeConverter implements ModelConverter {
    private static final String MAGIC = "fake-amesh ";

    private final String version;
    final AtomicInteger conversions = new AtomicInteger();

    FakeConverter(String version) {
        this.version = version;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Graph convert(Path tflite) throws IOException {
        conversions.incrementAndGet();
        return graph(Sha256.of(tflite));
    }

    @Override
    public void write(Graph graph, Path file) throws IOException {
        Files.writeString(file, MAGIC + graph.name(), StandardCharsets.UTF_8);
    }

    @Override
    public Graph load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        if (!text.startsWith(MAGIC)) {
            throw new IOException(file + " is not a fake-amesh file");
        }
        return graph(text.substring(MAGIC.length()));
    }

    private static Graph graph(String name) {
        TensorInfo input = TensorInfo.activation(0, "input", Shape.of(1, 4));
        return new Graph(name, List.of(input), List.of(), new int[] {0}, new int[] {0}, Map.of());
    }
}
