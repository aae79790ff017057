package dev.amesh.cli.detect;

/**
 * The command line's choice of engine for {@code amesh detect}.
 *
 * @param backend backend name, or null for the best available
 * @param threads threads per inference, or null for the default (all cores)
 * @param device device index for device backends, or null to let the backend choose
 */
public record EngineChoice(String backend, Integer threads, Integer device) {
}
