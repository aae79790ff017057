package dev.amesh.jmh;

import dev.amesh.mesh.FaceMesh;
import dev.amesh.mesh.FaceMeshResult;
import dev.amesh.mesh.image.ImageLoader;
import dev.amesh.mesh.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The whole pipeline on a real photo: {@code FaceMesh.detect} in STATIC mode, so every call runs BlazeFace,
 * the ROI, the attention mesh on the crop, refinement and projection. The photo is
 * {@code samples/astronaut.png} (run from the repository root), or
 * {@code <amesh.testdata>/reference/images/astronaut.png} when {@code -Damesh.testdata=DIR} is given.
 * A backend that cannot run here fails the benchmark with its reason.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class PipelineBench {
    static final String PHOTO = "astronaut.png";

    @Param({"scalar", "cpu", "opencl"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    private FaceMesh mesh;
    private RgbImage image;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        Models.backend(backend);
        image = photo();
        mesh = FaceMesh.builder().backend(backend).threads(threads).build();
        FaceMeshResult first = mesh.detect(image);
        if (first.faces().size() != 1) {
            mesh.close();
            throw new IllegalStateException("expected one face in " + PHOTO + " on backend '" + backend
                    + "', found " + first.faces().size());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mesh.close();
    }

    @Benchmark
    public FaceMeshResult detect() {
        return mesh.detect(image);
    }

    /**
     * The astronaut photo: {@code <amesh.testdata>/reference/images/astronaut.png} when the property is set,
     * else {@code samples/astronaut.png}, else {@code testdata/reference/images/astronaut.png}, relative to
     * the working directory.
     */
    static RgbImage photo() throws IOException {
        String testdata = System.getProperty("amesh.testdata");
        Path[] candidates = testdata != null
                ? new Path[] {Path.of(testdata, "reference", "images", PHOTO)}
                : new Path[] {Path.of("samples", PHOTO), Path.of("testdata", "reference", "images", PHOTO)};
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return new ImageLoader().load(p);
            }
        }
        StringBuilder tried = new StringBuilder();
        for (Path p : candidates) {
            tried.append(' ').append(p.toAbsolutePath());
        }
        throw new IOException("benchmark photo not found; tried" + tried
                + " (run from the repository root, or pass -Damesh.testdata=<repo>/testdata)");
    }
}
