package dev.amesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amesh.api.graph.Graph;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.ModelStore;
import dev.amesh.converter.models.TestModels;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InspectCommandTest {
    private static String cacheDir() {
        TestModels.graph(ModelId.ATTENTION);
        return ModelStore.defaultCacheDir().toString();
    }

    @Test
    void jsonListsEveryOpOnceWithTotals() throws IOException {
        Graph g = TestModels.graph(ModelId.ATTENTION);
        CliRun r = CliRun.of("inspect", "--cache-dir", cacheDir(), "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode root = new ObjectMapper().readTree(r.out());
        JsonNode ops = root.get("ops");
        assertEquals(g.nodes().size(), ops.size());
        long macs = 0;
        Map<String, Long> perSubmodel = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            JsonNode op = ops.get(i);
            assertEquals(i, op.get("index").asInt());
            assertEquals(g.tensor(g.nodes().get(i).output(0)).name(), op.get("name").asText());
            assertEquals(g.nodes().get(i).op().name(), op.get("op").asText());
            macs += op.get("macs").asLong();
            perSubmodel.merge(op.get("submodel").asText(), op.get("macs").asLong(), Long::sum);
        }
        assertEquals(macs, root.get("total").get("macs").asLong());
        for (JsonNode s : root.get("submodels")) {
            assertEquals(perSubmodel.get(s.get("submodel").asText()), s.get("macs").asLong(), s.toString());
        }
        assertEquals(perSubmodel.size(), root.get("submodels").size());
    }

    @Test
    void textTableHasRowsAndTotals() {
        CliRun r = CliRun.of("inspect", "attention", "--cache-dir", cacheDir());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().matches("(?s).*\\n\\s+94  transform_tensor_bilinear_v2\\s+TRANSFORM_TENSOR_BILINEAR\\s+lips\\s+"
                + "\\[1,48,48,32\\] \\[1,4,4\\]\\s+\\[1,16,16,32\\]\\s+-> 16x16.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\ntotal\\s+341\\s+1,189,328\\s+43,476,672\\s+100\\.0\\s+2,378,656\\n.*"),
                r.out());
    }

    @Test
    void submodelFilterAndUsageErrors() {
        CliRun lips = CliRun.of("inspect", "--cache-dir", cacheDir(), "--submodel", "lips");
        assertEquals(0, lips.code(), lips.toString());
        assertTrue(lips.out().contains("transform_tensor_bilinear_v2 "), lips.out());
        assertTrue(!lips.out().contains("transform_tensor_bilinear_v2_1"), "other regions left out");
        CliRun bad = CliRun.of("inspect", "--cache-dir", cacheDir(), "--submodel", "nose");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.oneErrorLine() && bad.err().contains("'nose' is not one of [backbone, mesh head"), bad.err());
        CliRun missing = CliRun.of("inspect", "no-such-model.amesh");
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("MODEL 'no-such-model.amesh' is neither"), missing.err());
    }
}
