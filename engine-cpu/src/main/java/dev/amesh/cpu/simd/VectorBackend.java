package dev.amesh.cpu.simd;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.graph.Graph;
import dev.amesh.cpu.CpuBackend;
import dev.amesh.cpu.KernelRegistry;
import dev.amesh.cpu.Numerics;
import dev.amesh.cpu.exec.CpuCompiledModel;
import dev.amesh.cpu.exec.TailRunner;
import dev.amesh.cpu.ref.ReferenceKernels;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code cpu} backend: Vector API kernels ({@code jdk.incubator.vector}), fused convolution
 * epilogues and {@link BackendOptions#threads()} threads inside one inference.
 *
 * <p>Without {@code --add-modules jdk.incubator.vector} (or with {@code -Damesh.vectorBits=0}) it reports
 * itself unavailable with the reason and {@code Backends.best()} falls back to {@code scalar}. This class
 * touches no Vector API type itself; the kernels are reached only through {@link VectorKernels} once the
 * module is known to be readable, so a JVM without it never sees a NoClassDefFoundError.
 *
 * <p>Fusion: CONV_2D -> ADD -> PRELU chains, and a depthwise convolution feeding a 1x1 one, run as one
 * kernel ({@link Fusion}). While an observer is
 * installed the model runs an unfused twin (compiled on first need, same kernels and pool), so the
 * observer sees every graph tensor; fused and unfused kernels compute each element identically.
 * {@code -Damesh.fuse=false} switches fusion off.
 */
public final class VectorBackend extends CpuBackend {
    public static final String NAME = "cpu";
    public static final String FUSE_PROPERTY = "amesh.fuse";
    /** {@code -Damesh.tail=false} runs every node in order, each split across the threads on its own. */
    public static final String TAIL_PROPERTY = "amesh.tail";
    private static final System.Logger LOG = System.getLogger(VectorBackend.class.getName());
    /** The first compile and the first unavailability check log at INFO, later ones at DEBUG. */
    private static final AtomicBoolean LOGGED_CHOICE = new AtomicBoolean();
    private static final AtomicBoolean LOGGED_UNAVAILABLE = new AtomicBoolean();

    /** ServiceLoader entry point. */
    public VectorBackend() {
        super(NAME, "SIMD kernels (jdk.incubator.vector)", ReferenceKernels.registry());
    }

    @Override
    public boolean isAvailable() {
        String reason = VectorConfig.unavailableReason();
        if (!reason.isEmpty()) {
            Level level = LOGGED_UNAVAILABLE.compareAndSet(false, true) ? Level.INFO : Level.DEBUG;
            LOG.log(level, () -> "backend cpu is not available (" + reason + "); Backends.best() falls back to scalar");
        }
        return reason.isEmpty();
    }

    @Override
    public String unavailableReason() {
        return VectorConfig.unavailableReason();
    }

    @Override
    public String description() {
        String reason = VectorConfig.unavailableReason();
        return reason.isEmpty() ? "SIMD kernels, " + VectorKernels.describeSpecies() + ", fused conv epilogues"
                : "SIMD kernels (unavailable: " + reason + ")";
    }

    /** Not meaningful for this backend: its registry is built per model around that model's thread pool. */
    @Override
    public KernelRegistry kernels() {
        requireAvailable();
        return VectorKernels.registry(new WorkerPool(1, "amesh-cpu"), null);
    }

    @Override
    public CpuCompiledModel compile(Graph graph, BackendOptions options) {
        Objects.requireNonNull(graph, "graph");
        requireAvailable();
        Numerics.check();
        BackendOptions opts = options == null ? BackendOptions.defaults() : options;
        boolean fuse = !"false".equalsIgnoreCase(System.getProperty(FUSE_PROPERTY, "true"));
        Graph fast = fuse ? Fusion.foldMaxPools(Fusion.apply(graph, Fusion.foldDepthwise(opts.threads()))) : graph;
        WorkerPool pool = new WorkerPool(opts.threads(), "amesh-cpu");
        TailRunner runner = "false".equalsIgnoreCase(System.getProperty(TAIL_PROPERTY, "true")) ? null : pool;
        try {
            WeightArena weights = new WeightArena(constantFloats(graph));
            KernelRegistry registry = VectorKernels.registry(pool, weights);
            Level level = LOGGED_CHOICE.compareAndSet(false, true) ? Level.INFO : Level.DEBUG;
            LOG.log(level, () -> "backend cpu: " + VectorKernels.describeSpecies() + ", " + opts.threads()
                    + " thread(s), " + (graph.nodes().size() - fast.nodes().size()) + " node(s) fused in '"
                    + graph.name() + "', " + Numerics.describe());
            if (fast == graph) {
                return CpuCompiledModel.compile(graph, registry, opts, pool, null, runner);
            }
            return CpuCompiledModel.compile(fast, registry, opts, pool,
                    () -> CpuCompiledModel.compile(graph, registry, opts), runner);
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
    }

    /** Floats of every constant of {@code graph}: about what its packed weights take. */
    private static long constantFloats(Graph graph) {
        long n = 0;
        for (int i = 0; i < graph.tensors().size(); i++) {
            if (graph.tensors().get(i).isConstant()) {
                n += graph.tensors().get(i).shape().numElements() + Simd.L;
            }
        }
        return n;
    }

    private void requireAvailable() {
        String reason = VectorConfig.unavailableReason();
        if (!reason.isEmpty()) {
            throw new IllegalStateException("backend 'cpu' is not available: " + reason);
        }
    }
}
