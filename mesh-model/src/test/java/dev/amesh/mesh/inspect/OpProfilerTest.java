package dev.amesh.mesh.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.TestModels;
import dev.amesh.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpProfilerTest {
    @Test
    void medianIsTheMiddleValue() {
        assertEquals(5, OpProfiler.median(new long[] {9, 1, 5}));
        assertEquals(3, OpProfiler.median(new long[] {4, 3, 1, 100}));
        assertEquals(7, OpProfiler.median(new long[] {7}));
    }

    @Test
    void profilesEveryOpOfTheAttentionModel() {
        Graph g = TestModels.graph(ModelId.ATTENTION);
        Tensor input = astronautFace();
        try (CompiledModel m = Backends.get("scalar").compile(g, BackendOptions.defaults().withThreads(1))) {
            OpProfiler.Profile p = OpProfiler.profile(m, new Tensor[] {input}, 1, 3);
            assertEquals(g.nodes().size(), p.ops().size());
            assertEquals(3, p.runs());
            List<OpProfiler.OpTime> slow = p.slowestFirst();
            for (int i = 1; i < slow.size(); i++) {
                assertTrue(slow.get(i - 1).medianNanos() >= slow.get(i).medianNanos());
            }
            assertTrue(p.opNanos() > 0);
            assertTrue(p.medianRunNanos() > 0);
            assertEquals(p.opNanos(), p.byOpType().stream().mapToLong(OpProfiler.Share::nanos).sum());
            assertEquals(p.opNanos(), p.bySubmodel().stream().mapToLong(OpProfiler.Share::nanos).sum());
            assertEquals(Submodels.of(g).names(), p.bySubmodel().stream().map(OpProfiler.Share::key).toList());
            assertEquals(1.0, p.bySubmodel().stream().mapToDouble(OpProfiler.Share::fraction).sum(), 1e-9);
            // The observer is removed afterwards.
            m.run(input);
        }
        try (CompiledModel m = Backends.get("scalar").compile(g, BackendOptions.defaults())) {
            assertThrows(IllegalArgumentException.class, () -> OpProfiler.profile(m, new Tensor[] {input}, 0, 0));
        }
    }

    /** The cpu backend fuses ops: a profile times the fused kernels that really run, one entry per node. */
    @Test
    void profilesTheFusedKernelsOfTheCpuBackend() {
        Graph g = TestModels.graph(ModelId.ATTENTION);
        Tensor input = astronautFace();
        try (CompiledModel m = Backends.get("cpu").compile(g, BackendOptions.defaults().withThreads(1))) {
            OpProfiler.Profile p = OpProfiler.profile(m, new Tensor[] {input}, 1, 3);
            assertEquals(m.graph().nodes().size(), p.ops().size());
            assertTrue(p.ops().size() < g.nodes().size(), "fused: fewer kernels than graph nodes");
            assertEquals(p.opNanos(), p.bySubmodel().stream().mapToLong(OpProfiler.Share::nanos).sum());
        }
    }

    private static Tensor astronautFace() {
        return new Tensor("input_1", Shape.of(1, 192, 192, 3), TestData.readF32("raw/inputs/astronaut_face_192.f32"), 0);
    }
}
