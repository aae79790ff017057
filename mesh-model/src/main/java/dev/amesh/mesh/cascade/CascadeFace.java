package dev.amesh.mesh.cascade;

import dev.amesh.mesh.LandmarkFace;
import dev.amesh.mesh.roi.NormalizedRect;

/**
 * One face from the cascade, in pixels of the original image like {@code dev.amesh.mesh.Face}
 * ({@code x·W, y·H, z·W}): the 478 cascade landmarks (468 mesh points with both eyes' 71 contour points
 * replaced by the iris model's, then 5 + 5 iris points), and the base mesh's own 468 points for comparison.
 * The presence score, detector box and detector score are the base mesh's ({@code Face}'s). Immutable.
 */
public final class CascadeFace implements LandmarkFace {
    private final float[] landmarks;
    private final float[] baseMesh;
    private final float presence;
    private final NormalizedRect faceRoi;
    private final NormalizedRect leftEyeRoi;
    private final NormalizedRect rightEyeRoi;
    private final float[] detectionBox;
    private final float detectionScore;

    CascadeFace(float[] landmarks, float[] baseMesh, float presence, float[] detectionBox, float detectionScore,
            NormalizedRect faceRoi, NormalizedRect leftEyeRoi, NormalizedRect rightEyeRoi) {
        this.landmarks = landmarks.clone();
        this.baseMesh = baseMesh.clone();
        this.presence = presence;
        this.detectionBox = detectionBox == null ? null : detectionBox.clone();
        this.detectionScore = detectionScore;
        this.faceRoi = faceRoi;
        this.leftEyeRoi = leftEyeRoi;
        this.rightEyeRoi = rightEyeRoi;
    }

    /** 478. */
    @Override
    public int landmarkCount() {
        return landmarks.length / 3;
    }

    /** A copy of the 478 cascade landmarks as (x, y, z) pixel triples. */
    @Override
    public float[] landmarks() {
        return landmarks.clone();
    }

    @Override
    public float x(int i) {
        return landmarks[3 * i];
    }

    @Override
    public float y(int i) {
        return landmarks[3 * i + 1];
    }

    @Override
    public float z(int i) {
        return landmarks[3 * i + 2];
    }

    /** A copy of the base mesh's 468 landmarks, before the eyes were updated. */
    public float[] baseMeshLandmarks() {
        return baseMesh.clone();
    }

    /** Face-presence score of the base mesh model. */
    @Override
    public float presence() {
        return presence;
    }

    /** The detector's box {@code [x, y, width, height]} in pixels; null for a face tracked from the previous frame. */
    @Override
    public float[] detectionBox() {
        return detectionBox == null ? null : detectionBox.clone();
    }

    /** The detector's score in [0, 1]; NaN for a tracked face. */
    @Override
    public float detectionScore() {
        return detectionScore;
    }

    public NormalizedRect faceRoi() {
        return faceRoi;
    }

    /** The 33/133 eye's crop region. */
    public NormalizedRect leftEyeRoi() {
        return leftEyeRoi;
    }

    /** The 362/263 eye's crop region (mirrored before inference). */
    public NormalizedRect rightEyeRoi() {
        return rightEyeRoi;
    }
}
