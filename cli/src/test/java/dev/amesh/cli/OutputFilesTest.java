package dev.amesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
    @TempDir
    Path tmp;

    @Test
    void namesAreSafeAndUnique() throws IOException {
        List<Path> p = OutputFiles.plan(tmp, List.of("conv2d/BiasAdd:0", "Identity", "identity", "..", ""), List.of());
        assertEquals(List.of(tmp.resolve("conv2d_BiasAdd_0.npy"), tmp.resolve("Identity.npy"),
                tmp.resolve("identity_2.npy"), tmp.resolve("_.npy"), tmp.resolve("output_4.npy")), p);
    }

    @Test
    void neverOverwritesAnInput() throws IOException {
        Path input = tmp.resolve("Identity.npy");
        Files.write(input, new byte[] {1});
        IOException e = assertThrows(IOException.class,
                () -> OutputFiles.plan(tmp, List.of("Identity"), List.of(tmp.resolve("./Identity.npy"))));
        assertTrue(e.getMessage().contains("would overwrite the input file"), e.getMessage());
    }
}
