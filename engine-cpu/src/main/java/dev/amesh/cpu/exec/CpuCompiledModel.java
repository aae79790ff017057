package dev.amesh.cpu.exec;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.backend.OpObserver;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.Kernel;
import dev.amesh.cpu.KernelContext;
import dev.amesh.cpu.KernelRegistry;
import dev.amesh.cpu.Numerics;
import dev.amesh.cpu.Operand;
import java.util.List;
import java.util.function.Supplier;

/**
 * The CPU executor: one float arena laid out by {@link MemoryPlanner}, one prepared {@link Kernel} per
 * node, run in graph order; with a {@link TailRunner}, the graph's {@link ParallelTail} runs on all its
 * threads at once (while an observer is installed, every node runs in order on the caller). Constants
 * stay in their own arrays. After compilation a run allocates nothing: input copies go into the arena,
 * and output and observer views are built once.
 *
 * <p>{@link #run} returns the same array of views every time; it and the views are valid until the next
 * run. Not thread-safe (compile one instance per thread).
 */
public final class CpuCompiledModel implements CompiledModel {
    private final Graph graph;
    private final MemoryPlan plan;
    private final float[] arena;
    private final Node[] nodes;
    private final Kernel[] kernels;
    private final Tensor[][] nodeOutputViews;
    private final TensorInfo[] inputInfos;
    private final int[] inputOffsets;
    private final Tensor[] outputViews;
    private OpObserver observer;
    private boolean closed;
    /** Closed with the model: a backend's worker threads. */
    private AutoCloseable resources;
    /** Compiles the model that runs instead of this one while an observer is installed; null if none. */
    private Supplier<CpuCompiledModel> observedVariant;
    private CpuCompiledModel observedModel;
    /** Set with the observer: it reads outputs, so {@link #observedModel} (if any) runs instead. */
    private boolean observerNeedsOutputs;
    /** With {@link #runner}: the closing nodes that run on all threads at once; null for none. */
    private ParallelTail tail;
    private TailRunner runner;
    /**
     * With two or more threads: copies the inputs into the arena in chunks on all threads. Alone on the
     * calling thread, the 192x192x3 input's copy took about 30 µs per run (its source not in cache), and
     * the other thread then read half of it from the caller's core.
     */
    private TailRunner copyRunner;
    /** The inputs of the run in progress, for {@link #copyInputs}. */
    private Tensor[] copying;
    private final TailRunner.ChunkTask copyInputs = this::copyInputChunk;
    /** Input floats from which {@link #copyRunner} splits the copy (256 KB). */
    private static final int PARALLEL_COPY_FLOATS = 1 << 16;

    /**
     * Floats between the arena array's first element and the plan's offset 0, chosen so that the plan's
     * offsets (multiples of {@link MemoryPlan#ALIGN_FLOATS}) fall on 64-byte boundaries: G1 and ZGC place an
     * array of half a heap region or more (every model arena here) at the start of a region, and element 0
     * lies the array header (16 bytes with compressed class pointers) further in. A 512-bit load or store
     * then never straddles two cache lines; measured 5-6 % faster for the attention model on Zen 4. Where
     * the assumption does not hold, only speed changes.
     */
    public static final int ARENA_SHIFT = arenaShift();

    private static int arenaShift() {
        int header = 16;
        try {
            header = Class.forName("sun.misc.Unsafe").getField("ARRAY_FLOAT_BASE_OFFSET").getInt(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // keep the common header size
        }
        return Math.floorMod(-header, 64) / Float.BYTES;
    }

    private CpuCompiledModel(Graph graph, MemoryPlan plan, float[] arena, Node[] nodes, Kernel[] kernels,
            Tensor[][] nodeOutputViews, TensorInfo[] inputInfos, int[] inputOffsets, Tensor[] outputViews) {
        this.graph = graph;
        this.plan = plan;
        this.arena = arena;
        this.nodes = nodes;
        this.kernels = kernels;
        this.nodeOutputViews = nodeOutputViews;
        this.inputInfos = inputInfos;
        this.inputOffsets = inputOffsets;
        this.outputViews = outputViews;
    }

    /**
     * Plans memory and prepares every node with {@code registry}; {@code options} reach the kernel factories.
     *
     * @throws GraphException naming the node, op and tensor when an op is unsupported or misfits
     */
    public static CpuCompiledModel compile(Graph graph, KernelRegistry registry, BackendOptions options) {
        return compile(graph, registry, options, (ParallelTail) null);
    }

    private static CpuCompiledModel compile(Graph graph, KernelRegistry registry, BackendOptions options,
            ParallelTail tail) {
        Numerics.check();
        MemoryPlan plan = MemoryPlanner.plan(graph, tail == null ? -1 : tail.start());
        int shift = ARENA_SHIFT;
        float[] arena = new float[plan.arenaFloats() + shift];
        List<TensorInfo> tensors = graph.tensors();
        Operand[] operands = new Operand[tensors.size()];
        for (TensorInfo t : tensors) {
            operands[t.id()] = t.isConstant()
                    ? new Operand(t, t.constantData(), 0)
                    : plan.offset(t.id()) >= 0 ? new Operand(t, arena, plan.offset(t.id()) + shift) : null;
        }

        List<Node> nodeList = graph.nodes();
        Node[] nodes = nodeList.toArray(new Node[0]);
        Kernel[] kernels = new Kernel[nodes.length];
        Tensor[][] nodeOutputViews = new Tensor[nodes.length][];
        for (Node node : nodes) {
            Operand[] ins = new Operand[node.inputCount()];
            for (int i = 0; i < ins.length; i++) {
                ins[i] = operands[node.input(i)];
            }
            Operand[] outs = new Operand[node.outputCount()];
            Tensor[] views = new Tensor[outs.length];
            for (int i = 0; i < outs.length; i++) {
                outs[i] = operands[node.output(i)];
                views[i] = view(outs[i]);
            }
            KernelContext ctx = new KernelContext(graph, node, ins, outs, options);
            try {
                kernels[node.index()] = registry.prepare(ctx);
            } catch (GraphException e) {
                throw e;
            } catch (RuntimeException e) {
                throw ctx.error(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            nodeOutputViews[node.index()] = views;
        }

        int[] inputIds = graph.inputs();
        TensorInfo[] inputInfos = new TensorInfo[inputIds.length];
        int[] inputOffsets = new int[inputIds.length];
        for (int i = 0; i < inputIds.length; i++) {
            inputInfos[i] = tensors.get(inputIds[i]);
            inputOffsets[i] = plan.offset(inputIds[i]) + shift;
        }
        int[] outputIds = graph.outputs();
        Tensor[] outputViews = new Tensor[outputIds.length];
        for (int i = 0; i < outputIds.length; i++) {
            outputViews[i] = view(operands[outputIds[i]]);
        }
        return new CpuCompiledModel(graph, plan, arena, nodes, kernels, nodeOutputViews, inputInfos, inputOffsets,
                outputViews);
    }

    /**
     * {@link #compile(Graph, KernelRegistry, BackendOptions)} plus two things a faster backend may need:
     * {@code resources} (worker threads) are closed with the model, and while an observer is installed
     * {@link #run} runs the model {@code observedVariant} compiles on first need, for a backend whose
     * {@code graph} is a rewrite (fused ops) that hides tensors the observer must see. Either may be null.
     */
    public static CpuCompiledModel compile(Graph graph, KernelRegistry registry, BackendOptions options,
            AutoCloseable resources, Supplier<CpuCompiledModel> observedVariant) {
        return compile(graph, registry, options, resources, observedVariant, null);
    }

    /**
     * As {@link #compile(Graph, KernelRegistry, BackendOptions, AutoCloseable, Supplier)}; with a {@code runner}
     * of two or more threads, the graph's {@link ParallelTail} (if it has one) runs node by node on all of
     * them, and the memory plan keeps its tensors apart. Results do not change: every kernel computes the
     * same bits on whichever thread runs it.
     */
    public static CpuCompiledModel compile(Graph graph, KernelRegistry registry, BackendOptions options,
            AutoCloseable resources, Supplier<CpuCompiledModel> observedVariant, TailRunner runner) {
        ParallelTail tail = runner != null && runner.threads() > 1 ? ParallelTail.find(graph) : null;
        CpuCompiledModel m = compile(graph, registry, options, tail);
        m.resources = resources;
        m.observedVariant = observedVariant;
        long inputFloats = 0;
        for (TensorInfo info : graph.inputTensors()) {
            inputFloats += info.shape().numElements();
        }
        if (runner != null && runner.threads() > 1 && inputFloats >= PARALLEL_COPY_FLOATS) {
            m.copyRunner = runner;
        }
        if (tail != null) {
            tail.bind(m.kernels);
            m.tail = tail;
            m.runner = runner;
        }
        return m;
    }

    /** The part of the graph that runs as a dependency graph on all threads, or null. */
    public ParallelTail parallelTail() {
        return tail;
    }

    private static Tensor view(Operand o) {
        return new Tensor(o.info().name(), o.shape(), o.data(), o.offset());
    }

    @Override
    public Graph graph() {
        return graph;
    }

    public MemoryPlan memoryPlan() {
        return plan;
    }

    /** The kernel chosen for node {@code index}. */
    public Kernel kernel(int index) {
        return kernels[index];
    }

    @Override
    public Tensor[] run(Tensor... inputs) {
        if (closed) {
            throw new IllegalStateException("model '" + graph.name() + "' is closed");
        }
        if (observedModel != null && observerNeedsOutputs) {
            return observedModel.run(inputs);
        }
        checkInputs(inputs);
        if (copyRunner != null) {
            copying = inputs;
            try {
                copyRunner.runChunks(copyInputs);
            } finally {
                copying = null;
            }
        } else {
            for (int i = 0; i < inputs.length; i++) {
                Tensor t = inputs[i];
                System.arraycopy(t.data(), t.offset(), arena, inputOffsets[i], t.size());
            }
        }
        OpObserver obs = observer;
        if (obs == null && tail != null) {
            for (int k = 0; k < tail.start(); k++) {
                kernels[k].execute();
            }
            tail.run(runner);
            return outputViews;
        }
        for (int k = 0; k < kernels.length; k++) {
            if (obs == null) {
                kernels[k].execute();
            } else {
                long t0 = System.nanoTime();
                kernels[k].execute();
                long nanos = System.nanoTime() - t0;
                obs.onOp(nodes[k], nodeOutputViews[k], nanos);
            }
        }
        return outputViews;
    }

    /** Chunk {@code chunk} of every input: a run of whole 64-byte lines of its floats. */
    private void copyInputChunk(int chunk, int chunks) {
        Tensor[] inputs = copying;
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            int lines = (t.size() + 15) / 16;
            int from = (int) Math.min(t.size(), 16L * ((long) lines * chunk / chunks));
            int to = (int) Math.min(t.size(), 16L * ((long) lines * (chunk + 1) / chunks));
            System.arraycopy(t.data(), t.offset() + from, arena, inputOffsets[i] + from, to - from);
        }
    }

    private void checkInputs(Tensor[] inputs) {
        if (inputs == null || inputs.length != inputInfos.length) {
            throw new IllegalArgumentException("model '" + graph.name() + "' takes " + inputInfos.length
                    + " input(s) " + inputNames() + ", got " + (inputs == null ? 0 : inputs.length));
        }
        for (int i = 0; i < inputs.length; i++) {
            TensorInfo info = inputInfos[i];
            if (inputs[i] == null) {
                throw new IllegalArgumentException("input " + i + " '" + info.name() + "' is null");
            }
            if (!inputs[i].shape().equals(info.shape())) {
                throw new IllegalArgumentException("input " + i + " '" + info.name() + "': expected shape "
                        + info.shape() + ", got " + inputs[i].shape());
            }
        }
    }

    private String inputNames() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < inputInfos.length; i++) {
            sb.append(i > 0 ? ", " : "").append('\'').append(inputInfos[i].name()).append("' ")
                    .append(inputInfos[i].shape());
        }
        return sb.append(']').toString();
    }

    @Override
    public void setObserver(OpObserver observer) {
        this.observer = observer;
        boolean twin = observer != null && observer.needsOutputs();
        if (observedVariant != null && (twin || observedModel != null)) {
            if (observedModel == null) {
                observedModel = observedVariant.get();
            }
            observedModel.setObserver(twin ? observer : null);
        }
        this.observerNeedsOutputs = twin;
    }

    @Override
    public long peakActivationBytes() {
        return plan.arenaBytes();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (observedModel != null) {
            observedModel.close();
        }
        if (resources != null) {
            try {
                resources.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing model '" + graph.name() + "': " + e.getMessage(), e);
            }
        }
    }
}
