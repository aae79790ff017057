package dev.amesh.mesh.inspect;

import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Runs a compiled model once and keeps copies of selected intermediate tensors, taken from the backend's
 * {@link dev.amesh.api.backend.OpObserver} hook as each op finishes.
 */
public final class LayerCapture {
    /** One captured op output: a private copy in the model's own shape (NHWC for feature maps). */
    public record Captured(int nodeIndex, String op, Tensor tensor) {
        public String name() {
            return tensor.name();
        }
    }

    private LayerCapture() {
    }

    /**
     * Compiles {@code patterns} (Java regular expressions matched against the whole tensor name) and checks
     * that each selects at least one op output of {@code graph}.
     *
     * @throws IllegalArgumentException naming a pattern that is not a valid regex or matches nothing
     */
    public static List<Pattern> patterns(Graph graph, List<String> patterns) {
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("no layer pattern given; use '.*' for every layer");
        }
        List<Pattern> compiled = new ArrayList<>();
        for (String p : patterns) {
            Pattern pattern;
            try {
                pattern = Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("layer pattern '" + p + "' is not a valid regular expression: "
                        + e.getDescription());
            }
            if (selectedNodes(graph, List.of(pattern)).isEmpty()) {
                throw new IllegalArgumentException("layer pattern '" + p + "' matches no op output of model '"
                        + graph.name() + "' (patterns match whole tensor names, e.g. 'p_re_lu_3' or"
                        + " 'transform_tensor_bilinear.*'; amesh inspect lists them)");
            }
            compiled.add(pattern);
        }
        return compiled;
    }

    /** Indices of the nodes with at least one output whose name matches one of {@code patterns}. */
    public static List<Integer> selectedNodes(Graph graph, List<Pattern> patterns) {
        List<Integer> nodes = new ArrayList<>();
        for (Node n : graph.nodes()) {
            for (int o : n.outputs()) {
                if (matches(graph.tensor(o).name(), patterns)) {
                    nodes.add(n.index());
                    break;
                }
            }
        }
        return nodes;
    }

    static boolean matches(String name, List<Pattern> patterns) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code model} on {@code inputs} and returns copies of every op output whose name matches one of
     * {@code patterns}, in execution order. Any observer already installed is removed.
     */
    public static List<Captured> run(CompiledModel model, List<Pattern> patterns, Tensor... inputs) {
        Graph graph = model.graph();
        boolean[] wanted = new boolean[graph.tensors().size()];
        for (TensorInfo t : graph.tensors()) {
            wanted[t.id()] = !t.isConstant() && matches(t.name(), patterns);
        }
        List<Captured> captured = new ArrayList<>();
        model.setObserver((node, outputs, nanos) -> {
            for (int i = 0; i < outputs.length; i++) {
                if (wanted[node.output(i)]) {
                    // The views die with the next op; keep a copy under the graph's tensor name.
                    Tensor copy = outputs[i].copy().withName(graph.tensor(node.output(i)).name());
                    captured.add(new Captured(node.index(), node.op().name(), copy));
                }
            }
        });
        try {
            model.run(inputs);
        } finally {
            model.setObserver(null);
        }
        return Collections.unmodifiableList(captured);
    }
}
