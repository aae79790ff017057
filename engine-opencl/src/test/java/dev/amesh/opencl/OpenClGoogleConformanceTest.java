package dev.amesh.opencl;

import dev.amesh.cpu.conformance.GoogleRuntimeConformance;
import org.junit.jupiter.api.BeforeAll;

/** The OpenCL backend against Google's runtime: the same model-level cases as the CPU backends. */
class OpenClGoogleConformanceTest extends GoogleRuntimeConformance {
    @BeforeAll
    static void openClIsThere() {
        OpenClTestSupport.backend(); // fails loudly without OpenCL, unless AMESH_NO_OPENCL=1 opts out
    }

    @Override
    protected String backendName() {
        return "opencl";
    }
}
