package dev.amesh.opencl;

import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;

import dev.amesh.opencl.ClObjects.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * One context and in-order queue on one device, owning every object created through it and releasing
 * them all on {@link #close()}. Programs are cached by source and build options, so nodes of the same
 * shape share one build. It counts host synchronisations: every blocking read or write and every
 * {@code clFinish}; non-blocking transfers and kernel launches are not counted.
 */
final class ClSession implements AutoCloseable {
    private final ClDevice device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final List<cl_mem> mems = new ArrayList<>();
    private final List<cl_kernel> kernels = new ArrayList<>();
    private final Map<String, cl_program> programs = new HashMap<>();
    private long hostSyncs;
    private boolean closed;

    private ClSession(ClDevice device, cl_context context, cl_command_queue queue) {
        this.device = device;
        this.context = context;
        this.queue = queue;
    }

    @SuppressWarnings("deprecation") // clCreateCommandQueue: the OpenCL 1.2 call, which every platform has
    static ClSession open(ClDevice device) {
        CL.setExceptionsEnabled(true);
        cl_context context;
        try {
            context = CL.clCreateContext(null, 1, new cl_device_id[] {device.id()}, null, null, null);
        } catch (CLException e) {
            throw new OpenClException("cannot create an OpenCL context on " + device.describe() + ": " + e.getMessage(), e);
        }
        ClObjects.created(Kind.CONTEXT);
        cl_command_queue queue;
        try {
            queue = CL.clCreateCommandQueue(context, device.id(), 0, null);
        } catch (CLException e) {
            CL.clReleaseContext(context);
            ClObjects.released(Kind.CONTEXT);
            throw new OpenClException("cannot create a command queue on " + device.describe() + ": " + e.getMessage(), e);
        }
        ClObjects.created(Kind.QUEUE);
        return new ClSession(device, context, queue);
    }

    ClDevice device() {
        return device;
    }

    /** A device buffer of {@code bytes} (at least 4); {@code host}, if not null, is copied in at creation. */
    cl_mem buffer(long flags, long bytes, Pointer host) {
        cl_mem m = CL.clCreateBuffer(context, flags, Math.max(4, bytes), host, null);
        ClObjects.created(Kind.MEM);
        mems.add(m);
        return m;
    }

    /**
     * The program built from {@code source} with {@code options}, built on first request.
     *
     * @throws OpenClException naming the device, the program and including the build log on failure
     */
    cl_program program(String name, String source, String options) {
        String key = options + '\n' + source;
        cl_program p = programs.get(key);
        if (p != null) {
            return p;
        }
        p = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        ClObjects.created(Kind.PROGRAM);
        try {
            CL.clBuildProgram(p, 1, new cl_device_id[] {device.id()}, options, null, null);
        } catch (CLException e) {
            String log = buildLog(p);
            CL.clReleaseProgram(p);
            ClObjects.released(Kind.PROGRAM);
            throw new OpenClException("OpenCL program '" + name + "' did not build on device " + device.describe()
                    + " (" + e.getMessage() + ") with options [" + options + "]; build log:\n" + log, e);
        }
        programs.put(key, p);
        return p;
    }

    private String buildLog(cl_program p) {
        try {
            long[] size = new long[1];
            CL.clGetProgramBuildInfo(p, device.id(), CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] bytes = new byte[(int) size[0]];
            CL.clGetProgramBuildInfo(p, device.id(), CL_PROGRAM_BUILD_LOG, bytes.length, Pointer.to(bytes), null);
            return new String(bytes, StandardCharsets.UTF_8).trim();
        } catch (CLException e) {
            return "(no build log: " + e.getMessage() + ")";
        }
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

    /** Queues a copy from host memory that must stay untouched until the next host synchronisation. */
    void writeNonBlocking(cl_mem mem, long offsetBytes, long bytes, Pointer from) {
        CL.clEnqueueWriteBuffer(queue, mem, false, offsetBytes, bytes, from, 0, null, null);
    }

    /** Queues a copy to host memory that is filled at the next host synchronisation. */
    void readNonBlocking(cl_mem mem, long offsetBytes, long bytes, Pointer to) {
        CL.clEnqueueReadBuffer(queue, mem, false, offsetBytes, bytes, to, 0, null, null);
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
            CL.clReleaseProgram(p);
            ClObjects.released(Kind.PROGRAM);
        }
        programs.clear();
        for (cl_mem m : mems) {
            CL.clReleaseMemObject(m);
            ClObjects.released(Kind.MEM);
        }
        mems.clear();
        CL.clReleaseCommandQueue(queue);
        ClObjects.released(Kind.QUEUE);
        CL.clReleaseContext(context);
        ClObjects.released(Kind.CONTEXT);
    }
}
