package dev.amesh.cpu.simd;

import dev.amesh.api.backend.Backend;
import dev.amesh.api.backend.Backends;

/** Run in a child JVM by {@link VectorBackendTest}: prints what a JVM with these flags sees of the backends. */
public final class AvailabilityProbe {
    private AvailabilityProbe() {
    }

    public static void main(String[] args) {
        Backend cpu = null;
        for (Backend b : Backends.all()) {
            if (b.name().equals("cpu")) {
                cpu = b;
            }
        }
        System.out.println("available=" + (cpu != null && cpu.isAvailable()));
        System.out.println("reason=" + (cpu == null ? "not registered" : cpu.unavailableReason()));
        System.out.println("description=" + (cpu == null ? "" : cpu.description()));
        System.out.println("best=" + Backends.best().name());
    }
}
