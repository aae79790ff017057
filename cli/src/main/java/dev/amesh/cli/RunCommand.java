package dev.amesh.cli;

import dev.amesh.api.backend.Backend;
import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.converter.models.ConverterBridge;
import dev.amesh.converter.models.ModelId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code amesh run MODEL --input FILE... --out DIR}: one inference, every output saved as .npy. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a model once on tensors from files and save every output as DIR/<output name>.npy.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL",
            description = "attention, mesh or detector (from the cache), or a .amesh (or .tflite) file.")
    String model;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "An input tensor: .npy, or raw little-endian float32 with a --shape; one per model input,"
                    + " in order.")
    List<Path> inputs;

    @Option(names = "--shape", paramLabel = "DIMS",
            description = "Shape of a raw input, e.g. 1,192,192,3; one per raw input, in order.")
    List<String> shapes = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the outputs (created).")
    Path outDir;

    @Option(names = "--backend", paramLabel = "NAME", description = "scalar, cpu, ... (default: the best available).")
    String backend;

    @Option(names = "--threads", paramLabel = "N", description = "Threads per inference (default: all cores).")
    Integer threads;

    @Option(names = "--device", paramLabel = "N",
            description = "Device index for device backends, as `amesh devices` lists them (default: auto).")
    Integer device;

    @Mixin
    CacheOption cache;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try {
            InputFiles.rawShapes(inputs, shapes);
            checkModelArgument();
            Backend chosen = chooseBackend();
            BackendOptions options = BackendOptions.defaults();
            if (threads != null) {
                try {
                    options = options.withThreads(threads);
                } catch (IllegalArgumentException e) {
                    throw new InputFiles.UsageException("--threads: " + e.getMessage());
                }
            }
            if (device != null) {
                try {
                    options = options.withDevice(device);
                } catch (IllegalArgumentException e) {
                    throw new InputFiles.UsageException("--device: " + e.getMessage());
                }
            }
            Graph graph = loadModel();
            List<TensorInfo> modelInputs = graph.inputTensors();
            Tensor[] in = InputFiles.read(inputs, shapes, modelInputs, model);
            List<String> names = new ArrayList<>();
            for (TensorInfo t : graph.outputTensors()) {
                names.add(t.name());
            }
            List<Path> outFiles = OutputFiles.plan(outDir, names, inputs);
            return execute(graph, chosen, options, in, outFiles);
        } catch (InputFiles.UsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Backend chooseBackend() {
        if (backend == null) {
            return Backends.best();
        }
        try {
            return Backends.get(backend);
        } catch (IllegalArgumentException e) {
            throw new InputFiles.UsageException(e.getMessage());
        }
    }

    private void checkModelArgument() {
        if (!ModelId.isShortName(model) && !Files.isRegularFile(Paths.get(model))) {
            throw new InputFiles.UsageException("MODEL '" + model + "' is neither " + ModelId.shortNames()
                    + " nor an existing .amesh file");
        }
    }

    private Graph loadModel() throws IOException {
        if (ModelId.isShortName(model)) {
            return cache.store().load(ModelId.byShortName(model));
        }
        Path file = Paths.get(model);
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tflite")) {
            return ConverterBridge.convert(file).graph();
        }
        return ConverterBridge.load(file);
    }

    private int execute(Graph graph, Backend chosen, BackendOptions options, Tensor[] in, List<Path> outFiles)
            throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Tensor[] results;
        long compileNanos;
        long runNanos;
        long start = System.nanoTime();
        try (CompiledModel compiled = chosen.compile(graph, options)) {
            compileNanos = System.nanoTime() - start;
            long t0 = System.nanoTime();
            results = compiled.run(in);
            runNanos = System.nanoTime() - t0;
            OutputFiles.write(outFiles, results);
        }
        out.printf(Locale.ROOT, "ran %s on backend %s (%s): compile %.1f ms, inference %.1f ms%n", model,
                chosen.name(), options, compileNanos / 1e6, runNanos / 1e6);
        for (int i = 0; i < outFiles.size(); i++) {
            out.printf("wrote %s %s%n", outFiles.get(i), results[i].shape());
        }
        return 0;
    }
}
