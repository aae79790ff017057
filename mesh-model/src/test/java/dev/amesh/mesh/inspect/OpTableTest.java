package dev.amesh.mesh.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.GraphStats;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Shape;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.TestModels;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class OpTableTest {
    /**
     * MACs of the convolutions computed from the input shape, filter shape, stride and padding alone (the
     * output size is derived here, not read from the graph): TFLite's SAME gives ceil(in/stride), VALID
     * ceil((in-k+1)/stride).
     */
    private static long independentMacs(Graph g, Node n) {
        if (n.op() != OpType.CONV_2D && n.op() != OpType.DEPTHWISE_CONV_2D) {
            return 0;
        }
        Shape in = g.tensor(n.input(0)).shape();
        Shape filter = g.tensor(n.input(1)).shape();
        int kh = filter.dim(1);
        int kw = filter.dim(2);
        int sh = n.attributes().getInt("stride_h");
        int sw = n.attributes().getInt("stride_w");
        boolean same = n.attributes().getString("padding").equals("SAME");
        long oh = same ? ceilDiv(in.dim(1), sh) : ceilDiv(in.dim(1) - kh + 1, sh);
        long ow = same ? ceilDiv(in.dim(2), sw) : ceilDiv(in.dim(2) - kw + 1, sw);
        long perPixel = n.op() == OpType.CONV_2D
                ? (long) filter.dim(0) * kh * kw * in.dim(3)            // O * KH * KW * I
                : (long) in.dim(3) * n.attributes().getInt("depth_multiplier", 1) * kh * kw;
        return in.dim(0) * oh * ow * perPixel;
    }

    private static long ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Test
    void attentionTotalsMatchAnIndependentCount() {
        Graph g = TestModels.graph(ModelId.ATTENTION);
        OpTable table = OpTable.of(g);
        long macs = 0;
        for (Node n : g.nodes()) {
            long m = independentMacs(g, n);
            assertEquals(m, table.rows().get(n.index()).macs(), "MACs of " + n);
            macs += m;
        }
        assertEquals(macs, table.total().macs());
        long summed = table.perSubmodel().stream().mapToLong(OpTable.Totals::macs).sum();
        assertEquals(macs, summed, "submodel MACs add up to the total");
        assertEquals(g.nodes().size(), table.perSubmodel().stream().mapToInt(OpTable.Totals::ops).sum());

        long params = 0;
        long bytes = 0;
        for (TensorInfo t : g.tensors()) {
            if (t.isConstant()) {
                params += t.shape().numElements();
                bytes += 2L * t.shape().numElements(); // MediaPipe stores the weights as float16
                assertEquals(dev.amesh.api.tensor.DType.FLOAT16, t.storedType(), t.toString());
            }
        }
        assertEquals(params, table.total().parameters());
        assertEquals(bytes, table.total().weightBytes());
        assertEquals(GraphStats.totalMacs(g), table.total().macs());
    }

    @Test
    void regionHeadsAreAPlausibleShareOfTheWork() {
        OpTable table = OpTable.of(TestModels.graph(ModelId.ATTENTION));
        long regions = 0;
        for (String s : new String[] {"lips", "left eye", "right eye", "iris"}) {
            regions += table.totalsOf(s).macs();
        }
        double share = (double) regions / table.total().macs();
        System.out.printf(Locale.ROOT, "lips + eyes + iris: %,d of %,d MACs = %.1f%%; backbone %.1f%%%n", regions,
                table.total().macs(), 100 * share, 100 * table.totalsOf("backbone").macShare(table.total()));
        assertTrue(share > 0.05 && share < 0.40, "region share " + share);
        assertEquals(table.totalsOf("left eye").macs(), table.totalsOf("right eye").macs());
        assertTrue(table.totalsOf("backbone").macs() > regions, "the backbone does most of the work");
    }

    @Test
    void rowsDescribeTheOps() {
        Graph g = TestModels.graph(ModelId.ATTENTION);
        OpTable table = OpTable.of(g);
        OpTable.Row first = table.rows().get(0);
        assertEquals("CONV_2D", first.op());
        assertEquals(g.tensor(g.nodes().get(0).output(0)).name(), first.name());
        assertEquals(g.inputTensors().get(0).shape(), first.inputShapes().get(0));
        assertEquals("3x3/2 SAME", first.settings());
        for (OpTable.Row r : table.rows()) {
            if (r.op().equals("PAD")) {
                assertTrue(r.settings().startsWith("pad c 0,"), r.settings());
            }
            if (r.op().equals("TRANSFORM_TENSOR_BILINEAR")) {
                assertEquals("-> 16x16", r.settings());
            }
        }
    }
}
