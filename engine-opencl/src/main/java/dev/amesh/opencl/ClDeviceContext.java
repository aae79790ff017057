package dev.amesh.opencl;

import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;

import dev.amesh.opencl.ClObjects.Kind;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

/**
 * The process-wide OpenCL context of one device and its built programs. Building is the slow part of
 * compiling a model (PoCL runs LLVM for every program), so programs are shared between compiled models
 * by source and options and reference-counted: a model takes a reference for each program it uses and
 * returns it on close. Programs nobody uses stay built, at most {@link #IDLE_PROGRAM_LIMIT} of them (the
 * least recently used go first), so that compiling the same graph again costs no build. The context lives
 * as long as the process. Thread-safe.
 */
final class ClDeviceContext {
    /** Built programs kept while no model uses them. */
    static final int IDLE_PROGRAM_LIMIT = 256;

    private static final Map<ClDevice, ClDeviceContext> CONTEXTS = new HashMap<>();

    private final ClDevice device;
    private final cl_context context;
    private final Map<String, Entry> programs = new HashMap<>();
    /** Programs with no users, oldest first. */
    private final LinkedHashMap<String, Entry> idle = new LinkedHashMap<>();

    private static final class Entry {
        final String key;
        final cl_program program;
        int users;

        Entry(String key, cl_program program) {
            this.key = key;
            this.program = program;
        }
    }

    private ClDeviceContext(ClDevice device, cl_context context) {
        this.device = device;
        this.context = context;
    }

    /** The context of {@code device}, created on first use. */
    static synchronized ClDeviceContext of(ClDevice device) {
        ClDeviceContext c = CONTEXTS.get(device);
        if (c == null) {
            CL.setExceptionsEnabled(true);
            cl_context context;
            try {
                context = CL.clCreateContext(null, 1, new cl_device_id[] {device.id()}, null, null, null);
            } catch (CLException e) {
                throw new OpenClException("cannot create an OpenCL context on " + device.describe() + ": "
                        + e.getMessage(), e);
            }
            ClObjects.created(Kind.CONTEXT);
            c = new ClDeviceContext(device, context);
            CONTEXTS.put(device, c);
        }
        return c;
    }

    /** Releases, on every device, the built programs that no model uses. */
    static synchronized void releaseAllIdlePrograms() {
        for (ClDeviceContext c : CONTEXTS.values()) {
            c.releaseIdlePrograms();
        }
    }

    ClDevice device() {
        return device;
    }

    cl_context context() {
        return context;
    }

    /**
     * The program built from {@code source} with {@code options}, with one more user. Hand it back with
     * {@link #release(cl_program)}.
     *
     * @throws OpenClException naming the device and the program, with the build log, when it does not build
     */
    synchronized cl_program acquire(String name, String source, String options) {
        String key = options + '\n' + source;
        Entry e = programs.get(key);
        if (e == null) {
            e = new Entry(key, build(name, source, options));
            programs.put(key, e);
        }
        if (e.users++ == 0) {
            idle.remove(key);
        }
        return e.program;
    }

    /** Returns one use of {@code program}; unused programs are kept up to the idle limit. */
    synchronized void release(cl_program program) {
        for (Entry e : programs.values()) {
            if (e.program == program) {
                if (--e.users == 0) {
                    idle.put(e.key, e);
                    trimIdle(IDLE_PROGRAM_LIMIT);
                }
                return;
            }
        }
        throw new IllegalStateException("program released more often than acquired on " + device.describe());
    }

    /** Releases every built program that no model uses. */
    synchronized void releaseIdlePrograms() {
        trimIdle(0);
    }

    private void trimIdle(int keep) {
        Iterator<Entry> it = idle.values().iterator();
        while (idle.size() > keep && it.hasNext()) {
            Entry e = it.next();
            it.remove();
            programs.remove(e.key);
            CL.clReleaseProgram(e.program);
            ClObjects.released(Kind.PROGRAM);
        }
    }

    private cl_program build(String name, String source, String options) {
        cl_program p = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
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
}
