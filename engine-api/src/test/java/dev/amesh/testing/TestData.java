package dev.amesh.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the repository's {@code testdata/} folder and reads its raw float32 tensors. */
public final class TestData {
    private TestData() {
    }

    /** The {@code testdata} folder: system property {@code amesh.testdata}, else found upwards from the working directory. */
    public static Path root() {
        String prop = System.getProperty("amesh.testdata");
        if (prop != null && Files.isDirectory(Paths.get(prop))) {
            return Paths.get(prop);
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("testdata");
            if (Files.isDirectory(candidate.resolve("reference"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("testdata/ not found (set -Damesh.testdata=PATH)");
    }

    /** {@code testdata/reference/<relative>}, which must exist. */
    public static Path reference(String relative) {
        Path p = root().resolve("reference").resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing reference file " + p);
        }
        return p;
    }

    /** Reads a headerless little-endian float32 file. */
    public static float[] readF32(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length % 4 != 0) {
                throw new IllegalStateException(file + " is not a float32 file (" + bytes.length + " bytes)");
            }
            float[] out = new float[bytes.length / 4];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static float[] readF32(String relative) {
        return readF32(reference(relative));
    }
}
