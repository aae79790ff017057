package dev.amesh.mesh;

import java.util.List;

/** The faces found in one image, in MediaPipe's output order (detector score, then tracked faces). Immutable. */
public final class FaceMeshResult implements LandmarkResult {
    private final int imageWidth;
    private final int imageHeight;
    private final List<Face> faces;
    private final boolean detectorRan;

    FaceMeshResult(int imageWidth, int imageHeight, List<Face> faces, boolean detectorRan) {
        this.imageWidth = imageWidth;
        this.imageHeight = imageHeight;
        this.faces = List.copyOf(faces);
        this.detectorRan = detectorRan;
    }

    @Override
    public int imageWidth() {
        return imageWidth;
    }

    @Override
    public int imageHeight() {
        return imageHeight;
    }

    @Override
    public List<Face> faces() {
        return faces;
    }

    /** False when tracking skipped the detector because enough faces were tracked. */
    public boolean detectorRan() {
        return detectorRan;
    }
}
