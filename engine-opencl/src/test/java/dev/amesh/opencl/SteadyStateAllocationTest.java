package dev.amesh.opencl;

import static dev.amesh.opencl.GraphBuilder.random;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.testing.SteadyStateAllocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * After compilation a run allocates (almost) nothing on the Java heap: staging buffers and JOCL pointers
 * are made once, outputs are gathered on the device and read with one blocking read. What is left is
 * JOCL's own record for each non-blocking input write (an event and a task that keeps the host buffer
 * referenced until the copy is done), about 96 bytes per input per run.
 */
class SteadyStateAllocationTest {
    /** Upper bound of JOCL's keep-alive record for one non-blocking write (96 bytes with compressed oops). */
    private static final long JOCL_WRITE_RECORD_BYTES = 160;

    @BeforeAll
    static void available() {
        OpenClTestSupport.backend();
    }

    @Test
    void steadyStateRunsAllocateNothing() {
        Graph g = ResourceReleaseTest.graph();
        Tensor[] inputs = {new Tensor(g.inputTensors().get(0).shape(), random(1, 192)),
            new Tensor(g.inputTensors().get(1).shape(), random(2, 15))};
        try (OpenClCompiledModel m = OpenClTestSupport.compile(g)) {
            for (int i = 0; i < 300; i++) {
                m.run(inputs);
            }
            long allowed = 100 * inputs.length * JOCL_WRITE_RECORD_BYTES;
            SteadyStateAllocation.Result r = SteadyStateAllocation.measure(() -> {
                for (int i = 0; i < 100; i++) {
                    m.run(inputs);
                }
            }, allowed, 50);
            assertTrue(r.bytes() <= allowed, "100 runs: " + r + " (allowed " + allowed + ")");
        }
    }
}
