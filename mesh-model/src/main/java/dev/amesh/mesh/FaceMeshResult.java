package dev.amesh.mesh;

import java.util.List;

/** The faces found in one image, in MediaPipe's output order (detector score, then tracked faces). Immutable. */
public final class FaceMeshResult {
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

    public int imageWidth() {
        return imageWidth;
    }

    public int imageHeight() {
        return imageHeight;
    }

    public List<Face> faces() {
        return faces;
    }

    /** False when tracking skipped the detector because enough faces were tracked. */
    public boolean detectorRan() {
        return detectorRan;
    }
}
