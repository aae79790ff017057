package dev.amesh.cli.detect;

import dev.amesh.mesh.FaceMesh;
import java.io.IOException;

/** Makes the {@link FaceMesh} that {@code amesh detect} runs, from the command's options. */
@FunctionalInterface
public interface FaceMeshFactory {
    /**
     * @param backend backend name, or null for the best available
     * @param threads threads per inference, or null for the default
     */
    FaceMesh create(String backend, Integer threads, int maxFaces) throws IOException;
}
