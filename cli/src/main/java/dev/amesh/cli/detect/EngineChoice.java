package dev.amesh.cli.detect;

/**
 * The command line's choice of engine for {@code amesh detect}.
 *
 * @param backend backend name, or null for the best available
 * @param threads threads per inference, or null for the default (all cores)
 * @param device device index for device backends, or null to let the backend choose
 * @param parallelFaces faces of one image whose landmark models run at the same time (attention model), 1 for
 *     one after another
 */
public record EngineChoice(String backend, Integer threads, Integer device, int parallelFaces) {
    /** One face at a time. */
    public EngineChoice(String backend, Integer threads, Integer device) {
        this(backend, threads, device, 1);
    }
}
