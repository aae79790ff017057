package dev.amesh.mesh.inspect;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.GraphStats;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row per op of a graph (shapes, settings, cost and submodel) with totals per submodel and overall:
 * what {@code amesh inspect} prints.
 *
 * <p>Parameters and weight bytes count the constants a node reads; a constant read by several nodes is
 * counted at the first of them only, so the totals equal the graph's own constant totals.
 */
public final class OpTable {
    /** One op. {@code name} is its first output tensor's name; {@code settings} a short summary of its attributes. */
    public record Row(int index, String name, String op, List<Shape> inputShapes, List<Shape> outputShapes,
            String settings, Map<String, Object> attributes, long parameters, long macs, long weightBytes,
            String submodel) {
    }

    /** Sums over a set of rows. */
    public record Totals(String submodel, int ops, long parameters, long macs, long weightBytes) {
        /** This total's share of {@code all}'s MACs, 0..1 (0 when {@code all} has none). */
        public double macShare(Totals all) {
            return all.macs == 0 ? 0 : (double) macs / all.macs;
        }
    }

    private final String model;
    private final List<Row> rows;
    private final List<Totals> perSubmodel;
    private final Totals total;

    private OpTable(String model, List<Row> rows, List<Totals> perSubmodel, Totals total) {
        this.model = model;
        this.rows = rows;
        this.perSubmodel = perSubmodel;
        this.total = total;
    }

    public static OpTable of(Graph graph) {
        Submodels submodels = Submodels.of(graph);
        boolean[] counted = new boolean[graph.tensors().size()];
        List<Row> rows = new ArrayList<>();
        for (Node n : graph.nodes()) {
            List<Shape> in = new ArrayList<>();
            long params = 0;
            long bytes = 0;
            for (int id : n.inputs()) {
                TensorInfo t = graph.tensor(id);
                if (!t.isConstant()) {
                    in.add(t.shape());
                } else if (!counted[id]) {
                    counted[id] = true;
                    params += t.shape().numElements();
                    bytes += (long) t.shape().numElements() * t.storedType().byteSize();
                }
            }
            List<Shape> out = new ArrayList<>();
            for (int id : n.outputs()) {
                out.add(graph.tensor(id).shape());
            }
            String name = n.outputCount() > 0 ? graph.tensor(n.output(0)).name() : "#" + n.index();
            rows.add(new Row(n.index(), name, n.op().name(), List.copyOf(in), List.copyOf(out),
                    OpSettings.summary(graph, n), n.attributes().asMap(), params, GraphStats.macs(graph, n), bytes,
                    submodels.of(n.index())));
        }
        List<Totals> per = new ArrayList<>();
        for (String s : submodels.names()) {
            per.add(sum(s, rows.stream().filter(r -> r.submodel().equals(s)).toList()));
        }
        return new OpTable(graph.name(), Collections.unmodifiableList(rows), List.copyOf(per), sum("total", rows));
    }

    private static Totals sum(String label, List<Row> rows) {
        long params = 0;
        long macs = 0;
        long bytes = 0;
        for (Row r : rows) {
            params += r.parameters();
            macs += r.macs();
            bytes += r.weightBytes();
        }
        return new Totals(label, rows.size(), params, macs, bytes);
    }

    public String model() {
        return model;
    }

    public List<Row> rows() {
        return rows;
    }

    /** Totals per submodel, in {@link Submodels#names()} order. */
    public List<Totals> perSubmodel() {
        return perSubmodel;
    }

    /** The totals of submodel {@code name}. */
    public Totals totalsOf(String name) {
        for (Totals t : perSubmodel) {
            if (t.submodel().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no submodel '" + name + "'; have " + submodelNames());
    }

    public List<String> submodelNames() {
        return perSubmodel.stream().map(Totals::submodel).toList();
    }

    public Totals total() {
        return total;
    }

    /** The table as plain maps and lists, for JSON. */
    public Map<String, Object> toData() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        List<Map<String, Object>> ops = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("index", r.index());
            o.put("name", r.name());
            o.put("op", r.op());
            o.put("submodel", r.submodel());
            o.put("inputs", r.inputShapes().stream().map(Shape::dims).toList());
            o.put("outputs", r.outputShapes().stream().map(Shape::dims).toList());
            o.put("settings", r.settings());
            o.put("attributes", attributesData(r.attributes()));
            o.put("parameters", r.parameters());
            o.put("macs", r.macs());
            o.put("weight_bytes", r.weightBytes());
            ops.add(o);
        }
        m.put("ops", ops);
        List<Map<String, Object>> subs = new ArrayList<>();
        for (Totals t : perSubmodel) {
            subs.add(totalsData(t));
        }
        m.put("submodels", subs);
        m.put("total", totalsData(total));
        return m;
    }

    private Map<String, Object> totalsData(Totals t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("submodel", t.submodel());
        m.put("ops", t.ops());
        m.put("parameters", t.parameters());
        m.put("macs", t.macs());
        m.put("mac_share", t.macShare(total));
        m.put("weight_bytes", t.weightBytes());
        return m;
    }

    /** Arrays in Attributes are int[]/float[]; lists serialise the same everywhere. */
    private static Map<String, Object> attributesData(Map<String, Object> attrs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : attrs.entrySet()) {
            Object v = e.getValue();
            if (v instanceof int[] a) {
                List<Integer> l = new ArrayList<>();
                for (int x : a) {
                    l.add(x);
                }
                v = l;
            } else if (v instanceof float[] a) {
                List<Float> l = new ArrayList<>();
                for (float x : a) {
                    l.add(x);
                }
                v = l;
            }
            m.put(e.getKey(), v);
        }
        return m;
    }
}
