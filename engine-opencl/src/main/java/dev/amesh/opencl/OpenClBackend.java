package dev.amesh.opencl;

import dev.amesh.api.backend.Backend;
import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.graph.Graph;
import dev.amesh.cpu.Numerics;
import java.util.Objects;

/**
 * The {@code opencl} backend: every op of the supported models as an OpenCL C kernel (JOCL), the whole
 * graph on one device per run. The device is {@link BackendOptions#device()} (an index as listed by
 * {@link ClPlatforms#devices()}), or by default the first GPU, else the first device. Unavailable, with
 * the reason, where JOCL or libOpenCL cannot load or no platform has a device.
 */
public final class OpenClBackend implements Backend {
    /**
     * Releases the built programs that no compiled model uses. They are kept (per device, at most
     * {@value ClDeviceContext#IDLE_PROGRAM_LIMIT}) so that compiling a graph again needs no build.
     */
    public static void releaseIdlePrograms() {
        ClDeviceContext.releaseAllIdlePrograms();
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String description() {
        if (!isAvailable()) {
            return "OpenCL kernels (unavailable: " + unavailableReason() + ")";
        }
        return "OpenCL kernels on " + ClPlatforms.select(-1).describe() + " by default";
    }

    @Override
    public boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    @Override
    public String unavailableReason() {
        return ClPlatforms.unavailableReason();
    }

    /**
     * @throws OpenClException when OpenCL is unavailable or a kernel does not build (with the build log)
     * @throws IllegalArgumentException when the device index does not exist
     */
    @Override
    public OpenClCompiledModel compile(Graph graph, BackendOptions options) {
        Objects.requireNonNull(graph, "graph");
        Numerics.check();
        BackendOptions opts = options == null ? BackendOptions.defaults() : options;
        ClDevice device = ClPlatforms.select(opts.device());
        return OpenClCompiledModel.compile(graph, opts, device);
    }
}
