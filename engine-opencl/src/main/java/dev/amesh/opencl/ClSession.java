package dev.amesh.opencl;

import dev.amesh.opencl.ClObjects.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * One model's objects on one device: an in-order queue, buffers and kernels, created in the device's
 * shared {@link ClDeviceContext} and released on {@link #close()}, with a use of every program its
 * kernels come from (programs are shared between models, see {@link ClDeviceContext}). It counts host
 * synchronisations: every blocking read or write and every {@code clFinish} made through it; non-blocking
 * transfers, copies and kernel launches are not counted, nor is the final wait in {@link #close()}.
 */
final class ClSession implements AutoCloseable {
    private final ClDeviceContext shared;
    private final ClDevice device;
    private final cl_command_queue queue;
    private final List<cl_mem> mems = new ArrayList<>();
    private final List<cl_kernel> kernels = new ArrayList<>();
    private final Map<String, cl_program> programs = new HashMap<>();
    private long hostSyncs;
    private boolean closed;

    private ClSession(ClDeviceContext shared, cl_command_queue queue) {
        this.shared = shared;
        this.device = shared.device();
        this.queue = queue;
    }

    @SuppressWarnings("deprecation") // clCreateCommandQueue: the OpenCL 1.2 call, which every platform has
    static ClSession open(ClDevice device) {
        ClDeviceContext shared = ClDeviceContext.of(device);
        cl_command_queue queue;
        try {
            queue = CL.clCreateCommandQueue(shared.context(), device.id(), 0, null);
        } catch (CLException e) {
            throw new OpenClException("cannot create a command queue on " + device.describe() + ": " + e.getMessage(), e);
        }
        ClObjects.created(Kind.QUEUE);
        return new ClSession(shared, queue);
    }

    ClDevice device() {
        return device;
    }

    /** A device buffer of {@code bytes} (at least 4); {@code host}, if not null, is copied in at creation. */
    cl_mem buffer(long flags, long bytes, Pointer host) {
        cl_mem m = CL.clCreateBuffer(shared.context(), flags, Math.max(4, bytes), host, null);
        ClObjects.created(Kind.MEM);
        mems.add(m);
        return m;
    }

    /**
     * The program built from {@code source} with {@code options} (shared, built on first request).
     *
     * @throws OpenClException naming the device, the program and including the build log on failure
     */
    cl_program program(String name, String source, String options) {
        String key = options + '\n' + source;
        cl_program p = programs.get(key);
        if (p == null) {
            p = shared.acquire(name, source, options);
            programs.put(key, p);
        }
        return p;
    }

    /** Distinct programs this session's kernels come from. */
    int programCount() {
        return programs.size();
    }

    cl_kernel kernel(cl_program program, String name) {
        cl_kernel k = CL.clCreateKernel(program, name, null);
        ClObjects.created(Kind.KERNEL);
        kernels.add(k);
        return k;
    }

    /** The largest work-group size the device allows for {@code kernel}. */
    long maxWorkGroupSize(cl_kernel kernel) {
        long[] v = new long[1];
        CL.clGetKernelWorkGroupInfo(kernel, device.id(), CL.CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    void launch(cl_kernel kernel, long[] global, long[] local) {
        CL.clEnqueueNDRangeKernel(queue, kernel, 1, null, global, local, 0, null, null);
    }

    /**
     * Queues a copy from host memory (a direct buffer) that must stay untouched until the next host
     * synchronisation. JOCL keeps the buffer alive until the copy is done with a small record per call.
     */
    void writeNonBlocking(cl_mem mem, long offsetBytes, long bytes, Pointer from) {
        CL.clEnqueueWriteBuffer(queue, mem, false, offsetBytes, bytes, from, 0, null, null);
    }

    /** Queues a copy between device buffers. */
    void copy(cl_mem from, long fromOffsetBytes, cl_mem to, long toOffsetBytes, long bytes) {
        CL.clEnqueueCopyBuffer(queue, from, to, fromOffsetBytes, toOffsetBytes, bytes, 0, null, null);
    }

    /** A read that returns when it, and with the in-order queue everything before it, is done. Counted. */
    void readBlocking(cl_mem mem, long offsetBytes, long bytes, Pointer to) {
        hostSyncs++;
        CL.clEnqueueReadBuffer(queue, mem, true, offsetBytes, bytes, to, 0, null, null);
    }

    /** Waits for everything queued. Counted. */
    void finish() {
        hostSyncs++;
        CL.clFinish(queue);
    }

    /** Host synchronisations so far (blocking transfers and finishes). */
    long hostSyncs() {
        return hostSyncs;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            CL.clFinish(queue);
        } catch (CLException e) {
            // released below regardless: a failed queue has nothing left worth waiting for
        }
        for (cl_kernel k : kernels) {
            CL.clReleaseKernel(k);
            ClObjects.released(Kind.KERNEL);
        }
        kernels.clear();
        for (cl_program p : programs.values()) {
            shared.release(p);
        }
        programs.clear();
        for (cl_mem m : mems) {
            CL.clReleaseMemObject(m);
            ClObjects.released(Kind.MEM);
        }
        mems.clear();
        CL.clReleaseCommandQueue(queue);
        ClObjects.released(Kind.QUEUE);
    }
}
