package dev.amesh.mesh.cascade;

import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.mesh.Face;
import dev.amesh.mesh.FaceMesh;
import dev.amesh.mesh.FaceMeshResult;
import dev.amesh.mesh.image.ImageSampling;
import dev.amesh.mesh.image.RgbImage;
import dev.amesh.mesh.landmarks.LandmarkModelKind;
import dev.amesh.mesh.roi.NormalizedRect;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.ModelStore;
import dev.amesh.converter.models.TfjsModelStore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The older MediaPipe cascade that the Attention Mesh replaced (spec §8): the plain 468-point face mesh,
 * eye regions from its landmarks, the iris model on each eye (the 362/263 eye mirrored), and the merge into
 * 478 points in the attention model's order. Optionally also runs {@link LipsTimingStandIn}, which only
 * costs time: it makes the cascade as expensive as the paper's eyes-and-lips cascade and changes no output.
 *
 * <pre>{@code
 * try (FaceCascade cascade = FaceCascade.builder().models(detector, mesh, iris).build()) {
 *     CascadeResult r = cascade.detect(image);
 * }
 * }</pre>
 *
 * <p>Thread safety as {@link FaceMesh}: {@code detect} is synchronized; use one instance per thread.
 */
public final class FaceCascade implements AutoCloseable {
    private final FaceMesh baseMesh;
    private final CompiledModel irisModel;
    private final IrisLandmarks iris;
    private final LipsTimingStandIn lipsStandIn;
    private boolean closed;

    private FaceCascade(FaceMesh baseMesh, CompiledModel irisModel, ImageSampling sampling, boolean lips) {
        this.baseMesh = baseMesh;
        this.irisModel = irisModel;
        this.iris = new IrisLandmarks(irisModel, sampling);
        this.lipsStandIn = lips ? new LipsTimingStandIn(iris) : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the lips timing stand-in runs. */
    public boolean lipsTimingStandIn() {
        return lipsStandIn != null;
    }

    public CascadeResult detect(BufferedImage image) {
        return detect(RgbImage.of(Objects.requireNonNull(image, "image")));
    }

    /** Finds faces and their 478 cascade landmarks. */
    public synchronized CascadeResult detect(RgbImage image) {
        Objects.requireNonNull(image, "image");
        if (closed) {
            throw new IllegalStateException("this FaceCascade is closed");
        }
        int w = image.width();
        int h = image.height();
        long t0 = System.nanoTime();
        FaceMeshResult base = baseMesh.detect(image);
        long meshNanos = System.nanoTime() - t0;
        long eyesNanos = 0;
        long lipsNanos = 0;
        List<CascadeFace> faces = new ArrayList<>();
        for (Face f : base.faces()) {
            float[] px = f.landmarks();
            float[] norm = toNormalized(px, w, h);
            long t1 = System.nanoTime();
            NormalizedRect leftRoi = EyeRois.leftEye(norm, w, h);
            NormalizedRect rightRoi = EyeRois.rightEye(norm, w, h);
            IrisLandmarks.Eye left = iris.run(image, leftRoi, false);
            IrisLandmarks.Eye right = iris.run(image, rightRoi, true);
            float[] merged = CascadeMerge.merge(px, left.inPixels(w, h), right.inPixels(w, h));
            long t2 = System.nanoTime();
            eyesNanos += t2 - t1;
            if (lipsStandIn != null) {
                lipsStandIn.runForTiming(image, norm);
                lipsNanos += System.nanoTime() - t2;
            }
            faces.add(new CascadeFace(merged, px, f.presence(), f.detectionBox(), f.detectionScore(), f.roi(),
                    leftRoi, rightRoi));
        }
        return new CascadeResult(w, h, faces, meshNanos, eyesNanos, lipsNanos);
    }

    static float[] toNormalized(float[] px, int w, int h) {
        float[] n = new float[px.length];
        for (int i = 0; i + 2 < px.length; i += 3) {
            n[i] = px[i] / w;
            n[i + 1] = px[i + 1] / h;
            n[i + 2] = px[i + 2] / w;
        }
        return n;
    }

    /** Forgets tracked faces (TRACKING mode). */
    public synchronized void reset() {
        baseMesh.reset();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                baseMesh.close();
            } finally {
                irisModel.close();
            }
        }
    }

    /**
     * Options with MediaPipe's defaults: 1 face, thresholds 0.5, STATIC, best backend, PIXEL_CENTER sampling
     * (as {@link FaceMesh}), no lips stand-in.
     */
    public static final class Builder {
        /** The base pipeline's options; the iris model is compiled with the same backend, threads and device. */
        private final FaceMesh.Builder base = FaceMesh.builder();
        private Graph detector;
        private Graph mesh;
        private Graph irisGraph;
        private ImageSampling sampling = ImageSampling.PIXEL_CENTER;
        private boolean lips;

        private Builder() {
        }

        /**
         * The BlazeFace short-range graph, the plain 468-point face_landmark graph and the iris graph (e.g.
         * {@code TfjsModelStore.defaultStore().load(TfjsModelStore.IRIS)}).
         */
        public Builder models(Graph detector, Graph mesh, Graph iris) {
            this.detector = Objects.requireNonNull(detector, "detector");
            this.mesh = Objects.requireNonNull(mesh, "mesh");
            this.irisGraph = Objects.requireNonNull(iris, "iris");
            return this;
        }

        /** As {@link FaceMesh.Builder#backend}. */
        public Builder backend(String name) {
            base.backend(name);
            return this;
        }

        /** As {@link FaceMesh.Builder#threads}. */
        public Builder threads(int n) {
            base.threads(n);
            return this;
        }

        /** As {@link FaceMesh.Builder#device}. */
        public Builder device(int index) {
            base.device(index);
            return this;
        }

        /** As {@link FaceMesh.Builder#maxFaces}. */
        public Builder maxFaces(int n) {
            base.maxFaces(n);
            return this;
        }

        /** As {@link FaceMesh.Builder#minDetectionConfidence}. */
        public Builder minDetectionConfidence(float v) {
            base.minDetectionConfidence(v);
            return this;
        }

        /** As {@link FaceMesh.Builder#minPresenceConfidence}. */
        public Builder minPresenceConfidence(float v) {
            base.minPresenceConfidence(v);
            return this;
        }

        /** As {@link FaceMesh.Builder#mode}. */
        public Builder mode(FaceMesh.Mode m) {
            base.mode(m);
            return this;
        }

        /** Applies to the face crop and the eye crops alike; PIXEL_CENTER by default, as {@link FaceMesh}. */
        public Builder imageSampling(ImageSampling s) {
            base.imageSampling(s);
            this.sampling = s;
            return this;
        }

        /** Also run {@link LipsTimingStandIn} (timing only; no output changes). */
        public Builder lipsTimingStandIn(boolean on) {
            this.lips = on;
            return this;
        }

        /**
         * BlazeFace and face_landmark from {@link ModelStore#defaultStore()} and the iris model from
         * {@link TfjsModelStore#defaultStore()}, fetched and converted on first use; what {@link #build()}
         * does when no models were given.
         *
         * @throws UncheckedIOException when the models cannot be had (the message says why and what to do)
         */
        public Builder defaultModels() {
            try {
                ModelStore store = ModelStore.defaultStore();
                return models(store.load(ModelId.DETECTOR), store.load(ModelId.MESH),
                        TfjsModelStore.defaultStore().load(TfjsModelStore.IRIS));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        public FaceCascade build() {
            if (detector == null) {
                defaultModels();
            }
            if (LandmarkModelKind.of(mesh) != LandmarkModelKind.MESH) {
                throw new IllegalArgumentException("the cascade's base model must be the plain 468-point"
                        + " face_landmark model, got " + LandmarkModelKind.of(mesh));
            }
            FaceMesh baseMesh = base.models(detector, mesh).build();
            try {
                CompiledModel irisModel = base.compile(irisGraph);
                try {
                    return new FaceCascade(baseMesh, irisModel, sampling, lips);
                } catch (RuntimeException e) {
                    irisModel.close();
                    throw e;
                }
            } catch (RuntimeException e) {
                baseMesh.close();
                throw e;
            }
        }
    }
}
