package dev.amesh.jmh;

import dev.amesh.api.backend.Backend;
import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.ModelStore;
import dev.amesh.converter.models.TfjsModelStore;
import dev.amesh.mesh.Face;
import dev.amesh.mesh.FaceMesh;
import dev.amesh.mesh.FaceMeshResult;
import dev.amesh.mesh.cascade.CascadeResult;
import dev.amesh.mesh.cascade.EyeRois;
import dev.amesh.mesh.cascade.FaceCascade;
import dev.amesh.mesh.cascade.IrisLandmarks;
import dev.amesh.mesh.cascade.LipsTimingStandIn;
import dev.amesh.mesh.image.ImageSampling;
import dev.amesh.mesh.image.RgbImage;
import dev.amesh.mesh.landmarks.LandmarkRunner;
import dev.amesh.mesh.roi.NormalizedRect;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 * The Attention Mesh paper's Table 1 on the JVM: each network of the cascade, the cascade as one pipeline,
 * and the attention mesh, on the same photo ({@link PipelineBench#photo()}) and the same face.
 *
 * <p>Setup runs BlazeFace once and keeps its face ROI, and the eye and mouth crops that the plain mesh's
 * landmarks give on it. Every row but {@code cascade} then times one crop + inference + decoding on a fixed
 * ROI, with no detector:
 * <ul>
 * <li>{@code mesh}: face_landmark (468 points, 192x192) on the detector's face ROI;</li>
 * <li>{@code lipsStandIn}: the iris network on the mouth crop ({@link LipsTimingStandIn}, a timing stand-in:
 *     no lips model was published);</li>
 * <li>{@code eyeAndIris}: the iris network on the 33/133 eye crop (one eye);</li>
 * <li>{@code cascade}: {@link FaceCascade#detect} with the lips stand-in, i.e. mesh + eyes ×2 + stand-in,
 *     eye ROIs and merge, run as one pipeline. It is in TRACKING mode and warmed with one frame, so the
 *     detector does not run: the face crop is the ROI tracked from the previous frame's landmarks (same
 *     face, same 192x192 work), which setup checks stays tracked;</li>
 * <li>{@code attentionMesh}: face_landmark_with_attention (478 points) on the detector's face ROI.</li>
 * </ul>
 * All networks run under {@code -p backend} with {@code -p threads} threads; a backend that cannot run here
 * fails the benchmark with its reason.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class CascadeBench {
    /** Frames run in TRACKING mode at setup to check that the face stays tracked without the detector. */
    private static final int TRACKING_CHECK_FRAMES = 3;

    @Param({"cpu", "opencl"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    private final List<AutoCloseable> owned = new ArrayList<>();
    private RgbImage image;
    private NormalizedRect faceRoi;
    private NormalizedRect eyeRoi;
    private NormalizedRect lipsRoi;
    private LandmarkRunner mesh;
    private LandmarkRunner attention;
    private IrisLandmarks iris;
    private FaceCascade cascade;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        Backend be = Models.backend(backend);
        ModelStore store = ModelStore.defaultStore();
        Graph detectorGraph = store.load(ModelId.DETECTOR);
        Graph meshGraph = store.load(ModelId.MESH);
        Graph attentionGraph = store.load(ModelId.ATTENTION);
        Graph irisGraph = TfjsModelStore.defaultStore().load(TfjsModelStore.IRIS);
        image = PipelineBench.photo();
        try {
            findCrops(detectorGraph, meshGraph);
            BackendOptions options = BackendOptions.defaults().withThreads(threads);
            mesh = new LandmarkRunner(compile(be, meshGraph, options), ImageSampling.PIXEL_CENTER);
            attention = new LandmarkRunner(compile(be, attentionGraph, options), ImageSampling.PIXEL_CENTER);
            iris = new IrisLandmarks(compile(be, irisGraph, options), ImageSampling.PIXEL_CENTER);
            cascade = FaceCascade.builder().models(detectorGraph, meshGraph, irisGraph).backend(backend)
                    .threads(threads).mode(FaceMesh.Mode.TRACKING).lipsTimingStandIn(true).build();
            owned.add(cascade);
            CascadeResult first = cascade.detect(image);
            if (first.faces().size() != 1) {
                throw new IllegalStateException("the cascade found " + first.faces().size() + " faces in "
                        + PipelineBench.PHOTO + ", expected 1");
            }
        } catch (RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    /**
     * Detects the face once (STATIC-like first frame of a TRACKING FaceMesh with the plain mesh model) and
     * derives the crops; then checks that further frames keep the face without running the detector, as the
     * cascade's own FaceMesh will.
     */
    private void findCrops(Graph detectorGraph, Graph meshGraph) {
        try (FaceMesh base = FaceMesh.builder().models(detectorGraph, meshGraph).backend(backend).threads(threads)
                .mode(FaceMesh.Mode.TRACKING).build()) {
            FaceMeshResult r = base.detect(image);
            if (r.faces().size() != 1 || !r.faces().get(0).detected()) {
                throw new IllegalStateException("expected one detected face in " + PipelineBench.PHOTO
                        + " on backend '" + backend + "', found " + r.faces().size());
            }
            Face face = r.faces().get(0);
            faceRoi = face.roi();
            int w = image.width();
            int h = image.height();
            float[] norm = normalized(face.landmarks(), w, h);
            eyeRoi = EyeRois.leftEye(norm, w, h);
            lipsRoi = LipsTimingStandIn.roi(norm, w, h);
            for (int i = 0; i < TRACKING_CHECK_FRAMES; i++) {
                FaceMeshResult next = base.detect(image);
                if (next.detectorRan() || next.faces().size() != 1) {
                    throw new IllegalStateException("the face in " + PipelineBench.PHOTO + " is not kept by"
                            + " tracking on backend '" + backend + "'; the cascade row would include the detector");
                }
            }
        }
    }

    private CompiledModel compile(Backend be, Graph g, BackendOptions options) {
        CompiledModel m = be.compile(g, options);
        owned.add(m);
        return m;
    }

    private static float[] normalized(float[] px, int w, int h) {
        float[] n = new float[px.length];
        for (int i = 0; i + 2 < px.length; i += 3) {
            n[i] = px[i] / w;
            n[i + 1] = px[i + 1] / h;
            n[i + 2] = px[i + 2] / w;
        }
        return n;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        RuntimeException failure = null;
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing a benchmark model failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        owned.clear();
        if (failure != null) {
            throw failure;
        }
    }

    @Benchmark
    public LandmarkRunner.Result mesh() {
        return mesh.run(image, faceRoi);
    }

    @Benchmark
    public IrisLandmarks.Eye lipsStandIn() {
        return iris.run(image, lipsRoi, false);
    }

    @Benchmark
    public IrisLandmarks.Eye eyeAndIris() {
        return iris.run(image, eyeRoi, false);
    }

    @Benchmark
    public CascadeResult cascade() {
        return cascade.detect(image);
    }

    @Benchmark
    public LandmarkRunner.Result attentionMesh() {
        return attention.run(image, faceRoi);
    }
}
