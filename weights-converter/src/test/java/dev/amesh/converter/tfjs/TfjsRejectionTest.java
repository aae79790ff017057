package dev.amesh.converter.tfjs;

import static dev.amesh.converter.tfjs.TinyTfjs.attrs;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.converter.tflite.ConversionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Models amesh cannot convert fail with a ConversionException that names the problem. */
class TfjsRejectionTest {

    private static void rejects(Executable conversion, String... fragments) {
        ConversionException e = assertThrows(ConversionException.class, conversion);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void unknownOpNamesTheNodeAndOp() {
        TinyTfjs m = new TinyTfjs().placeholder("x", 1, 4).node("model/softmax", "Softmax", "x");
        rejects(m::convert, "tiny.json", "'model/softmax'", "'Softmax'");
    }

    @Test
    void nchwIsRejected() {
        TinyTfjs m = new TinyTfjs()
                .placeholder("x", 1, 4, 4, 1)
                .constant("k", new int[] {1, 1, 1, 1}, new float[] {1})
                .node("conv", "Conv2D", attrs().window("SAME", 1, 1).s("data_format", "NCHW"), "x", "k");
        rejects(m::convert, "'conv'", "NCHW");
    }

    @Test
    void unsupportedFusionIsRejected() {
        TinyTfjs m = new TinyTfjs()
                .placeholder("x", 1, 4, 4, 1)
                .constant("k", new int[] {1, 1, 1, 1}, new float[] {1})
                .constant("b", new int[] {1}, new float[] {1})
                .node("conv", "_FusedConv2D", attrs().window("SAME", 1, 1).strings("fused_ops", "BiasAdd", "Elu")
                        .i("num_args", 1), "x", "k", "b");
        rejects(m::convert, "'conv'", "Elu");
    }

    @Test
    void filterChannelsMustMatchTheInput() {
        TinyTfjs m = new TinyTfjs()
                .placeholder("x", 1, 4, 4, 2)
                .constant("k", new int[] {1, 1, 3, 1}, new float[3])
                .node("conv", "Conv2D", attrs().window("SAME", 1, 1), "x", "k");
        rejects(m::convert, "'conv'", "3 input channels");
    }

    @Test
    void emptyFiltersAndHugeReshapesAreRejected() {
        TinyTfjs empty = new TinyTfjs()
                .placeholder("x", 1, 4, 4, 1)
                .constant("k", new int[] {0, 1, 1, 1}, new float[0])
                .node("conv", "Conv2D", attrs().window("SAME", 1, 1), "x", "k");
        rejects(empty::convert, "'conv'", "non-empty");
        TinyTfjs huge = new TinyTfjs()
                .placeholder("x", 1, 4)
                .intConstant("shape", new int[] {3}, 65536, 65536, 65536)
                .node("r", "Reshape", "x", "shape");
        rejects(huge::convert, "'r'", "too many elements");
    }

    @Test
    void constWithoutWeightIsRejected() {
        TinyTfjs m = new TinyTfjs().placeholder("x", 1, 2).constNode("alpha", "DT_FLOAT")
                .node("p", "Prelu", "x", "alpha");
        rejects(m::convert, "'alpha'", "weightsManifest");
    }

    @Test
    void shardSizesMustAgreeWithTheManifest() {
        TinyTfjs extra = new TinyTfjs().placeholder("x", 1, 2).constant("a", new int[] {2}, new float[2])
                .node("p", "Prelu", "x", "a").extraShardBytes(3);
        rejects(extra::convert, "3 bytes more");
        TinyTfjs m = new TinyTfjs().placeholder("x", 1, 2).constant("a", new int[] {2}, new float[2])
                .node("p", "Prelu", "x", "a");
        byte[] json = m.json();
        rejects(() -> TfjsConverter.convert(json, path -> new byte[5], "tiny.json"), "'a'", "needs 8 bytes");
    }

    @Test
    void cyclesAndDanglingInputsAreRejected() {
        TinyTfjs cycle = new TinyTfjs().placeholder("x", 1, 2).node("a", "AddV2", "x", "b")
                .node("b", "Relu", "a").outputs("b");
        rejects(cycle::convert, "cycle");
        TinyTfjs dangling = new TinyTfjs().placeholder("x", 1, 2).node("a", "Relu", "nowhere");
        rejects(dangling::convert, "'a'", "'nowhere'");
    }

    @Test
    void secondOutputsAndNonZeroPadFillAreRejected() {
        TinyTfjs secondOutput = new TinyTfjs().placeholder("x", 1, 2).node("r", "Relu", "x:1");
        rejects(secondOutput::convert, "'r'", "output 1");
        TinyTfjs padV2 = new TinyTfjs().placeholder("x", 1, 2)
                .intConstant("p", new int[] {2, 2}, 0, 0, 1, 1)
                .constant("v", new int[] {}, new float[] {1f})
                .node("pad", "PadV2", "x", "p", "v");
        rejects(padV2::convert, "'pad'", "constant 0");
    }

    @Test
    void intOperandsMustBeConstants() {
        TinyTfjs m = new TinyTfjs().placeholder("x", 1, 2).placeholder("p", 2, 2).node("pad", "Pad", "x", "p");
        rejects(m::convert, "'pad'", "int32 constant");
    }

    @Test
    void unknownNonBatchDimensionsAreRejected() {
        TinyTfjs m = new TinyTfjs().placeholder("x", 1, -1, 3).node("r", "Relu", "x");
        rejects(m::convert, "'x'", "dimension 1");
    }

    @Test
    void malformedJsonAndOtherFormatsAreRejected() {
        rejects(() -> TfjsConverter.convert("{\"modelTopology\": [".getBytes(StandardCharsets.UTF_8),
                path -> new byte[0], "broken.json"), "broken.json", "JSON");
        TinyTfjs layers = new TinyTfjs();
        layers.root().put("format", "layers-model");
        rejects(layers::convert, "layers-model");
        TinyTfjs badBase64 = new TinyTfjs().placeholder("x", 1, 2, 2, 1)
                .node("pool", "MaxPool", attrs().ints("ksize", 1, 1, 1, 1).ints("strides", 1, 1, 1, 1)
                        .raw("padding", java.util.Map.of("s", "%%%")), "x");
        rejects(badBase64::convert, "'pool'", "'padding'", "base64");
    }

    @Test
    void shardPathsMustStayInTheModelsFolder(@TempDir Path dir) throws IOException {
        TinyTfjs m = new TinyTfjs().placeholder("x", 1, 2).constant("a", new int[] {2}, new float[2])
                .node("p", "Prelu", "x", "a");
        ((com.fasterxml.jackson.databind.node.ObjectNode) m.root().withArray("weightsManifest").get(0))
                .putArray("paths").add("../secret.bin");
        Path sub = Files.createDirectories(dir.resolve("model"));
        Files.write(dir.resolve("secret.bin"), m.shard());
        Path json = sub.resolve("model.json");
        Files.write(json, m.json());
        rejects(() -> TfjsConverter.convert(json), "'../secret.bin'", "leaves");
    }
}
