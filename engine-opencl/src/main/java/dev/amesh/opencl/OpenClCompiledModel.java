package dev.amesh.opencl;

import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.backend.OpObserver;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.GraphException;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.exec.CpuCompiledModel;
import dev.amesh.cpu.exec.MemoryPlan;
import dev.amesh.cpu.ref.ReferenceKernels;
import dev.amesh.opencl.LaunchSpec.Place;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * A graph on one OpenCL device. At compile time every node is validated by the reference kernels'
 * factories (same checks and messages as the scalar backend), activations get windows of one device
 * arena laid out by engine-cpu's {@link dev.amesh.cpu.exec.MemoryPlanner}, all constants go to the device
 * once in one buffer, and every kernel is created with its arguments set.
 *
 * <p>One {@link #run} writes the inputs without blocking, enqueues every kernel, gathers the outputs on
 * the device into one buffer and reads that with one blocking read: with the in-order queue this is the
 * one host synchronisation of the run ({@link #hostSyncCount()}). With an {@link OpObserver} installed
 * each node is followed by a {@code clFinish} (its time) and a blocking read of its outputs, so a run
 * then synchronises twice per node plus once for the outputs.
 *
 * <p>Output tensors view a host copy of the arena and stay valid until the next run. Not thread-safe.
 */
public final class OpenClCompiledModel implements CompiledModel {
    /** Work-group size asked for 1-D launches (less where a kernel or device allows less). */
    static final int PREFERRED_LOCAL_SIZE = 64;

    private final Graph graph;
    private final MemoryPlan plan;
    private final ClSession session;
    private final cl_mem arena;
    private final cl_mem gatheredOutputs;
    private final Node[] nodes;
    private final Launch[][] launches;
    private final int launchCount;
    private final float[] hostArena;
    private final Tensor[][] nodeOutputViews;
    private final Pointer[][] nodeOutputPointers;
    private final TensorInfo[] inputInfos;
    private final FloatBuffer inputStaging;
    private final int[] inputStagingOffsets;
    private final Pointer[] inputPointers;
    private final long[] inputArenaBytes;
    private final FloatBuffer outputStaging;
    private final int[] outputStagingOffsets;
    private final Pointer outputPointer;
    private final long outputBytes;
    private final int[] outputArenaOffsets;
    private final int[] outputSizes;
    private final Tensor[] outputViews;
    private OpObserver observer;
    private boolean closed;

    /** One prepared kernel launch: the kernel with its arguments set, and its 1-D sizes. */
    private record Launch(cl_kernel kernel, long[] global, long[] local) {
    }

    private OpenClCompiledModel(Graph graph, MemoryPlan plan, ClSession session, cl_mem arena, Launch[][] launches) {
        this.graph = graph;
        this.plan = plan;
        this.session = session;
        this.arena = arena;
        this.nodes = graph.nodes().toArray(new Node[0]);
        this.launches = launches;
        int count = 0;
        for (Launch[] l : launches) {
            count += l.length;
        }
        this.launchCount = count;
        this.hostArena = new float[Math.max(1, plan.arenaFloats())];

        nodeOutputViews = new Tensor[nodes.length][];
        nodeOutputPointers = new Pointer[nodes.length][];
        for (Node n : nodes) {
            Tensor[] views = new Tensor[n.outputCount()];
            Pointer[] ptrs = new Pointer[n.outputCount()];
            for (int i = 0; i < views.length; i++) {
                TensorInfo t = graph.tensor(n.output(i));
                views[i] = hostView(t);
                ptrs[i] = Pointer.to(hostArena).withByteOffset(4L * plan.offset(t.id()));
            }
            nodeOutputViews[n.index()] = views;
            nodeOutputPointers[n.index()] = ptrs;
        }

        int[] inputIds = graph.inputs();
        inputInfos = new TensorInfo[inputIds.length];
        inputStagingOffsets = new int[inputIds.length];
        inputArenaBytes = new long[inputIds.length];
        int staged = 0;
        for (int i = 0; i < inputIds.length; i++) {
            inputInfos[i] = graph.tensor(inputIds[i]);
            inputStagingOffsets[i] = staged;
            inputArenaBytes[i] = 4L * plan.offset(inputIds[i]);
            staged += inputInfos[i].shape().numElements();
        }
        ByteBuffer in = ByteBuffer.allocateDirect(4 * Math.max(1, staged)).order(ByteOrder.nativeOrder());
        inputStaging = in.asFloatBuffer();
        inputPointers = new Pointer[inputIds.length];
        for (int i = 0; i < inputIds.length; i++) {
            inputPointers[i] = Pointer.to(in).withByteOffset(4L * inputStagingOffsets[i]);
        }

        int[] outputIds = graph.outputs();
        outputStagingOffsets = new int[outputIds.length];
        outputArenaOffsets = new int[outputIds.length];
        outputSizes = new int[outputIds.length];
        outputViews = new Tensor[outputIds.length];
        staged = 0;
        for (int i = 0; i < outputIds.length; i++) {
            TensorInfo t = graph.tensor(outputIds[i]);
            outputStagingOffsets[i] = staged;
            outputArenaOffsets[i] = plan.offset(t.id());
            outputSizes[i] = t.isConstant() ? 0 : t.shape().numElements();
            outputViews[i] = t.isConstant() ? new Tensor(t.name(), t.shape(), t.constantData(), 0) : hostView(t);
            staged += outputSizes[i];
        }
        ByteBuffer out = ByteBuffer.allocateDirect(4 * Math.max(1, staged)).order(ByteOrder.nativeOrder());
        outputStaging = out.asFloatBuffer();
        outputPointer = Pointer.to(out);
        outputBytes = 4L * staged;
        gatheredOutputs = session.buffer(CL_MEM_READ_WRITE, outputBytes, null);
    }

    private Tensor hostView(TensorInfo t) {
        return new Tensor(t.name(), t.shape(), hostArena, plan.offset(t.id()));
    }

    /**
     * Validates, plans and lowers {@code graph}, then creates everything on {@code device}.
     *
     * @throws GraphException naming the node when an op does not fit (as the scalar backend would)
     * @throws OpenClException naming the device (and with the build log) when OpenCL fails
     */
    static OpenClCompiledModel compile(Graph graph, BackendOptions options, ClDevice device) {
        return compile(graph, options, device, device.fp64());
    }

    /**
     * As {@link #compile(Graph, BackendOptions, ClDevice)}; {@code fp64 = false} runs the custom ops' double
     * steps in float even on a device with fp64, which is how a device without it computes them.
     */
    static OpenClCompiledModel compile(Graph graph, BackendOptions options, ClDevice device, boolean fp64) {
        if (fp64 && !device.fp64()) {
            throw new IllegalArgumentException("device " + device.describe() + " has no cl_khr_fp64");
        }
        MemoryPlan plan;
        try (CpuCompiledModel validated = CpuCompiledModel.compile(graph, ReferenceKernels.registry(), options)) {
            plan = validated.memoryPlan();
        }
        WeightPacker packer = new WeightPacker();
        OpLowering lowering = new OpLowering(graph, plan, packer, fp64);
        List<List<LaunchSpec>> specs = new ArrayList<>();
        for (Node n : graph.nodes()) {
            specs.add(lowering.lower(n));
        }
        ClSession session = ClSession.open(device);
        try {
            cl_mem arena = session.buffer(CL_MEM_READ_WRITE, 4L * plan.arenaFloats(), null);
            float[] packed = packer.pack();
            cl_mem weights = session.buffer(CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, 4L * packed.length,
                    Pointer.to(packed));
            String buildFlags = device.correctlyRoundedDivide() ? " -cl-fp32-correctly-rounded-divide-sqrt" : "";
            Launch[][] launches = new Launch[specs.size()][];
            for (int k = 0; k < specs.size(); k++) {
                List<LaunchSpec> nodeSpecs = specs.get(k);
                launches[k] = new Launch[nodeSpecs.size()];
                for (int j = 0; j < nodeSpecs.size(); j++) {
                    launches[k][j] = prepare(session, nodeSpecs.get(j), arena, weights, buildFlags, graph.nodes().get(k));
                }
            }
            return new OpenClCompiledModel(graph, plan, session, arena, launches);
        } catch (CLException e) {
            session.close();
            throw new OpenClException("OpenCL failed while compiling '" + graph.name() + "' on device "
                    + device.describe() + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            session.close();
            throw e;
        }
    }

    private static Launch prepare(ClSession session, LaunchSpec spec, cl_mem arena, cl_mem weights, String flags,
            Node node) {
        String options = spec.defines() + " -DKERNEL_" + spec.kernel() + "=1" + flags;
        cl_program program = session.program(spec.file() + ":" + spec.kernel() + " for node " + node.index()
                + " (" + node.op() + ")", KernelSources.program(spec.file()), options);
        cl_kernel kernel = session.kernel(program, spec.kernel());
        int arg = 0;
        for (Object a : spec.args()) {
            if (a instanceof Place p) {
                CL.clSetKernelArg(kernel, arg++, Sizeof.cl_mem, Pointer.to(p.weights() ? weights : arena));
                CL.clSetKernelArg(kernel, arg++, Sizeof.cl_int, Pointer.to(new int[] {p.offset()}));
            } else {
                CL.clSetKernelArg(kernel, arg++, Sizeof.cl_int, Pointer.to(new int[] {(Integer) a}));
            }
        }
        long items = spec.workItems();
        long local = Math.min(PREFERRED_LOCAL_SIZE, Math.min(session.maxWorkGroupSize(kernel),
                session.device().maxWorkGroupSize()));
        local = Long.highestOneBit(Math.max(1, Math.min(local, items)));
        long global = (items + local - 1) / local * local;
        return new Launch(kernel, new long[] {global}, new long[] {local});
    }

    @Override
    public Graph graph() {
        return graph;
    }

    /** The device this model runs on. */
    public ClDevice device() {
        return session.device();
    }

    /** Host synchronisations since compilation: blocking reads and writes and clFinish calls. */
    public long hostSyncCount() {
        return session.hostSyncs();
    }

    /** Kernel launches of one run (aliased RESHAPEs launch nothing; a CONCATENATION one per input). */
    public int launchCount() {
        return launchCount;
    }

    /** Distinct OpenCL programs (kernel source and shape defines) the launches use. */
    public int programCount() {
        return session.programCount();
    }

    @Override
    public Tensor[] run(Tensor... inputs) {
        if (closed) {
            throw new IllegalStateException("model '" + graph.name() + "' is closed");
        }
        checkInputs(inputs);
        try {
            for (int i = 0; i < inputs.length; i++) {
                Tensor t = inputs[i];
                inputStaging.put(inputStagingOffsets[i], t.data(), t.offset(), t.size());
                if (t.size() > 0) {
                    session.writeNonBlocking(arena, inputArenaBytes[i], 4L * t.size(), inputPointers[i]);
                }
            }
            OpObserver obs = observer;
            for (int k = 0; k < launches.length; k++) {
                if (obs == null) {
                    enqueue(launches[k]);
                } else {
                    long t0 = System.nanoTime();
                    enqueue(launches[k]);
                    session.finish();
                    long nanos = System.nanoTime() - t0;
                    readNodeOutputs(k);
                    obs.onOp(nodes[k], nodeOutputViews[k], nanos);
                }
            }
            readOutputs();
        } catch (CLException e) {
            throw new OpenClException("OpenCL failed while running '" + graph.name() + "' on device "
                    + session.device().describe() + ": " + e.getMessage(), e);
        }
        return outputViews;
    }

    private void enqueue(Launch[] nodeLaunches) {
        for (Launch l : nodeLaunches) {
            session.launch(l.kernel(), l.global(), l.local());
        }
    }

    private void readNodeOutputs(int k) {
        Node n = nodes[k];
        for (int i = 0; i < n.outputCount(); i++) {
            TensorInfo t = graph.tensor(n.output(i));
            if (t.shape().numElements() > 0) {
                session.readBlocking(arena, 4L * plan.offset(t.id()), 4L * t.shape().numElements(),
                        nodeOutputPointers[k][i]);
            }
        }
    }

    /** Copies the outputs on the device into one buffer and reads that: the one synchronisation of a run. */
    private void readOutputs() {
        if (outputBytes == 0) {
            session.finish();
            return;
        }
        for (int i = 0; i < outputSizes.length; i++) {
            if (outputSizes[i] > 0) {
                session.copy(arena, 4L * outputArenaOffsets[i], gatheredOutputs, 4L * outputStagingOffsets[i],
                        4L * outputSizes[i]);
            }
        }
        session.readBlocking(gatheredOutputs, 0, outputBytes, outputPointer);
        for (int i = 0; i < outputSizes.length; i++) {
            if (outputSizes[i] > 0) {
                outputStaging.get(outputStagingOffsets[i], hostArena, outputArenaOffsets[i], outputSizes[i]);
            }
        }
    }

    private void checkInputs(Tensor[] inputs) {
        if (inputs == null || inputs.length != inputInfos.length) {
            throw new IllegalArgumentException("model '" + graph.name() + "' takes " + inputInfos.length
                    + " input(s), got " + (inputs == null ? 0 : inputs.length));
        }
        for (int i = 0; i < inputs.length; i++) {
            TensorInfo info = inputInfos[i];
            if (inputs[i] == null) {
                throw new IllegalArgumentException("input " + i + " '" + info.name() + "' is null");
            }
            if (!inputs[i].shape().equals(info.shape())) {
                throw new IllegalArgumentException("input " + i + " '" + info.name() + "': expected shape "
                        + info.shape() + ", got " + inputs[i].shape());
            }
        }
    }

    @Override
    public void setObserver(OpObserver observer) {
        this.observer = observer;
    }

    @Override
    public long peakActivationBytes() {
        return plan.arenaBytes();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            session.close();
        }
    }
}
