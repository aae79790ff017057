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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two faces at once: two JMH threads, each running its own compiled attention model with one thread on
 * its own input, the way an application would track two faces on two cores. The score is the time of one
 * inference while the other thread runs one too; two faces per that time is the throughput to compare with
 * {@link AttentionMeshBench} at {@code threads=2} (one face, both cores inside the inference).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class ParallelFacesBench {
    @Param({"cpu"})
    public String backend;

    private CompiledModel model;
    private Tensor[] input;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        Graph graph = Models.load(Models.ATTENTION);
        model = Models.backend(backend).compile(graph, BackendOptions.defaults().withThreads(1));
        input = Models.randomInput(graph, Thread.currentThread().getId());
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
