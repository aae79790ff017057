package dev.amesh.cli.detect;

import dev.amesh.mesh.cascade.FaceCascade;
import java.io.IOException;

/** Makes the {@link FaceCascade} that {@code amesh detect --model cascade} runs, from the command's options. */
@FunctionalInterface
public interface FaceCascadeFactory {
    FaceCascade create(EngineChoice engine, int maxFaces) throws IOException;
}
