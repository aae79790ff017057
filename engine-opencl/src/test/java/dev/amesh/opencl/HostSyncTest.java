package dev.amesh.opencl;

import static dev.amesh.opencl.GraphBuilder.attrs;
import static dev.amesh.opencl.GraphBuilder.dims;
import static dev.amesh.opencl.GraphBuilder.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.tensor.Tensor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One inference synchronises with the host exactly once: the blocking read of the last output. */
class HostSyncTest {
    @BeforeAll
    static void available() {
        OpenClTestSupport.backend();
    }

    @Test
    void attentionMeshRunsWithOneHostSynchronisation() {
        Graph g = OpenClTestSupport.model("face_landmark_with_attention.tflite");
        Tensor input = new Tensor(g.inputTensors().get(0).shape(), random(1, 192 * 192 * 3));
        try (OpenClCompiledModel m = OpenClTestSupport.compile(g)) {
            assertTrue(g.outputs().length > 1, "several outputs, each read back");
            for (int run = 0; run < 3; run++) {
                long before = m.hostSyncCount();
                m.run(input);
                assertEquals(1, m.hostSyncCount() - before, "host synchronisations of run " + run);
            }
        }
    }

    @Test
    void observerReadsBackEveryNodeAndCountsItsSynchronisations() {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", 1, 4, 4, 3);
        int y = b.node(OpType.RELU, attrs(), "y", dims(1, 4, 4, 3), x);
        int r = b.node(OpType.RESHAPE, attrs(), "r", dims(1, 48), y);
        int z = b.node(OpType.ADD, attrs("activation", "NONE"), "z", dims(1, 48), r, r);
        Graph g = b.output(z).output(y).build("chain");
        try (OpenClCompiledModel m = OpenClTestSupport.compile(g)) {
            Tensor in = new Tensor(g.inputTensors().get(0).shape(), random(2, 48));
            AtomicInteger calls = new AtomicInteger();
            m.setObserver((node, outs, nanos) -> calls.incrementAndGet());
            long before = m.hostSyncCount();
            m.run(in);
            // per node: clFinish and one blocking read of its output; then the outputs' one read
            assertEquals(3, calls.get());
            assertEquals(3 * 2 + 1, m.hostSyncCount() - before);
            m.setObserver(null);
            before = m.hostSyncCount();
            m.run(in);
            assertEquals(1, m.hostSyncCount() - before);
        }
    }
}
