package dev.amesh.cpu.exec;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.cpu.Kernel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The closing part of a graph that splits into independent branches (the attention model's lips, eye
 * and iris heads after the three crops: about a quarter of the work, in ops mostly too small to split
 * across threads one at a time), run as a dependency graph: every thread takes the next ready node, runs
 * it whole, and releases the nodes that were waiting for it. Each node still computes the same bits as in
 * order, so results do not depend on the thread count.
 *
 * <p>The tail starts at the earliest node from which the remaining nodes fall into at least two groups
 * that read nothing from one another, no group holding more than {@link #MAX_SHARE} of the estimated work.
 * Its tensors get memory of their own ({@link MemoryPlanner#plan(Graph, int)}), since any two of its nodes
 * may run at once.
 */
public final class ParallelTail implements Runnable {
    /** The largest share of the tail's work one group may hold for the split to be worth it. */
    static final double MAX_SHARE = 0.75;
    /** The smallest share of the whole graph's work the tail must hold. */
    static final double MIN_SHARE = 0.05;

    private final int start;
    private final int count;
    /** Per tail node (index minus {@link #start}): how many tail nodes it waits for, and who waits for it. */
    private final int[] deps;
    private final int[][] consumers;
    /** Tail nodes that wait for none, longest remaining path first. */
    private final int[] roots;
    private final AtomicIntegerArray pending;
    private final AtomicIntegerArray queue;
    private final AtomicInteger head = new AtomicInteger();
    private final AtomicInteger tail = new AtomicInteger();
    private volatile Throwable failure;
    private Kernel[] kernels;

    private ParallelTail(int start, int[] deps, int[][] consumers, int[] roots) {
        this.start = start;
        this.count = deps.length;
        this.deps = deps;
        this.consumers = consumers;
        this.roots = roots;
        this.pending = new AtomicIntegerArray(count);
        this.queue = new AtomicIntegerArray(count);
    }

    /** The parallel tail of {@code graph}, or null when it has none worth running that way. */
    public static ParallelTail find(Graph graph) {
        List<Node> list = graph.nodes();
        int n = list.size();
        long[] cost = new long[n];
        long total = 0;
        for (int k = 0; k < n; k++) {
            cost[k] = Math.max(1, cost(graph, list.get(k)));
            total += cost[k];
        }
        int[] producer = graph.producers();
        long[] suffixCost = new long[n + 1];
        for (int k = n - 1; k >= 0; k--) {
            suffixCost[k] = suffixCost[k + 1] + cost[k];
        }
        for (int s = 1; s < n - 1 && suffixCost[s] >= MIN_SHARE * total; s++) {
            int[] root = groups(list, producer, s);
            long[] groupCost = new long[n];
            int groupCount = 0;
            long largest = 0;
            for (int k = s; k < n; k++) {
                int r = find(root, k);
                if (r == k) { // a group's root is its first node
                    groupCount++;
                }
                groupCost[r] += cost[k];
                largest = Math.max(largest, groupCost[r]);
            }
            if (groupCount >= 2 && largest <= MAX_SHARE * suffixCost[s]) {
                return of(list, producer, cost, s);
            }
        }
        return null;
    }

    private static ParallelTail of(List<Node> list, int[] producer, long[] cost, int s) {
        int count = list.size() - s;
        int[] deps = new int[count];
        List<List<Integer>> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(new ArrayList<>());
        }
        for (int i = 0; i < count; i++) {
            Node node = list.get(s + i);
            for (int j = 0; j < node.inputCount(); j++) {
                int p = producer[node.input(j)] - s;
                if (p >= 0 && !users.get(p).contains(i)) {
                    users.get(p).add(i);
                    deps[i]++;
                }
            }
        }
        int[][] consumers = new int[count][];
        for (int i = 0; i < count; i++) {
            consumers[i] = users.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        long[] path = new long[count]; // work from a node to the end of its longest chain
        for (int i = count - 1; i >= 0; i--) {
            long longest = 0;
            for (int c : consumers[i]) {
                longest = Math.max(longest, path[c]);
            }
            path[i] = cost[s + i] + longest;
        }
        List<Integer> roots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (deps[i] == 0) {
                roots.add(i);
            }
        }
        roots.sort((a, b) -> Long.compare(path[b], path[a]));
        return new ParallelTail(s, deps, consumers, roots.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Union-find over nodes {@code s..}: two nodes join when one reads a tensor the other writes. */
    private static int[] groups(List<Node> list, int[] producer, int s) {
        int n = list.size();
        int[] root = new int[n];
        for (int k = 0; k < n; k++) {
            root[k] = k;
        }
        for (int k = s; k < n; k++) {
            Node node = list.get(k);
            for (int i = 0; i < node.inputCount(); i++) {
                int p = producer[node.input(i)];
                if (p >= s) {
                    int a = find(root, p);
                    int b = find(root, k);
                    root[Math.max(a, b)] = Math.min(a, b);
                }
            }
        }
        return root;
    }

    private static int find(int[] root, int k) {
        while (root[k] != k) {
            root[k] = root[root[k]];
            k = root[k];
        }
        return k;
    }

    /**
     * Work estimate of one node: each constant input's size times the output positions (the multiply-add
     * count of a convolution, depthwise or 1x1, fused or not), plus the output size.
     */
    static long cost(Graph graph, Node node) {
        long out = 0;
        long positions = 0;
        for (int i = 0; i < node.outputCount(); i++) {
            TensorInfo t = graph.tensor(node.output(i));
            long elems = t.shape().numElements();
            int rank = t.shape().rank();
            out += elems;
            positions += elems / (rank == 0 ? 1 : Math.max(1, t.shape().dim(rank - 1)));
        }
        long weights = 0;
        for (int i = 0; i < node.inputCount(); i++) {
            TensorInfo t = graph.tensor(node.input(i));
            if (t.isConstant()) {
                weights += t.shape().numElements();
            }
        }
        return out + positions * weights;
    }

    /** The first node of the tail. */
    public int start() {
        return start;
    }

    /** Nodes in the tail. */
    public int size() {
        return count;
    }

    /** Sets the kernels, indexed by node, that {@link #run(TailRunner)} executes. */
    void bind(Kernel[] kernels) {
        this.kernels = kernels;
    }

    /** Runs every tail node on {@code runner}'s threads; rethrows the first failure. */
    void run(TailRunner runner) {
        for (int i = 0; i < count; i++) {
            pending.set(i, deps[i]);
            queue.set(i, -1);
        }
        for (int i = 0; i < roots.length; i++) {
            queue.set(i, roots[i]);
        }
        failure = null;
        tail.set(roots.length);
        head.set(0); // publishes the reset queue
        runner.runOnEveryThread(this);
        Throwable f = failure;
        if (f != null) {
            failure = null;
            if (f instanceof RuntimeException re) {
                throw re;
            }
            throw (Error) f;
        }
    }

    /** One thread's loop: claim the next queue slot, wait until a ready node fills it, run it, release. */
    @Override
    public void run() {
        int slot;
        while ((slot = head.getAndIncrement()) < count) {
            int i;
            while ((i = queue.get(slot)) < 0) {
                if (failure != null) {
                    return;
                }
                Thread.onSpinWait();
            }
            try {
                kernels[start + i].execute();
            } catch (RuntimeException | Error e) {
                failure = e;
                return;
            }
            int[] next = consumers[i];
            for (int j = 0; j < next.length; j++) {
                if (pending.decrementAndGet(next[j]) == 0) {
                    queue.set(tail.getAndIncrement(), next[j]);
                }
            }
        }
    }
}
