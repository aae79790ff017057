package dev.amesh.cpu;

import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.OpType;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which {@link KernelFactory} prepares each {@link OpType}. Immutable: {@link #with} returns a copy, so
 * a faster backend starts from {@code ReferenceKernels.registry()} and overrides the ops it speeds up,
 * keeping the reference kernels for the rest.
 */
public final class KernelRegistry {
    private final Map<OpType, KernelFactory> factories;

    private KernelRegistry(Map<OpType, KernelFactory> factories) {
        this.factories = factories;
    }

    public static KernelRegistry empty() {
        return new KernelRegistry(new EnumMap<>(OpType.class));
    }

    /** A copy of this registry in which {@code op} is prepared by {@code factory}. */
    public KernelRegistry with(OpType op, KernelFactory factory) {
        EnumMap<OpType, KernelFactory> copy = new EnumMap<>(OpType.class);
        copy.putAll(factories);
        copy.put(op, factory);
        return new KernelRegistry(copy);
    }

    public boolean supports(OpType op) {
        return factories.containsKey(op);
    }

    /** The factory for {@code op}, or null. */
    public KernelFactory factory(OpType op) {
        return factories.get(op);
    }

    /** Prepares the node in {@code ctx} with the registered factory. */
    public Kernel prepare(KernelContext ctx) {
        KernelFactory f = factories.get(ctx.node().op());
        if (f == null) {
            throw ctx.error("no kernel is registered for " + ctx.node().op() + " in this backend");
        }
        return f.prepare(ctx);
    }
}
