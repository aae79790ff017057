package dev.amesh.cli;

import dev.amesh.converter.models.ModelConverter;
import dev.amesh.converter.models.ModelStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --cache-dir}: where models are kept; default from -Damesh.cache, AMESH_CACHE or ~/.cache/amesh. */
final class CacheOption {
    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Model cache folder (default: -Damesh.cache, $AMESH_CACHE or ~/.cache/amesh).")
    Path cacheDir;

    ModelStore store() {
        return new ModelStore(cacheDir != null ? cacheDir : ModelStore.defaultCacheDir(), ModelConverter.standard(),
                System.err::println);
    }
}
