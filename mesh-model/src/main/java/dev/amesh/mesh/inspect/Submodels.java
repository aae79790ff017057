package dev.amesh.mesh.inspect;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which submodel (backbone, mesh head, lips, left eye, ...) each op of a graph belongs to, derived from the
 * graph's data flow alone.
 *
 * <p>The rule, for every node:
 * <ol>
 *   <li><b>Feature reach.</b> F(n) is the set of model outputs that n's results flow into, following every
 *       edge except the matrix operand (input 1) of TRANSFORM_TENSOR_BILINEAR and TRANSFORM_LANDMARKS: a
 *       transform matrix says <i>where</i> a region head looks, it is not a feature the head computes on.
 *       Without this cut the mesh head (whose landmarks place the crops) would reach every output.</li>
 *   <li><b>Geometry nodes.</b> A node whose results only feed matrix operands (F empty: the reshapes of the
 *       mesh, LANDMARKS_TO_TRANSFORM_MATRIX, the matrix scaling) is judged by its full reach A(n) over all
 *       edges instead, so a region's crop placement belongs to that region.</li>
 *   <li><b>One output.</b> A reach of exactly one output puts the node in that output's head.</li>
 *   <li><b>One crop.</b> A reach of several outputs that are all fed by the same single crop (a
 *       TRANSFORM_TENSOR_BILINEAR node) puts the node in that crop's region; the region is named after the
 *       first of the crop's heads in display order, so the trunk an iris head shares with its eye counts as
 *       the eye.</li>
 *   <li><b>Otherwise backbone:</b> the node feeds several heads that do not share one crop.</li>
 *   <li>A node that reaches no output at all is {@link #UNUSED}.</li>
 * </ol>
 * Heads are named after their output tensors: the Attention Mesh names map to {@code mesh head},
 * {@code face flag}, {@code lips}, {@code left eye}, {@code right eye} and {@code iris} (both iris heads);
 * any other output {@code o} gives a head {@code "head o"}.
 */
public final class Submodels {
    public static final String BACKBONE = "backbone";
    public static final String UNUSED = "unused";

    /** Display order and names of the Attention Mesh heads, by output tensor name. */
    private static final Map<String, String> KNOWN_HEADS = knownHeads();

    private final String[] submodelOfNode;
    private final List<String> names;

    private Submodels(String[] submodelOfNode, List<String> names) {
        this.submodelOfNode = submodelOfNode;
        this.names = names;
    }

    private static Map<String, String> knownHeads() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("output_mesh_identity", "mesh head");
        m.put("output_mesh", "mesh head");
        m.put("conv_faceflag", "face flag");
        m.put("output_lips", "lips");
        m.put("output_left_eye", "left eye");
        m.put("output_right_eye", "right eye");
        m.put("output_left_iris", "iris");
        m.put("output_right_iris", "iris");
        return Collections.unmodifiableMap(m);
    }

    /** The head a model output belongs to: a known Attention Mesh name or {@code "head <output name>"}. */
    public static String headName(String outputName) {
        String known = KNOWN_HEADS.get(outputName);
        return known != null ? known : "head " + outputName;
    }

    /** Attributes every node of {@code graph}. */
    public static Submodels of(Graph graph) {
        int[] outputs = graph.outputs();
        BitSet[] feature = reach(graph, true);
        BitSet[] all = reach(graph, false);
        List<String> headOrder = headOrder(graph);
        String[] outputHead = new String[outputs.length];
        for (int k = 0; k < outputs.length; k++) {
            outputHead[k] = headName(graph.tensor(outputs[k]).name());
        }
        // For each output, the crops that feed it (through feature edges).
        List<List<Integer>> cropsOfOutput = new ArrayList<>();
        for (int k = 0; k < outputs.length; k++) {
            cropsOfOutput.add(new ArrayList<>());
        }
        for (Node n : graph.nodes()) {
            if (n.op() == OpType.TRANSFORM_TENSOR_BILINEAR) {
                BitSet r = feature[n.index()];
                for (int k = r.nextSetBit(0); k >= 0; k = r.nextSetBit(k + 1)) {
                    cropsOfOutput.get(k).add(n.index());
                }
            }
        }
        String[] result = new String[graph.nodes().size()];
        for (Node n : graph.nodes()) {
            BitSet reach = feature[n.index()].isEmpty() ? all[n.index()] : feature[n.index()];
            result[n.index()] = classify(reach, outputHead, cropsOfOutput, feature, headOrder);
        }
        return new Submodels(result, orderedNames(result, headOrder));
    }

    private static String classify(BitSet reach, String[] outputHead, List<List<Integer>> cropsOfOutput,
            BitSet[] feature, List<String> headOrder) {
        if (reach.isEmpty()) {
            return UNUSED;
        }
        if (reach.cardinality() == 1) {
            return outputHead[reach.nextSetBit(0)];
        }
        Integer crop = null;
        for (int k = reach.nextSetBit(0); k >= 0; k = reach.nextSetBit(k + 1)) {
            List<Integer> crops = cropsOfOutput.get(k);
            if (crops.size() != 1 || (crop != null && !crop.equals(crops.get(0)))) {
                return BACKBONE;
            }
            crop = crops.get(0);
        }
        return firstHead(feature[crop], outputHead, headOrder);
    }

    /** Of the heads a crop feeds, the one first in display order. */
    private static String firstHead(BitSet outputsOfCrop, String[] outputHead, List<String> headOrder) {
        String best = null;
        for (int k = outputsOfCrop.nextSetBit(0); k >= 0; k = outputsOfCrop.nextSetBit(k + 1)) {
            String h = outputHead[k];
            if (best == null || headOrder.indexOf(h) < headOrder.indexOf(best)) {
                best = h;
            }
        }
        return best;
    }

    /** Known heads in their fixed order, then the other heads in model output order. */
    private static List<String> headOrder(Graph graph) {
        List<String> order = new ArrayList<>();
        for (String h : KNOWN_HEADS.values()) {
            if (!order.contains(h)) {
                order.add(h);
            }
        }
        for (TensorInfo t : graph.outputTensors()) {
            String h = headName(t.name());
            if (!order.contains(h)) {
                order.add(h);
            }
        }
        return order;
    }

    private static List<String> orderedNames(String[] result, List<String> headOrder) {
        List<String> order = new ArrayList<>();
        order.add(BACKBONE);
        order.addAll(headOrder);
        order.add(UNUSED);
        List<String> present = new ArrayList<>();
        for (String name : order) {
            for (String r : result) {
                if (r.equals(name)) {
                    present.add(name);
                    break;
                }
            }
        }
        return Collections.unmodifiableList(present);
    }

    /**
     * For each node, the set of output positions (indices into {@link Graph#outputs()}) its results flow
     * into. Nodes are in execution order, so one backward pass suffices.
     */
    static BitSet[] reach(Graph graph, boolean featureEdgesOnly) {
        int nodeCount = graph.nodes().size();
        BitSet[] reachOfTensor = new BitSet[graph.tensors().size()];
        for (int i = 0; i < reachOfTensor.length; i++) {
            reachOfTensor[i] = new BitSet();
        }
        int[] outputs = graph.outputs();
        for (int k = 0; k < outputs.length; k++) {
            reachOfTensor[outputs[k]].set(k);
        }
        BitSet[] reachOfNode = new BitSet[nodeCount];
        for (int idx = nodeCount - 1; idx >= 0; idx--) {
            Node n = graph.nodes().get(idx);
            BitSet r = new BitSet();
            for (int o : n.outputs()) {
                r.or(reachOfTensor[o]);
            }
            reachOfNode[idx] = r;
            for (int i = 0; i < n.inputCount(); i++) {
                if (!featureEdgesOnly || !isMatrixOperand(n, i)) {
                    reachOfTensor[n.input(i)].or(r);
                }
            }
        }
        return reachOfNode;
    }

    /** Input 1 of the two transform ops is the 4x4 matrix that positions the region. */
    static boolean isMatrixOperand(Node n, int inputIndex) {
        return inputIndex == 1
                && (n.op() == OpType.TRANSFORM_TENSOR_BILINEAR || n.op() == OpType.TRANSFORM_LANDMARKS);
    }

    /** The submodel of node {@code nodeIndex}. */
    public String of(int nodeIndex) {
        return submodelOfNode[nodeIndex];
    }

    /** The submodels that have at least one node, in display order (backbone first). */
    public List<String> names() {
        return names;
    }

    /** Number of nodes attributed. */
    public int nodeCount() {
        return submodelOfNode.length;
    }
}
