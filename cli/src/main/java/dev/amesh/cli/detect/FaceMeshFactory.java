package dev.amesh.cli.detect;

import dev.amesh.mesh.FaceMesh;
import java.io.IOException;

/** Makes the {@link FaceMesh} that {@code amesh detect} runs, from the command's options. */
@FunctionalInterface
public interface FaceMeshFactory {
    FaceMesh create(EngineChoice engine, int maxFaces) throws IOException;
}
