package dev.amesh.cli.detect;

import dev.amesh.mesh.cascade.FaceCascade;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The cascade with the default models: BlazeFace and the plain face mesh from the model cache, the iris model
 * from the TF.js cache, each fetched on first use. The lips timing stand-in stays off: it only costs time and
 * never contributes landmarks.
 */
public final class StoreFaceCascadeFactory implements FaceCascadeFactory {
    @Override
    public FaceCascade create(EngineChoice engine, int maxFaces) throws IOException {
        FaceCascade.Builder b = FaceCascade.builder().maxFaces(maxFaces).lipsTimingStandIn(false);
        try {
            b.defaultModels();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (engine.backend() != null) {
            b.backend(engine.backend());
        }
        if (engine.threads() != null) {
            b.threads(engine.threads());
        }
        if (engine.device() != null) {
            b.device(engine.device());
        }
        return b.build();
    }
}
