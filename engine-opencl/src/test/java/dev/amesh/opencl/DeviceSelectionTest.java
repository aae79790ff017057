package dev.amesh.opencl;

import static dev.amesh.opencl.GraphBuilder.attrs;
import static dev.amesh.opencl.GraphBuilder.dims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.OpType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Device listing and selection, registration by name, and the errors a user can run into. */
class DeviceSelectionTest {
    private static OpenClBackend backend;

    @BeforeAll
    static void available() {
        backend = OpenClTestSupport.backend();
    }

    private static Graph reluGraph() {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", 1, 5);
        return b.output(b.node(OpType.RELU, attrs(), "y", dims(1, 5), x)).build("relu");
    }

    @Test
    void devicesAreIndexedAcrossPlatformsInOrder() {
        List<ClDevice> devices = ClPlatforms.devices();
        assertFalse(devices.isEmpty());
        for (int i = 0; i < devices.size(); i++) {
            ClDevice d = devices.get(i);
            assertEquals(i, d.index());
            assertFalse(d.name().isEmpty(), "device name");
            assertFalse(d.platformName().isEmpty(), "platform name");
            assertTrue(d.computeUnits() > 0, d.describe());
            assertTrue(d.globalMemBytes() > 0, d.describe());
            assertTrue(d.openClVersion().startsWith("OpenCL "), d.openClVersion());
        }
    }

    @Test
    void autoPicksTheFirstGpuElseTheFirstDevice() {
        List<ClDevice> devices = ClPlatforms.devices();
        ClDevice expected = devices.stream().filter(ClDevice::isGpu).findFirst().orElse(devices.get(0));
        assertSame(expected, ClPlatforms.select(-1));
        try (OpenClCompiledModel m = backend.compile(reluGraph(), BackendOptions.defaults())) {
            assertSame(expected, m.device());
        }
    }

    @Test
    void explicitDeviceIndex() {
        int last = ClPlatforms.devices().size() - 1;
        try (OpenClCompiledModel m = backend.compile(reluGraph(), BackendOptions.defaults().withDevice(last))) {
            assertEquals(last, m.device().index());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.compile(reluGraph(), BackendOptions.defaults().withDevice(last + 1)));
        assertTrue(e.getMessage().contains("index " + (last + 1) + " does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains(ClPlatforms.devices().get(0).name()), e.getMessage());
    }

    @Test
    void registeredAsOpenclForServiceLoader() {
        assertTrue(Backends.get("opencl") instanceof OpenClBackend);
        assertTrue(backend.description().contains(ClPlatforms.select(-1).name()), backend.description());
    }

    @Test
    void aKernelThatDoesNotBuildNamesTheDeviceAndCarriesTheBuildLog() {
        ClDevice device = ClPlatforms.select(-1);
        ClSession.open(device).close(); // creates the device's shared context, which stays
        Map<ClObjects.Kind, Long> before = ClObjects.snapshot();
        try (ClSession session = ClSession.open(device)) {
            OpenClException e = assertThrows(OpenClException.class, () -> session.program("broken.cl",
                    "__kernel void broken(__global float* y) { y[0] = no_such_identifier; }", ""));
            assertTrue(e.getMessage().contains(device.name()), e.getMessage());
            assertTrue(e.getMessage().contains("broken.cl"), e.getMessage());
            assertTrue(e.getMessage().contains("no_such_identifier"), "the build log: " + e.getMessage());
        }
        assertEquals(before, ClObjects.snapshot(), "the failed program and the session are released");
    }

    @Test
    void graphErrorsAreTheScalarBackendsAndLeaveNoObjects() {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", 1, 5);
        Graph wrongShape = b.output(b.node(OpType.RELU, attrs(), "y", dims(1, 6), x)).build("bad");
        Map<ClObjects.Kind, Long> before = ClObjects.snapshot();
        GraphException e = assertThrows(GraphException.class,
                () -> backend.compile(wrongShape, BackendOptions.defaults()));
        assertTrue(e.getMessage().startsWith("node 0 (RELU)"), e.getMessage());
        assertEquals(before, ClObjects.snapshot());
    }

    @Test
    void whatOnlyOpenClRejectsIsAGraphExceptionNamingTheNode() {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", 1, 3, 3, 2);
        int w = b.input("w", 4, 1, 1, 2);
        Graph runtimeFilter = b.output(b.node(OpType.CONV_2D, attrs("padding", "VALID"), "y", dims(1, 3, 3, 4), x, w))
                .build("runtime filter");
        GraphException e = assertThrows(GraphException.class,
                () -> backend.compile(runtimeFilter, BackendOptions.defaults()));
        assertTrue(e.getMessage().startsWith("node 0 (CONV_2D)") && e.getMessage().contains("must be a constant"),
                e.getMessage());

        // broadcasting works on six axes; equal shapes of any rank run as flat arrays
        GraphBuilder b7 = new GraphBuilder();
        int[] rank7 = {1, 2, 1, 2, 1, 2, 3};
        int p = b7.input("p", rank7);
        int q = b7.input("q", 1, 2, 1, 2, 1, 1, 3);
        int r = b7.node(OpType.RELU, attrs(), "r", rank7, p);
        Graph tooDeep = b7.output(b7.node(OpType.ADD, attrs(), "s", rank7, r, q)).build("rank 7");
        e = assertThrows(GraphException.class, () -> backend.compile(tooDeep, BackendOptions.defaults()));
        assertTrue(e.getMessage().startsWith("node 1 (ADD)") && e.getMessage().contains("rank 7"), e.getMessage());
    }

    @Test
    void inputShapeIsChecked() {
        try (OpenClCompiledModel m = backend.compile(reluGraph(), BackendOptions.defaults())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.run(dev.amesh.api.tensor.Tensor.zeros(dev.amesh.api.tensor.Shape.of(1, 4))));
            assertTrue(e.getMessage().contains("expected shape [1,5]"), e.getMessage());
        }
    }
}
