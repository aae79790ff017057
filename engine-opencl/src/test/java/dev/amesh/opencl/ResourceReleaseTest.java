package dev.amesh.opencl;

import static dev.amesh.opencl.GraphBuilder.attrs;
import static dev.amesh.opencl.GraphBuilder.dims;
import static dev.amesh.opencl.GraphBuilder.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * compile/run/close cycles release every OpenCL object they create (queue, buffers, kernels; programs
 * return to the device's idle cache) and keep the process size bounded.
 */
class ResourceReleaseTest {
    private static final int CYCLES = 200;
    /** Growth of the resident set between cycle 50 and the last one that counts as a leak. */
    private static final long RSS_GROWTH_LIMIT_BYTES = 48L << 20;

    @BeforeAll
    static void available() {
        OpenClTestSupport.backend();
    }

    /** conv -> depthwise -> concat with a constant, and the three custom ops: most object kinds per cycle. */
    static Graph graph() {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", 1, 8, 8, 3);
        int w = b.constant("w", random(1, 4 * 3 * 3 * 3), 4, 3, 3, 3);
        int c = b.node(OpType.CONV_2D, attrs("padding", "SAME", "stride_h", 2, "stride_w", 2), "c",
                dims(1, 4, 4, 4), x, w);
        int dw = b.constant("dw", random(2, 9 * 4), 1, 3, 3, 4);
        int d = b.node(OpType.DEPTHWISE_CONV_2D, attrs("padding", "SAME"), "d", dims(1, 4, 4, 4), c, dw);
        int k = b.constant("k", random(3, 32), 1, 4, 4, 2);
        int cat = b.node(OpType.CONCATENATION, attrs("axis", 3), "cat", dims(1, 4, 4, 6), d, k);
        int l = b.input("l", 1, 5, 3);
        int m = b.node(OpType.LANDMARKS_TO_TRANSFORM_MATRIX, attrs("subset_idxs", new int[] {0, 2, 4},
                "left_rotation_idx", 0, "right_rotation_idx", 1, "output_height", 3, "output_width", 3,
                "scale_x", 1.5f, "scale_y", 1.5f), "m", dims(1, 4, 4), l);
        int crop = b.node(OpType.TRANSFORM_TENSOR_BILINEAR, attrs("output_height", 3, "output_width", 3), "crop",
                dims(1, 3, 3, 6), cat, m);
        int t = b.node(OpType.TRANSFORM_LANDMARKS, attrs(), "t", dims(1, 5, 3), l, m);
        return b.output(crop).output(t).build("cycle");
    }

    @Test
    void compileRunCloseCyclesLeaveNothingBehind() {
        Graph g = graph();
        Tensor x = new Tensor(g.inputTensors().get(0).shape(), random(4, 192));
        Tensor l = new Tensor(g.inputTensors().get(1).shape(), random(5, 15));
        // the first cycle creates the device's context and builds the programs, which stay cached
        OpenClTestSupport.compile(g).close();
        Map<ClObjects.Kind, Long> baseline = ClObjects.snapshot();
        long rssAt50 = -1;
        for (int i = 0; i < CYCLES; i++) {
            OpenClCompiledModel m = OpenClTestSupport.compile(g);
            m.run(x, l);
            assertTrue(ClObjects.live(ClObjects.Kind.KERNEL) > baseline.get(ClObjects.Kind.KERNEL));
            m.close();
            m.close();
            assertEquals(baseline, ClObjects.snapshot(), "live OpenCL objects after cycle " + i);
            if (i == 50) {
                rssAt50 = residentBytes();
            }
        }
        OpenClBackend.releaseIdlePrograms();
        assertEquals(0, ClObjects.live(ClObjects.Kind.PROGRAM), "no program is left once idle ones are released");
        long rssEnd = residentBytes();
        if (rssAt50 > 0 && rssEnd > 0) {
            assertTrue(rssEnd - rssAt50 < RSS_GROWTH_LIMIT_BYTES, "resident set grew from " + (rssAt50 >> 20)
                    + " MiB at cycle 50 to " + (rssEnd >> 20) + " MiB after " + CYCLES + " cycles");
        }
    }

    @Test
    void aClosedModelRefusesToRun() {
        Graph g = graph();
        OpenClCompiledModel m = OpenClTestSupport.compile(g);
        m.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> m.run(Tensor.zeros(g.inputTensors().get(0).shape()), Tensor.zeros(g.inputTensors().get(1).shape())));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    /** VmRSS of this process from /proc, or -1 where there is no /proc. */
    private static long residentBytes() {
        Path status = Paths.get("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
