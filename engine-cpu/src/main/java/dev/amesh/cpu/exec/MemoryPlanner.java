package dev.amesh.cpu.exec;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.graph.TensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Assigns arena offsets by liveness, first fit in execution order.
 *
 * <p>Step -1 places the model inputs; step k places node k's outputs and then releases every window
 * whose last reader is node k. Placing before releasing keeps a node's outputs apart from its inputs, so
 * no kernel has to cope with in-place operation. Model outputs are never released. A RESHAPE of an
 * activation reuses its input's window; the shared window lives until the last reader of either.
 *
 * <p>With a {@link ParallelTail}, whose nodes may run in any order the data flow allows and two at once,
 * every window written in the tail is placed when the tail starts, and every window read in the tail lives
 * to the end: no two of them share memory.
 */
public final class MemoryPlanner {
    private MemoryPlanner() {
    }

    public static MemoryPlan plan(Graph graph) {
        return plan(graph, -1);
    }

    /** As {@link #plan(Graph)}, for running nodes from {@code tailStart} on as a {@link ParallelTail} (-1: none). */
    public static MemoryPlan plan(Graph graph, int tailStart) {
        List<TensorInfo> tensors = graph.tensors();
        int n = tensors.size();
        int[] storage = new int[n];
        for (int i = 0; i < n; i++) {
            storage[i] = i;
        }
        for (Node node : graph.nodes()) {
            if (node.op() == OpType.RESHAPE && node.inputCount() == 1 && node.outputCount() == 1) {
                TensorInfo in = tensors.get(node.input(0));
                TensorInfo out = tensors.get(node.output(0));
                if (!in.isConstant() && in.shape().numElements() == out.shape().numElements()) {
                    storage[out.id()] = storage[in.id()];
                }
            }
        }

        int steps = graph.nodes().size();
        int[] lastUse = graph.lastUses();
        int[] producer = graph.producers();
        // Per storage root: the step that places it, the last step that needs it, and its size.
        int[] start = new int[n];
        int[] end = new int[n];
        int[] size = new int[n];
        boolean[] planned = new boolean[n];
        Arrays.fill(start, Integer.MAX_VALUE);
        Arrays.fill(end, Integer.MIN_VALUE);
        for (TensorInfo t : tensors) {
            if (t.isConstant()) {
                continue;
            }
            int id = t.id();
            int root = storage[id];
            int def = producer[id];
            if (def < 0 && !isModelInput(graph, id)) {
                continue; // neither computed nor fed: never touched
            }
            planned[root] = true;
            start[root] = Math.min(start[root], def);
            end[root] = Math.max(end[root], Math.max(lastUse[id], def));
            size[root] = Math.max(size[root], alignUp(t.shape().numElements()));
        }

        if (tailStart >= 0) {
            for (int root = 0; root < n; root++) {
                if (planned[root] && end[root] >= tailStart) {
                    start[root] = Math.min(start[root], tailStart);
                    end[root] = Math.max(end[root], steps - 1);
                }
            }
        }

        int[] offsets = new int[n];
        Arrays.fill(offsets, -1);
        List<int[]> live = new ArrayList<>(); // {offset, size, root}, sorted by offset
        int arena = 0;
        for (int step = -1; step < steps; step++) {
            for (int root = 0; root < n; root++) {
                if (planned[root] && start[root] == step) {
                    int off = firstFit(live, size[root]);
                    insertSorted(live, new int[] {off, size[root], root});
                    offsets[root] = off;
                    arena = Math.max(arena, off + size[root]);
                }
            }
            final int s = step;
            live.removeIf(block -> end[block[2]] == s);
        }
        for (int id = 0; id < n; id++) {
            if (storage[id] != id) {
                offsets[id] = offsets[storage[id]];
            }
        }
        return new MemoryPlan(offsets, storage, arena);
    }

    private static boolean isModelInput(Graph graph, int id) {
        for (int in : graph.inputs()) {
            if (in == id) {
                return true;
            }
        }
        return false;
    }

    private static int alignUp(int floats) {
        int a = MemoryPlan.ALIGN_FLOATS;
        return Math.max(a, (floats + a - 1) / a * a);
    }

    /** Lowest offset where {@code size} floats fit between the live blocks. */
    private static int firstFit(List<int[]> live, int size) {
        int candidate = 0;
        for (int[] block : live) {
            if (block[0] - candidate >= size) {
                return candidate;
            }
            candidate = Math.max(candidate, block[0] + block[1]);
        }
        return candidate;
    }

    private static void insertSorted(List<int[]> live, int[] block) {
        int i = 0;
        while (i < live.size() && live.get(i)[0] < block[0]) {
            i++;
        }
        live.add(i, block);
    }
}
