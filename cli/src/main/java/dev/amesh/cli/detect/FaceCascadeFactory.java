package dev.amesh.cli.detect;

import dev.amesh.mesh.cascade.FaceCascade;
import java.io.IOException;

/** Makes the {@link FaceCascade} that {@code amesh detect --model cascade} runs, from the command's options. */
@FunctionalInterface
public interface FaceCascadeFactory {
    /**
     * @param backend backend name, or null for the best available
     * @param threads threads per inference, or null for the default
     */
    FaceCascade create(String backend, Integer threads, int maxFaces) throws IOException;
}
