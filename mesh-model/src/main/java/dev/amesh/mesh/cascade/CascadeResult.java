package dev.amesh.mesh.cascade;

import dev.amesh.mesh.LandmarkResult;
import java.util.List;

/**
 * The faces the cascade found in one image, and where the time went: detector plus base mesh, the iris model
 * on both eyes (crops included), and the lips timing stand-in (0 when it is off). Immutable.
 */
public record CascadeResult(int imageWidth, int imageHeight, List<CascadeFace> faces, long meshNanos,
        long eyesNanos, long lipsStandInNanos) implements LandmarkResult {

    public CascadeResult {
        faces = List.copyOf(faces);
    }

    public long totalNanos() {
        return meshNanos + eyesNanos + lipsStandInNanos;
    }
}
