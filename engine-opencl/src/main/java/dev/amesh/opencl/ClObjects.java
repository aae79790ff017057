package dev.amesh.opencl;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide count of live OpenCL objects created by this module, by kind. Every create goes
 * through {@link ClSession}, which counts it here and uncounts it when it releases it, so tests can
 * check that compile/close cycles leave nothing behind.
 */
public final class ClObjects {
    /** The kinds of OpenCL object amesh creates. */
    public enum Kind { CONTEXT, QUEUE, MEM, PROGRAM, KERNEL }

    private static final Map<Kind, AtomicLong> LIVE = new EnumMap<>(Kind.class);

    static {
        for (Kind k : Kind.values()) {
            LIVE.put(k, new AtomicLong());
        }
    }

    private ClObjects() {
    }

    static void created(Kind kind) {
        LIVE.get(kind).incrementAndGet();
    }

    static void released(Kind kind) {
        LIVE.get(kind).decrementAndGet();
    }

    /** Objects of {@code kind} created and not yet released. */
    public static long live(Kind kind) {
        return LIVE.get(kind).get();
    }

    /** A snapshot of every kind's live count, e.g. {@code {CONTEXT=1, QUEUE=1, MEM=2, ...}}. */
    public static Map<Kind, Long> snapshot() {
        Map<Kind, Long> m = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            m.put(k, live(k));
        }
        return m;
    }
}
