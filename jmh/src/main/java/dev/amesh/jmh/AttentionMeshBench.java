package dev.amesh.jmh;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.tensor.Tensor;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One inference of the Attention Mesh landmark model (face_landmark_with_attention, 87 MFLOP) on one
 * 192x192 input, alone (no detector, no pre/post-processing). Any registered backend name works as
 * {@code -p backend=...}; one that cannot run here fails the benchmark with its reason.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class AttentionMeshBench {
    @Param({"scalar", "cpu", "opencl"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    private CompiledModel model;
    private Tensor[] input;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        Graph graph = Models.load(Models.ATTENTION);
        model = Models.backend(backend).compile(graph, BackendOptions.defaults().withThreads(threads));
        input = Models.randomInput(graph, 192);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
    }

    @Benchmark
    public Tensor[] inference() {
        return model.run(input);
    }
}
