package dev.amesh.cpu.conformance;

/** The scalar reference kernels against Google's runtime. */
class ScalarConformanceTest extends GoogleRuntimeConformance {
    @Override
    protected String backendName() {
        return "scalar";
    }
}
