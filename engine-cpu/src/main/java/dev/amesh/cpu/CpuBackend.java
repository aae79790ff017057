package dev.amesh.cpu;

import dev.amesh.api.backend.Backend;
import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.graph.Graph;
import dev.amesh.cpu.exec.CpuCompiledModel;
import dev.amesh.cpu.ref.ReferenceKernels;
import java.util.Objects;

/**
 * Runs graphs on the CPU with the shared executor ({@link CpuCompiledModel}) and a {@link KernelRegistry}.
 * The no-argument constructor is the {@code scalar} backend: every op by its plain-loop reference kernel.
 * A faster backend subclasses this with its own name and a registry derived from
 * {@link ReferenceKernels#registry()}.
 */
public class CpuBackend implements Backend {
    private final String name;
    private final String description;
    private final KernelRegistry kernels;

    /** The {@code scalar} backend (ServiceLoader entry point). */
    public CpuBackend() {
        this("scalar", "scalar reference kernels", ReferenceKernels.registry());
    }

    protected CpuBackend(String name, String description, KernelRegistry kernels) {
        this.name = Objects.requireNonNull(name);
        this.description = Objects.requireNonNull(description);
        this.kernels = Objects.requireNonNull(kernels);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    public KernelRegistry kernels() {
        return kernels;
    }

    /** Compiles with this backend's kernels; the reference kernels run single-threaded whatever {@code options} say. */
    @Override
    public CpuCompiledModel compile(Graph graph, BackendOptions options) {
        Objects.requireNonNull(graph, "graph");
        return CpuCompiledModel.compile(graph, kernels, options == null ? BackendOptions.defaults() : options);
    }
}
