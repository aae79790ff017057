package dev.amesh.mesh;

import dev.amesh.mesh.landmarks.RefinementMaps;
import dev.amesh.mesh.roi.NormalizedRect;
import java.util.List;

/**
 * One face found in an image. Landmarks are in pixels of the original image, in MediaPipe's order:
 * {@code x = x_norm·W}, {@code y = y_norm·H}, {@code z = z_norm·W} (relative depth, same scale as x,
 * smaller is closer to the camera). 478 points with the attention model (468 mesh + 2 × 5 iris), 468 with
 * the plain mesh model. Immutable.
 */
public final class Face implements LandmarkFace {
    /** The 80 lip landmarks (outer, inner and intermediate contours), as the attention model refines them. */
    public static final List<Integer> LIPS = asList(RefinementMaps.get().lips());
    /** The 71 landmarks around the eye at mesh points 33/133 (the subject's right eye, image left). */
    public static final List<Integer> LEFT_EYE = asList(RefinementMaps.get().leftEye());
    /** The 71 landmarks around the eye at mesh points 362/263 (the subject's left eye, image right). */
    public static final List<Integer> RIGHT_EYE = asList(RefinementMaps.get().rightEye());
    /** Iris of {@link #LEFT_EYE}: centre, then right, top, left and bottom edge (468..472). */
    public static final List<Integer> LEFT_IRIS = asList(RefinementMaps.get().leftIris());
    /** Iris of {@link #RIGHT_EYE}: centre, then right, top, left and bottom edge (473..477). */
    public static final List<Integer> RIGHT_IRIS = asList(RefinementMaps.get().rightIris());

    private final float[] landmarks;
    private final float presence;
    private final float[] detectionBox;
    private final float[] detectionKeypoints;
    private final float detectionScore;
    private final NormalizedRect roi;

    Face(float[] landmarks, float presence, float[] detectionBox, float[] detectionKeypoints, float detectionScore,
         NormalizedRect roi) {
        this.landmarks = landmarks.clone();
        this.presence = presence;
        this.detectionBox = detectionBox == null ? null : detectionBox.clone();
        this.detectionKeypoints = detectionKeypoints == null ? null : detectionKeypoints.clone();
        this.detectionScore = detectionScore;
        this.roi = roi;
    }

    @Override
    public int landmarkCount() {
        return landmarks.length / 3;
    }

    /** A copy of the landmarks as (x, y, z) triples in pixels. */
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

    /** Face-presence score of the landmark model (sigmoid of its face flag), above the presence threshold. */
    @Override
    public float presence() {
        return presence;
    }

    /** Whether this face came from this frame's detector (false: tracked from the previous frame). */
    @Override
    public boolean detected() {
        return detectionBox != null;
    }

    /** The detector's box {@code [x, y, width, height]} in pixels; null for a tracked face. */
    @Override
    public float[] detectionBox() {
        return detectionBox == null ? null : detectionBox.clone();
    }

    /**
     * The detector's 6 keypoints as (x, y) pixel pairs (right eye, left eye, nose tip, mouth centre, right
     * ear tragion, left ear tragion, from the subject's view); null for a tracked face.
     */
    public float[] detectionKeypoints() {
        return detectionKeypoints == null ? null : detectionKeypoints.clone();
    }

    /** The detector's score in [0, 1]; NaN for a tracked face. */
    @Override
    public float detectionScore() {
        return detectionScore;
    }

    /** The region the landmark model looked at, in normalised image coordinates. */
    public NormalizedRect roi() {
        return roi;
    }

    private static List<Integer> asList(int[] values) {
        Integer[] boxed = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return List.of(boxed);
    }
}
