package dev.amesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amesh.api.io.Npy;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.ModelStore;
import dev.amesh.converter.models.TestModels;
import dev.amesh.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileCommandTest {
    @TempDir
    Path tmp;

    private static String cacheDir() {
        TestModels.graph(ModelId.ATTENTION);
        return ModelStore.defaultCacheDir().toString();
    }

    private Path faceNpy() throws IOException {
        Path p = tmp.resolve("face.npy");
        Npy.write(p, new Tensor(Shape.of(1, 192, 192, 3), TestData.readF32("raw/inputs/astronaut_face_192.f32")));
        return p;
    }

    @Test
    void textProfileHasTopOpsSharesAndTotal() throws IOException {
        CliRun r = CliRun.of("profile", "--input", faceNpy().toString(), "--cache-dir", cacheDir(), "--backend",
                "scalar", "--threads", "1", "--runs", "2", "--warmup", "1", "--top", "5");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("median of 2 runs after 1 warm-up"), r.out());
        assertTrue(r.out().contains("... 336 faster ops not shown (--top)"), r.out());
        // Which op type is slowest depends on timing; only the table's shape is checked.
        assertTrue(r.out().matches("(?s).*\\nop type\\s+ops\\s+median us\\s+%\\n[A-Z0-9_]+ .*"), r.out());
        assertTrue(r.out().matches("(?s).*\\nsubmodel\\s+ops\\s+median us\\s+%\\nbackbone\\s+84 .*"), r.out());
        assertTrue(r.out().matches("(?s).*\\ntotal: [0-9.]+ us summed over ops \\(medians\\); median run [0-9.]+ us\\n"),
                r.out());
    }

    @Test
    void jsonProfileSharesAddUp() throws IOException {
        CliRun r = CliRun.of("profile", "--input", faceNpy().toString(), "--cache-dir", cacheDir(), "--backend",
                "scalar", "--runs", "1", "--warmup", "0", "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(341, root.get("ops").size());
        long sum = 0;
        for (JsonNode op : root.get("ops")) {
            sum += op.get("median_ns").asLong();
        }
        assertEquals(root.get("op_ns_total").asLong(), sum);
        double fractions = 0;
        for (JsonNode s : root.get("by_submodel")) {
            fractions += s.get("fraction").asDouble();
        }
        assertEquals(1.0, fractions, 1e-9);
    }

    @Test
    void badCountsAreUsageErrors() throws IOException {
        CliRun r = CliRun.of("profile", "--input", faceNpy().toString(), "--cache-dir", cacheDir(), "--runs", "0");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.oneErrorLine() && r.err().contains("--runs must be between 1 and 100000, got 0"), r.err());
    }
}
