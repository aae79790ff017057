package dev.amesh.cpu.conformance;

import dev.amesh.api.backend.BackendOptions;

/** The Vector API backend, two threads, against Google's runtime (the same cases as the scalar reference). */
class VectorConformanceTest extends GoogleRuntimeConformance {
    @Override
    protected String backendName() {
        return "cpu";
    }

    @Override
    protected BackendOptions options() {
        return BackendOptions.defaults().withThreads(2);
    }
}
