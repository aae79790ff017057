package dev.amesh.converter.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amesh.api.format.ModelFile;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.tensor.Shape;
import dev.amesh.converter.models.TestModels;
import dev.amesh.converter.models.TfjsModelStore;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real iris model converts to the node counts its model.json implies (counted here straight from the
 * JSON), keeps the reference files' tensor names, and survives the .amesh format. Its numbers against TF.js
 * are checked in mesh-model (IrisConformanceTest), where kernels are available.
 */
class IrisGraphStructureTest {

    private static Path modelJson() throws Exception {
        TfjsModelStore store = TfjsModelStore.defaultStore();
        if (TestModels.offline() && !store.hasFiles(TfjsModelStore.IRIS)) {
            abort("the iris model is not in the cache " + store.cacheDir() + " and downloading is off");
        }
        return store.modelJson(TfjsModelStore.IRIS);
    }

    @Test
    void nodeCountsFollowTheTfjsOps() throws Exception {
        Path json = modelJson();
        Graph g = TfjsConverter.convert(json);

        Map<OpType, Integer> expected = new EnumMap<>(OpType.class);
        for (JsonNode n : new ObjectMapper().readTree(json.toFile()).get("modelTopology").get("node")) {
            String op = n.get("op").asText();
            switch (op) {
                case "_FusedConv2D" -> {
                    expected.merge(OpType.CONV_2D, 1, Integer::sum);
                    for (JsonNode s : n.path("attr").path("fused_ops").path("list").path("s")) {
                        if (new String(Base64.getDecoder().decode(s.asText())).equals("Prelu")) {
                            expected.merge(OpType.PRELU, 1, Integer::sum);
                        }
                    }
                }
                case "DepthwiseConv2dNative" -> expected.merge(OpType.DEPTHWISE_CONV_2D, 1, Integer::sum);
                case "Prelu" -> expected.merge(OpType.PRELU, 1, Integer::sum);
                case "AddV2" -> expected.merge(OpType.ADD, 1, Integer::sum);
                case "MaxPool" -> expected.merge(OpType.MAX_POOL_2D, 1, Integer::sum);
                case "Pad" -> expected.merge(OpType.PAD, 1, Integer::sum);
                case "ConcatV2" -> expected.merge(OpType.CONCATENATION, 1, Integer::sum);
                default -> assertTrue(op.equals("Const") || op.equals("Placeholder") || op.equals("Identity"), op);
            }
        }
        Map<OpType, Integer> actual = new EnumMap<>(OpType.class);
        for (Node n : g.nodes()) {
            actual.merge(n.op(), 1, Integer::sum);
        }
        assertEquals(expected, actual);

        assertEquals(Shape.of(1, 64, 64, 3), g.inputTensors().get(0).shape());
        assertEquals(Shape.of(1, 1, 1, 228), g.outputTensors().get(0).shape());
        // The intermediate named in raw/tfjs-cpu/iris/*/index.json.
        assertEquals(Shape.of(1, 32, 32, 64),
                g.tensor("StatefulPartitionedCall/model/batch_normalization/FusedBatchNormV3").shape());
        assertEquals(64, g.metadata().get(TfjsConverter.META_SOURCE_SHA256).length());

        Graph back = ModelFile.read(java.nio.ByteBuffer.wrap(ModelFile.toBytes(g)), "iris.amesh");
        assertEquals(g.nodes().size(), back.nodes().size());
        assertEquals(g.tensors().size(), back.tensors().size());
    }
}
