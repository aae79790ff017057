package dev.amesh.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.TestModels;
import dev.amesh.cpu.CpuBackend;
import org.junit.jupiter.api.Assumptions;

/** OpenCL availability for tests, the scalar oracle, and model loading. */
final class OpenClTestSupport {
    private OpenClTestSupport() {
    }

    /**
     * The backend, which must be available: tests fail loudly without OpenCL unless the environment sets
     * {@code AMESH_NO_OPENCL=1}, which turns them into aborted (skipped) tests that give the reason.
     */
    static OpenClBackend backend() {
        OpenClBackend b = new OpenClBackend();
        if (!b.isAvailable()) {
            String why = "OpenCL is not available: " + b.unavailableReason();
            if ("1".equals(System.getenv("AMESH_NO_OPENCL"))) {
                Assumptions.abort(why + " (AMESH_NO_OPENCL=1)");
            }
            fail(why + " (set AMESH_NO_OPENCL=1 to skip the OpenCL tests instead)");
        }
        return b;
    }

    static OpenClCompiledModel compile(Graph g) {
        return backend().compile(g, BackendOptions.defaults());
    }

    /** Runs {@code g} on the scalar reference backend and returns copies of its outputs. */
    static float[][] scalarOutputs(Graph g, Tensor... inputs) {
        try (CompiledModel m = new CpuBackend().compile(g, BackendOptions.defaults())) {
            return copies(m.run(inputs));
        }
    }

    static float[][] copies(Tensor[] ts) {
        float[][] out = new float[ts.length][];
        for (int i = 0; i < ts.length; i++) {
            out[i] = ts[i].toArray();
        }
        return out;
    }

    /** A MediaPipe model by file name, through the shared model store (fetched, checked, converted). */
    static Graph model(String fileName) {
        for (ModelId id : ModelId.values()) {
            if (id.fileName().equals(fileName)) {
                return TestModels.graph(id);
            }
        }
        throw new IllegalArgumentException("not a MediaPipe model of this project: " + fileName);
    }
}
