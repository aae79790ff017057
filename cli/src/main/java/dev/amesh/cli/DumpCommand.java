package dev.amesh.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.amesh.api.backend.Backend;
import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.io.Npy;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.converter.models.ModelId;
import dev.amesh.mesh.image.ImageLoader;
import dev.amesh.mesh.image.ImageSampling;
import dev.amesh.mesh.image.RgbImage;
import dev.amesh.mesh.inspect.FaceCrop;
import dev.amesh.mesh.inspect.FeatureMontage;
import dev.amesh.mesh.inspect.LayerCapture;
import dev.amesh.mesh.inspect.TensorStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code amesh dump IMAGE|--input T.npy --layer PATTERN... --out DIR [--png]}: intermediate tensors as .npy. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Run the landmark model once and save the selected intermediate tensors (op outputs) as"
                + " DIR/<tensor name>.npy in the model's own shapes (NHWC), with DIR/index.json listing name, shape,"
                + " op, node index, file and min/max/mean.",
            "The input is the model input crop of the first face found in IMAGE, or a raw model input"
                + " (--input)."})
final class DumpCommand implements Callable<Integer> {
    @Mixin
    ModelInputOptions input;

    @Option(names = "--layer", required = true, arity = "1..*", paramLabel = "PATTERN",
            description = "Regular expression matched against whole tensor names ('.*' for all, 'p_re_lu_3',"
                    + " 'transform_tensor_bilinear.*'); repeatable. amesh inspect lists the names.")
    List<String> layers;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the files (created).")
    Path outDir;

    @Option(names = "--png", description = "Also write DIR/<tensor name>.png, a montage of the channels of every"
            + " selected rank-4 tensor (one grayscale tile per channel, each stretched min to max).")
    boolean png;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ModelInputOptions.Prepared prepared = input.prepare(spec);
        Graph graph = prepared.graph();
        List<Pattern> patterns;
        try {
            patterns = LayerCapture.patterns(graph, layers);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--layer: " + e.getMessage());
        }
        List<LayerCapture.Captured> captured;
        try (CompiledModel compiled = input.backend(spec).compile(graph, input.options(spec))) {
            captured = LayerCapture.run(compiled, patterns, prepared.inputs());
        }
        List<String> names = new ArrayList<>();
        names.add(graph.inputTensors().get(0).name());
        for (LayerCapture.Captured c : captured) {
            names.add(c.name());
        }
        List<Path> files = OutputFiles.plan(outDir, names, input.inputFiles());
        Files.createDirectories(outDir);
        Npy.write(files.get(0), prepared.inputs()[0]);
        List<Map<String, Object>> index = new ArrayList<>();
        int pngs = 0;
        for (int i = 0; i < captured.size(); i++) {
            LayerCapture.Captured c = captured.get(i);
            Path file = files.get(i + 1);
            Npy.write(file, c.tensor());
            Map<String, Object> entry = describe(c.name(), c.tensor(), c.op(), c.nodeIndex(), file);
            if (png && FeatureMontage.canRender(c.tensor().shape())) {
                Path image = pngPath(file);
                ImageIO.write(FeatureMontage.render(c.tensor()), "png", image.toFile());
                entry.put("png", image.getFileName().toString());
                pngs++;
            }
            index.add(entry);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", graph.name());
        root.put("source", prepared.source());
        root.put("input", describe(names.get(0), prepared.inputs()[0], "INPUT", -1, files.get(0)));
        root.put("layers", index);
        Path indexFile = outDir.resolve("index.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(indexFile.toFile(), root);
        out.printf(Locale.ROOT, "dumped %d tensor%s of %s (%s)%s to %s; index in %s%n", captured.size(),
                captured.size() == 1 ? "" : "s", graph.name(), prepared.source(),
                pngs > 0 ? " with " + pngs + " montage" + (pngs == 1 ? "" : "s") : "", outDir, indexFile);
        return 0;
    }

    private static Path pngPath(Path npy) {
        String n = npy.getFileName().toString();
        return npy.resolveSibling(n.substring(0, n.length() - ".npy".length()) + ".png");
    }

    private static Map<String, Object> describe(String name, Tensor t, String op, int node, Path file) {
        TensorStats s = TensorStats.of(t);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("shape", t.shape().dims());
        m.put("op", op);
        m.put("node", node);
        m.put("file", file.getFileName().toString());
        m.put("min", finiteOrNull(s.min()));
        m.put("max", finiteOrNull(s.max()));
        m.put("mean", finiteOrNull(s.mean()));
        if (s.nanCount() > 0) {
            m.put("nan_count", s.nanCount());
        }
        return m;
    }

    /** JSON has no NaN: an all-NaN tensor's statistics are null. */
    private static Object finiteOrNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /**
     * What dump, profile and attention run on: the landmark model ({@code --model}, default attention) and
     * its input, either cut from a photo (IMAGE: the first face BlazeFace finds, as the face pipeline cuts it)
     * or read from a raw tensor file ({@code --input}); plus backend and threads.
     */
    static final class ModelInputOptions {
        /**
         * What {@link #prepare} found: the graph, its input tensors, a few words on where they came from and,
         * for a photo, the photo and the face crop.
         */
        record Prepared(Graph graph, Tensor[] inputs, String source, RgbImage photo, FaceCrop face) {
        }

        @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE",
                description = "A photo (PNG, JPEG ...); the model runs on the crop of the first face found.")
        Path image;

        @Option(names = "--input", paramLabel = "TENSOR.npy",
                description = "A raw model input instead of IMAGE: .npy in the model's input shape (a batch axis"
                        + " of 1 may be left out).")
        Path inputFile;

        @Option(names = "--model", paramLabel = "MODEL", defaultValue = "attention",
                description = "attention (default) or mesh from the cache, or a .amesh file.")
        String model;

        @Option(names = "--sampling", paramLabel = "MODE", defaultValue = "PIXEL_CENTER",
                description = "How IMAGE is cut into the model input: PIXEL_CENTER (default, as amesh detect and"
                        + " MediaPipe's GPU/web graph) or OPENCV (MediaPipe's CPU graph).")
        ImageSampling sampling;

        @Option(names = "--backend", paramLabel = "NAME", description = "scalar, cpu, ... (default: the best available).")
        String backend;

        @Option(names = "--threads", paramLabel = "N", description = "Threads per inference (default: all cores).")
        Integer threads;

        @Mixin
        CacheOption cache;

        List<Path> inputFiles() {
            List<Path> l = new ArrayList<>();
            if (inputFile != null) {
                l.add(inputFile);
            }
            if (image != null) {
                l.add(image);
            }
            return l;
        }

        Prepared prepare(CommandLine.Model.CommandSpec spec) throws IOException {
            if ((image == null) == (inputFile == null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), image == null
                        ? "give an IMAGE or a model input with --input TENSOR.npy"
                        : "give an IMAGE or --input, not both");
            }
            Backend chosen = backend(spec);
            BackendOptions opts = options(spec);
            if (image != null && !Files.isRegularFile(image)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "IMAGE " + image + " is not a file");
            }
            Graph graph = InspectCommand.loadModel(spec, model, cache);
            if (image == null) {
                try {
                    Tensor[] in = InputFiles.read(List.of(inputFile), List.of(), graph.inputTensors(), model);
                    return new Prepared(graph, in, inputFile.toString(), null, null);
                } catch (InputFiles.UsageException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            RgbImage photo = new ImageLoader().load(image);
            Graph detector = cache.store().load(ModelId.DETECTOR);
            FaceCrop face;
            try (CompiledModel det = chosen.compile(detector, opts)) {
                face = FaceCrop.firstFace(photo, det, graph, sampling)
                        .orElseThrow(() -> new IllegalStateException("no face found in " + image));
            }
            String source = String.format(Locale.ROOT, "%s, face at (%.0f, %.0f) size %.0f rotation %.1f deg, score"
                    + " %.2f", image, face.roi().xCenter(), face.roi().yCenter(), face.roi().width(),
                    Math.toDegrees(face.roi().rotation()), face.detectionScore());
            return new Prepared(graph, new Tensor[] {face.input()}, source, photo, face);
        }
        Backend backend(CommandLine.Model.CommandSpec spec) {
            if (backend == null) {
                return Backends.best();
            }
            try {
                return Backends.get(backend);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--backend: " + e.getMessage());
            }
        }

        BackendOptions options(CommandLine.Model.CommandSpec spec) {
            if (threads == null) {
                return BackendOptions.defaults();
            }
            try {
                return BackendOptions.defaults().withThreads(threads);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--threads: " + e.getMessage());
            }
        }
    }
}
