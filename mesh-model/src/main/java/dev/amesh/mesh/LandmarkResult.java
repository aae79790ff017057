package dev.amesh.mesh;

import java.util.List;

/**
 * One image's faces from any pipeline, read-only: implemented by {@link FaceMeshResult} and
 * {@code dev.amesh.mesh.cascade.CascadeResult}.
 */
public interface LandmarkResult {
    int imageWidth();

    int imageHeight();

    /** The faces, in the pipeline's output order (best detector score first). */
    List<? extends LandmarkFace> faces();
}
