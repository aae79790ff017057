package dev.amesh.mesh;

/**
 * What every pipeline reports for one face, read-only: landmarks in pixels of the original image in
 * MediaPipe's order ({@code x = x_norm·W}, {@code y = y_norm·H}, {@code z = z_norm·W}), the landmark model's
 * presence score and the detector's box and score. Implemented by {@link Face} (the attention or plain mesh
 * model) and {@code dev.amesh.mesh.cascade.CascadeFace} (mesh + iris cascade), so that writers and renderers
 * need not care which pipeline found the face.
 */
public interface LandmarkFace {
    /** 478 (attention mesh, cascade) or 468 (plain mesh). */
    int landmarkCount();

    /** A copy of the landmarks as (x, y, z) triples in pixels. */
    float[] landmarks();

    float x(int i);

    float y(int i);

    float z(int i);

    /** The landmark model's face-presence score (sigmoid of its face flag). */
    float presence();

    /** Whether this face came from this frame's detector (false: tracked from the previous frame). */
    default boolean detected() {
        return detectionBox() != null;
    }

    /** The detector's box {@code [x, y, width, height]} in pixels (a copy); null for a tracked face. */
    float[] detectionBox();

    /** The detector's score in [0, 1]; NaN for a tracked face. */
    float detectionScore();
}
