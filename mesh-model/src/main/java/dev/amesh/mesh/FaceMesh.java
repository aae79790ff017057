package dev.amesh.mesh;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.ModelStore;
import dev.amesh.mesh.detect.Detection;
import dev.amesh.mesh.detect.FaceDetector;
import dev.amesh.mesh.image.ImageSampling;
import dev.amesh.mesh.image.RgbImage;
import dev.amesh.mesh.landmarks.LandmarkDecoder;
import dev.amesh.mesh.landmarks.LandmarkModelKind;
import dev.amesh.mesh.landmarks.LandmarkRunner;
import dev.amesh.mesh.roi.FaceRois;
import dev.amesh.mesh.roi.NormalizedRect;
import dev.amesh.mesh.roi.RectAssociation;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Face landmarks for photos and frame sequences, computing what MediaPipe's Face Mesh CPU graph computes
 * (§1): BlazeFace detection, one ROI per face, the landmark model per ROI, presence gate, refinement to
 * 478 points and projection to pixels.
 *
 * <pre>{@code
 * try (FaceMesh mesh = FaceMesh.builder().models(detectorGraph, attentionGraph).maxFaces(2).build()) {
 *     FaceMeshResult r = mesh.detect(ImageIO.read(file));
 * }
 * }</pre>
 *
 * <p>Thread safety: {@code detect} is synchronized, so an instance may be shared, but calls then run one
 * at a time (the compiled models, their buffers and the tracking state are per instance). For parallel
 * throughput use one instance per thread, or {@link Builder#parallelFaces(int)} to run several faces of
 * one image at once. In {@link Mode#TRACKING} the instance remembers the previous
 * frame, so one instance should see one video stream; a frame of another size starts from detection again.
 */
public final class FaceMesh implements AutoCloseable {
    /** Static images, or a frame sequence where each frame's landmarks give the next frame's ROIs. */
    public enum Mode {
        /** Every image runs the detector (MediaPipe {@code static_image_mode=True}). */
        STATIC,
        /** Faces are tracked from frame to frame; the detector runs while fewer than maxFaces are tracked. */
        TRACKING
    }

    private final FaceDetector detector;
    /** One runner per landmark model: faces of one image run on them at once (runner 0 on the caller). */
    private final LandmarkRunner[] runners;
    private final CompiledModel detectorModel;
    private final CompiledModel[] landmarkModels;
    /** Threads for runners 1..n-1; null with one runner. */
    private final ExecutorService faceThreads;
    private final int maxFaces;
    private final float minPresenceConfidence;
    private final Mode mode;
    private final ImageSampling sampling;
    private List<NormalizedRect> trackedRois = List.of();
    private int trackedWidth;
    private int trackedHeight;
    private boolean closed;

    private FaceMesh(Builder b, CompiledModel detectorModel, CompiledModel[] landmarkModels) {
        this.detectorModel = detectorModel;
        this.landmarkModels = landmarkModels.clone();
        this.detector = new FaceDetector(detectorModel, b.minDetectionConfidence, b.sampling);
        this.runners = new LandmarkRunner[landmarkModels.length];
        for (int i = 0; i < runners.length; i++) {
            runners[i] = new LandmarkRunner(landmarkModels[i], b.sampling);
        }
        this.faceThreads = runners.length == 1 ? null : Executors.newFixedThreadPool(runners.length - 1, r -> {
            Thread t = new Thread(r, "amesh-faces");
            t.setDaemon(true);
            return t;
        });
        this.sampling = b.sampling;
        this.maxFaces = b.maxFaces;
        this.minPresenceConfidence = b.minPresenceConfidence;
        this.mode = b.mode;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Which landmark model runs: ATTENTION (478 points) or MESH (468). */
    public LandmarkModelKind landmarkModel() {
        return runners[0].kind();
    }

    /** How image regions become model inputs (MediaPipe's CPU or GPU convention). */
    public ImageSampling sampling() {
        return sampling;
    }

    public Mode mode() {
        return mode;
    }

    public int maxFaces() {
        return maxFaces;
    }

    /** How many faces of one image run their landmark model at the same time. */
    public int parallelFaces() {
        return runners.length;
    }

    /** Finds faces in an image; its stored samples are used as 8-bit RGB (gray replicated, alpha ignored). */
    public FaceMeshResult detect(BufferedImage image) {
        return detect(RgbImage.of(Objects.requireNonNull(image, "image")));
    }

    /** Finds faces in raw interleaved RGB. In TRACKING mode, uses and updates the previous frame's faces. */
    public synchronized FaceMeshResult detect(RgbImage image) {
        Objects.requireNonNull(image, "image");
        if (closed) {
            throw new IllegalStateException("this FaceMesh is closed");
        }
        int w = image.width();
        int h = image.height();
        List<Candidate> tracked = new ArrayList<>();
        if (mode == Mode.TRACKING && w == trackedWidth && h == trackedHeight) {
            for (NormalizedRect r : trackedRois) {
                tracked.add(new Candidate(r, null));
            }
        }
        List<Candidate> detected = new ArrayList<>();
        boolean runDetector = tracked.size() < maxFaces;
        if (runDetector) {
            List<Detection> dets = detector.detect(image);
            for (int i = 0; i < dets.size() && i < maxFaces; i++) {
                detected.add(new Candidate(FaceRois.fromDetection(dets.get(i), w, h), dets.get(i)));
            }
        }
        List<Candidate> rois = RectAssociation.associate(detected, tracked, RectAssociation.FACE_MESH_THRESHOLD,
                Candidate::rect);
        List<Candidate> usable = new ArrayList<>();
        for (Candidate c : rois) {
            if (usable(c.rect)) {
                usable.add(c);
            }
        }
        LandmarkRunner.Result[] results = landmarks(image, usable);
        List<Face> faces = new ArrayList<>();
        List<NormalizedRect> next = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            LandmarkRunner.Result r = results[i];
            if (!LandmarkDecoder.isPresent(r.presence(), minPresenceConfidence)) {
                continue;
            }
            faces.add(toFace(r, usable.get(i), w, h));
            next.add(FaceRois.fromLandmarks(r.landmarks(), w, h));
        }
        if (mode == Mode.TRACKING) {
            trackedRois = List.copyOf(next);
            trackedWidth = w;
            trackedHeight = h;
        }
        return new FaceMeshResult(w, h, faces, runDetector);
    }

    /**
     * The landmark model on every candidate, in order. With several runners, runner j takes candidates j,
     * j + n, ... on its own thread (runner 0 on the caller); each inference computes the same bits on any
     * runner, so the result does not depend on how many run at once.
     */
    private LandmarkRunner.Result[] landmarks(RgbImage image, List<Candidate> candidates) {
        int count = candidates.size();
        LandmarkRunner.Result[] results = new LandmarkRunner.Result[count];
        int n = Math.min(runners.length, count);
        List<Future<?>> others = new ArrayList<>();
        for (int j = 1; j < n; j++) {
            int first = j;
            others.add(faceThreads.submit(() -> runEvery(first, n, image, candidates, results)));
        }
        RuntimeException failure = null;
        try {
            runEvery(0, Math.max(1, n), image, candidates, results);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re
                            : new IllegalStateException("landmark inference failed: " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) {
                    failure = new IllegalStateException("interrupted while waiting for a face's landmarks", e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    private void runEvery(int first, int step, RgbImage image, List<Candidate> candidates,
            LandmarkRunner.Result[] results) {
        LandmarkRunner runner = runners[first];
        for (int i = first; i < results.length; i += step) {
            results[i] = runner.run(image, candidates.get(i).rect);
        }
    }

    /** A ROI with a positive, finite size; degenerate detector boxes give none and are skipped. */
    private static boolean usable(NormalizedRect r) {
        return r.width() > 0 && r.height() > 0 && Float.isFinite(r.width()) && Float.isFinite(r.height())
                && Float.isFinite(r.xCenter()) && Float.isFinite(r.yCenter()) && Float.isFinite(r.rotation());
    }

    /** Forgets tracked faces: the next frame starts from detection. */
    public synchronized void reset() {
        trackedRois = List.of();
    }

    static Face toFace(LandmarkRunner.Result r, Candidate c, int w, int h) {
        float[] xyz = r.landmarks();
        float[] px = new float[xyz.length];
        for (int i = 0; i < xyz.length; i += 3) {
            px[i] = xyz[i] * w;
            px[i + 1] = xyz[i + 1] * h;
            px[i + 2] = xyz[i + 2] * w;
        }
        Detection d = c.detection;
        if (d == null) {
            return new Face(px, r.presence(), null, null, Float.NaN, c.rect);
        }
        float[] box = {d.xmin() * w, d.ymin() * h, d.width() * w, d.height() * h};
        float[] kp = d.keypoints();
        for (int i = 0; i < kp.length; i += 2) {
            kp[i] *= w;
            kp[i + 1] *= h;
        }
        return new Face(px, r.presence(), box, kp, d.score(), c.rect);
    }

    /** Closes the compiled models (also those handed in through {@link Builder#compiledModels}). */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (faceThreads != null) {
                faceThreads.shutdown();
            }
            try {
                detectorModel.close();
            } finally {
                closeAll(landmarkModels);
            }
        }
    }

    private static void closeAll(CompiledModel[] models) {
        RuntimeException failure = null;
        for (CompiledModel m : models) {
            if (m == null) {
                continue;
            }
            try {
                m.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    record Candidate(NormalizedRect rect, Detection detection) {
    }

    /** Options with MediaPipe's defaults: 1 face, thresholds 0.5, STATIC, best available backend. */
    public static final class Builder {
        private String backend;
        private int threads = -1;
        private int device = -1;
        private int maxFaces = 1;
        private int parallelFaces = 1;
        private float minDetectionConfidence = 0.5f;
        private float minPresenceConfidence = 0.5f;
        private Mode mode = Mode.STATIC;
        private ImageSampling sampling = ImageSampling.PIXEL_CENTER;
        private Graph detectorGraph;
        private Graph landmarkGraph;
        private CompiledModel detectorCompiled;
        private CompiledModel landmarkCompiled;

        private Builder() {
        }

        /** Backend name ({@code scalar}, {@code cpu}, ...); default: the best available. */
        public Builder backend(String name) {
            this.backend = Objects.requireNonNull(name, "backend");
            return this;
        }

        /** Threads per inference; default: the backend's default (all cores). */
        public Builder threads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + n);
            }
            this.threads = n;
            return this;
        }

        /** Device index for device backends (as {@code amesh devices} lists them); default: the backend chooses. */
        public Builder device(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("device index must be >= 0, got " + index);
            }
            this.device = index;
            return this;
        }

        public Builder maxFaces(int n) {
            if (n < 1 || n > 100) {
                throw new IllegalArgumentException("maxFaces must be between 1 and 100, got " + n);
            }
            this.maxFaces = n;
            return this;
        }

        /**
         * Runs the landmark model on up to {@code n} faces of an image at the same time (at most
         * {@code maxFaces}): {@link #build()} compiles that many landmark models, each with an equal share of
         * the threads (at least one), and faces are dealt out to them. Default 1: faces one after another,
         * each inference on all threads. The landmarks do not change. Needs graphs ({@link #models} or the
         * default models), not {@link #compiledModels}.
         */
        public Builder parallelFaces(int n) {
            if (n < 1 || n > 100) {
                throw new IllegalArgumentException("parallelFaces must be between 1 and 100, got " + n);
            }
            this.parallelFaces = n;
            return this;
        }

        /** Detector score threshold in [0, 1]; detections with a score below it are dropped. */
        public Builder minDetectionConfidence(float v) {
            this.minDetectionConfidence = checkUnit(v, "minDetectionConfidence");
            return this;
        }

        /** Face-presence threshold in [0, 1]; a face is kept when its presence is strictly above it. */
        public Builder minPresenceConfidence(float v) {
            this.minPresenceConfidence = checkUnit(v, "minPresenceConfidence");
            return this;
        }

        public Builder mode(Mode m) {
            this.mode = Objects.requireNonNull(m, "mode");
            return this;
        }

        /**
         * {@link ImageSampling#PIXEL_CENTER} (default) computes what MediaPipe's GPU graph and its web
         * solution compute, the landmarks in testdata/reference/mediapipe; {@link ImageSampling#OPENCV} what
         * its CPU graph (Python and C++ solutions) computes, bit-exact crops of OpenCV's warp.
         */
        public Builder imageSampling(ImageSampling s) {
            this.sampling = Objects.requireNonNull(s, "sampling");
            return this;
        }

        /** The BlazeFace short-range graph and a landmark graph (attention or plain mesh), compiled at build. */
        public Builder models(Graph detector, Graph landmarks) {
            this.detectorGraph = Objects.requireNonNull(detector, "detector");
            this.landmarkGraph = Objects.requireNonNull(landmarks, "landmarks");
            this.detectorCompiled = null;
            this.landmarkCompiled = null;
            return this;
        }

        /**
         * BlazeFace and the attention mesh from the shared model cache ({@link ModelStore#defaultStore()}),
         * fetched and converted on first use; what {@link #build()} does when no models were given.
         *
         * @throws UncheckedIOException when the models cannot be had (the message says why and what to do)
         */
        public Builder defaultModels() {
            loadDefaultModels();
            return this;
        }

        private void loadDefaultModels() {
            try {
                ModelStore store = ModelStore.defaultStore();
                models(store.load(ModelId.DETECTOR), store.load(ModelId.ATTENTION));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        /** Already compiled models; ownership passes to the FaceMesh (or to build(), which closes them if it fails). */
        public Builder compiledModels(CompiledModel detector, CompiledModel landmarks) {
            this.detectorCompiled = Objects.requireNonNull(detector, "detector");
            this.landmarkCompiled = Objects.requireNonNull(landmarks, "landmarks");
            this.detectorGraph = null;
            this.landmarkGraph = null;
            return this;
        }

        public FaceMesh build() {
            if (detectorCompiled != null) {
                try {
                    if (parallelFaces > 1) {
                        throw new IllegalStateException("parallelFaces(" + parallelFaces + ") compiles a landmark "
                                + "model per face and needs graphs (models(...) or the default models), not one "
                                + "compiled landmark model");
                    }
                    return new FaceMesh(this, detectorCompiled, new CompiledModel[] {landmarkCompiled});
                } catch (RuntimeException e) {
                    detectorCompiled.close();
                    landmarkCompiled.close();
                    throw e;
                }
            }
            if (detectorGraph == null) {
                loadDefaultModels();
            }
            int faces = Math.min(parallelFaces, maxFaces);
            int perFace = Math.max(1, (threads > 0 ? threads : Runtime.getRuntime().availableProcessors()) / faces);
            CompiledModel det = compile(detectorGraph);
            CompiledModel[] lm = new CompiledModel[faces];
            try {
                for (int i = 0; i < faces; i++) {
                    lm[i] = faces == 1 ? compile(landmarkGraph) : compile(landmarkGraph, perFace);
                }
                return new FaceMesh(this, det, lm);
            } catch (RuntimeException e) {
                try {
                    det.close();
                } finally {
                    closeAll(lm);
                }
                throw e;
            }
        }

        /**
         * Compiles {@code graph} with this builder's backend, threads and device: how {@link #build()}
         * compiles its two models, and how pipelines built on a FaceMesh (the cascade) compile theirs.
         */
        public CompiledModel compile(Graph graph) {
            return compile(graph, threads);
        }

        /** {@link #compile(Graph)} with {@code threadCount} threads (0 or less: the backend's default). */
        private CompiledModel compile(Graph graph, int threadCount) {
            var be = backend == null ? Backends.best() : Backends.get(backend);
            BackendOptions options = threadCount > 0 ? BackendOptions.defaults().withThreads(threadCount)
                    : BackendOptions.defaults();
            return be.compile(graph, options.withDevice(device));
        }

        private static float checkUnit(float v, String name) {
            if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
            }
            return v;
        }
    }
}
