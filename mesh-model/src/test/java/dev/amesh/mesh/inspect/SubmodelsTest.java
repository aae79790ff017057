package dev.amesh.mesh.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.Attributes;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.DType;
import dev.amesh.api.tensor.Shape;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.TestModels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmodelsTest {
    /** Builds small graphs: tensors by name, nodes in order. */
    private static final class G {
        final List<TensorInfo> tensors = new ArrayList<>();
        final List<Node> nodes = new ArrayList<>();
        final Map<String, Integer> ids = new HashMap<>();

        int t(String name, int... dims) {
            int id = tensors.size();
            tensors.add(TensorInfo.activation(id, name, Shape.of(dims)));
            ids.put(name, id);
            return id;
        }

        int c(String name, int... dims) {
            int id = tensors.size();
            tensors.add(TensorInfo.constant(id, name, Shape.of(dims), new float[Shape.of(dims).numElements()],
                    DType.FLOAT32));
            ids.put(name, id);
            return id;
        }

        void n(OpType op, String[] in, String out, int... outDims) {
            int o = t(out, outDims);
            int[] inputs = new int[in.length];
            for (int i = 0; i < in.length; i++) {
                inputs[i] = ids.get(in[i]);
            }
            nodes.add(new Node(nodes.size(), op, inputs, new int[] {o}, Attributes.EMPTY));
        }

        Graph build(String... outputs) {
            int[] out = new int[outputs.length];
            for (int i = 0; i < outputs.length; i++) {
                out[i] = ids.get(outputs[i]);
            }
            return new Graph("toy", tensors, nodes, new int[] {0}, out, Map.of());
        }
    }

    /**
     * A miniature attention mesh: a trunk, a mesh head whose landmarks place one crop of an early feature
     * map, and an eye region whose trunk feeds an eye and an iris head; plus a dead op.
     */
    private static Graph toyAttention() {
        G g = new G();
        g.t("in", 1, 8, 8, 4);
        g.c("alpha", 4);
        g.n(OpType.PRELU, new String[] {"in", "alpha"}, "features", 1, 8, 8, 4);
        g.n(OpType.RELU, new String[] {"features"}, "deep", 1, 8, 8, 4);
        g.n(OpType.RESHAPE, new String[] {"deep"}, "output_mesh_identity", 1, 256);
        g.n(OpType.RESHAPE, new String[] {"deep"}, "conv_faceflag", 1, 256);
        g.n(OpType.RESHAPE, new String[] {"output_mesh_identity"}, "landmarks", 1, 64, 4);
        g.n(OpType.LANDMARKS_TO_TRANSFORM_MATRIX, new String[] {"landmarks"}, "matrix", 1, 4, 4);
        g.n(OpType.TRANSFORM_TENSOR_BILINEAR, new String[] {"features", "matrix"}, "crop", 1, 2, 2, 4);
        g.n(OpType.RELU, new String[] {"crop"}, "eye_trunk", 1, 2, 2, 4);
        g.n(OpType.RESHAPE, new String[] {"eye_trunk"}, "eye_pts", 1, 8, 2);
        g.n(OpType.RELU, new String[] {"eye_trunk"}, "iris_feat", 1, 2, 2, 4);
        g.n(OpType.RESHAPE, new String[] {"iris_feat"}, "iris_pts", 1, 8, 2);
        g.n(OpType.TRANSFORM_LANDMARKS, new String[] {"eye_pts", "matrix"}, "output_left_eye", 1, 8, 2);
        g.n(OpType.TRANSFORM_LANDMARKS, new String[] {"iris_pts", "matrix"}, "output_left_iris", 1, 8, 2);
        g.n(OpType.RELU, new String[] {"deep"}, "dead", 1, 8, 8, 4);
        return g.build("output_mesh_identity", "output_left_eye", "output_left_iris", "conv_faceflag");
    }

    @Test
    void toyGraphFollowsTheRule() {
        Graph g = toyAttention();
        Submodels s = Submodels.of(g);
        String[] expected = {
            "backbone",   // features: feeds the mesh and (through the crop) the eye
            "backbone",   // deep: feeds mesh head and face flag
            "mesh head",  // output_mesh_identity: its other use is geometry only
            "face flag",
            "left eye",   // landmarks -> matrix: geometry of the eye crop
            "left eye",   // matrix
            "left eye",   // the crop itself
            "left eye",   // trunk shared by eye and iris
            "left eye",
            "iris",
            "iris",
            "left eye",
            "iris",
            Submodels.UNUSED,
        };
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], s.of(i), "node " + g.nodes().get(i));
        }
        assertEquals(List.of("backbone", "mesh head", "face flag", "left eye", "iris", "unused"), s.names());
    }

    @Test
    void unknownOutputsGetTheirOwnHeads() {
        G g = new G();
        g.t("in", 1, 4);
        g.n(OpType.RELU, new String[] {"in"}, "trunk", 1, 4);
        g.n(OpType.RELU, new String[] {"trunk"}, "scores", 1, 4);
        g.n(OpType.RELU, new String[] {"trunk"}, "boxes", 1, 4);
        Submodels s = Submodels.of(g.build("boxes", "scores"));
        assertEquals("backbone", s.of(0));
        assertEquals("head scores", s.of(1));
        assertEquals("head boxes", s.of(2));
        assertEquals(List.of("backbone", "head boxes", "head scores"), s.names());
    }

    @Test
    void attentionModelOpsEachHaveOneSubmodel() {
        Graph g = TestModels.graph(ModelId.ATTENTION);
        Submodels s = Submodels.of(g);
        assertEquals(List.of("backbone", "mesh head", "face flag", "lips", "left eye", "right eye", "iris"), s.names());
        Map<String, Integer> count = new HashMap<>();
        for (Node n : g.nodes()) {
            String sub = s.of(n.index());
            assertTrue(s.names().contains(sub), sub);
            count.merge(sub, 1, Integer::sum);
        }
        assertEquals(g.nodes().size(), count.values().stream().mapToInt(Integer::intValue).sum());
        // Structure visible in the graph itself: each crop op and the matrix it reads are in the same region,
        // and the left and right eye regions are the same network twice.
        for (Node n : g.nodes()) {
            if (n.op() == OpType.TRANSFORM_TENSOR_BILINEAR) {
                int matrixProducer = g.producers()[n.input(1)];
                assertEquals(s.of(n.index()), s.of(matrixProducer), "crop " + n + " and its matrix");
                assertTrue(List.of("lips", "left eye", "right eye").contains(s.of(n.index())), s.of(n.index()));
            }
            if (g.tensor(n.output(0)).name().equals("output_mesh")) {
                assertEquals("mesh head", s.of(n.index()));
            }
        }
        assertEquals(count.get("left eye"), count.get("right eye"));
        System.out.println("ops per submodel: " + count);
    }
}
