package dev.amesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.amesh.cli.detect.DetectionJson;
import dev.amesh.cli.detect.EngineChoice;
import dev.amesh.cli.detect.FaceCascadeFactory;
import dev.amesh.cli.detect.FaceMeshFactory;
import dev.amesh.cli.detect.FacePipeline;
import dev.amesh.cli.detect.OutputPlan;
import dev.amesh.cli.detect.OverlayRenderer;
import dev.amesh.cli.detect.PipelineKind;
import dev.amesh.cli.detect.StoreFaceCascadeFactory;
import dev.amesh.cli.detect.StoreFaceMeshFactory;
import dev.amesh.mesh.LandmarkResult;
import dev.amesh.mesh.image.ImageLoader;
import dev.amesh.mesh.image.RgbImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code amesh detect IMAGE...}: face landmarks for photos, as JSON (docs/json.md) and optional overlay
 * PNGs. An image without a face gives {@code "faces": []}, a note on stderr, and exit code 0.
 * {@code --model cascade} runs the older mesh + iris cascade instead of the attention mesh, with the same output.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Find faces in photos and write their 478 landmarks as JSON, optionally drawn on the photo.")
public final class DetectCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "PNG or JPEG files.")
    List<Path> images;

    @Option(names = "--json", paramLabel = "OUT.json",
            description = "Write the result here (an array for several images); default: standard output.")
    Path json;

    @Option(names = "--overlay", paramLabel = "OUT.png", description = "Draw the landmarks on the (single) image.")
    Path overlay;

    @Option(names = "--out-dir", paramLabel = "DIR",
            description = "Write DIR/<image>.json and DIR/<image>.overlay.png for every image.")
    Path outDir;

    @Option(names = "--no-overlay", description = "With --out-dir: JSON files only.")
    boolean noOverlay;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "attention",
            converter = PipelineKind.Converter.class, completionCandidates = PipelineKind.Names.class,
            description = "attention (the attention mesh, default) or cascade (plain mesh + iris model on both eyes).")
    PipelineKind model;

    @Option(names = "--max-faces", paramLabel = "N", defaultValue = "4", description = "Most faces per image (default: 4).")
    int maxFaces;

    @Option(names = "--backend", paramLabel = "NAME", description = "scalar, cpu, ... (default: the best available).")
    String backend;

    @Option(names = "--threads", paramLabel = "N", description = "Threads per inference (default: all cores).")
    Integer threads;

    @Option(names = "--parallel-faces", paramLabel = "N", defaultValue = "1",
            description = "Run the landmarks of up to N faces of an image at once, each on its share of the"
                    + " threads (attention model; default: 1, faces one after another on all threads).")
    int parallelFaces;

    @Option(names = "--device", paramLabel = "N",
            description = "Device index for device backends, as `amesh devices` lists them (default: auto).")
    Integer device;

    @Option(names = "--max-megapixels", paramLabel = "N", defaultValue = "64",
            description = "Refuse images larger than this (default: 64).")
    long maxMegapixels;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final FaceMeshFactory attentionFactory;
    private final FaceCascadeFactory cascadeFactory;

    public DetectCommand() {
        this(new StoreFaceMeshFactory(), new StoreFaceCascadeFactory());
    }

    /** With another source of models for the attention mesh (tests, or callers with their own graphs). */
    public DetectCommand(FaceMeshFactory attentionFactory) {
        this(attentionFactory, new StoreFaceCascadeFactory());
    }

    /** With other sources of models for both pipelines. */
    public DetectCommand(FaceMeshFactory attentionFactory, FaceCascadeFactory cascadeFactory) {
        this.attentionFactory = attentionFactory;
        this.cascadeFactory = cascadeFactory;
    }

    @Override
    public Integer call() throws IOException {
        checkOptions();
        List<OutputPlan.Target> targets = outDir != null
                ? OutputPlan.perImage(images, outDir, !noOverlay)
                : OutputPlan.explicit(images, json, overlay);
        if (outDir != null) {
            Files.createDirectories(outDir);
        }
        PrintWriter err = spec.commandLine().getErr();
        ImageLoader loader = new ImageLoader(maxMegapixels * 1024 * 1024);
        ArrayNode all = DetectionJson.mapper().createArrayNode();
        try (FacePipeline pipeline = createPipeline()) {
            for (OutputPlan.Target t : targets) {
                RgbImage image = loader.load(t.image());
                LandmarkResult result = pipeline.detect(image);
                if (result.faces().isEmpty()) {
                    err.println("amesh detect: no face found in " + t.image());
                }
                JsonNode node = DetectionJson.of(t.image().toString(), model, result);
                if (outDir != null) {
                    writeJson(t.json(), node);
                } else {
                    all.add(node);
                }
                if (t.overlay() != null) {
                    writeOverlay(t.overlay(), OverlayRenderer.render(image.toBufferedImage(), result));
                }
            }
        }
        if (outDir == null) {
            JsonNode out = images.size() == 1 ? all.get(0) : all;
            if (json != null) {
                writeJson(json, out);
            } else {
                PrintWriter stdout = spec.commandLine().getOut();
                stdout.println(DetectionJson.mapper().writeValueAsString(out));
                stdout.flush();
            }
        }
        err.flush();
        return 0;
    }

    private FacePipeline createPipeline() throws IOException {
        EngineChoice engine = new EngineChoice(backend, threads, device, parallelFaces);
        return switch (model) {
            case ATTENTION -> FacePipeline.of(attentionFactory.create(engine, maxFaces));
            case CASCADE -> FacePipeline.of(cascadeFactory.create(engine, maxFaces));
        };
    }

    private void checkOptions() {
        CommandLine cl = spec.commandLine();
        if (maxFaces < 1 || maxFaces > 100) {
            throw new CommandLine.ParameterException(cl, "--max-faces must be between 1 and 100, got " + maxFaces);
        }
        if (threads != null && threads < 1) {
            throw new CommandLine.ParameterException(cl, "--threads must be at least 1, got " + threads);
        }
        if (parallelFaces < 1 || parallelFaces > 100) {
            throw new CommandLine.ParameterException(cl, "--parallel-faces must be between 1 and 100, got "
                    + parallelFaces);
        }
        if (parallelFaces > 1 && model == PipelineKind.CASCADE) {
            throw new CommandLine.ParameterException(cl, "--parallel-faces applies to the attention model only");
        }
        if (device != null && device < 0) {
            throw new CommandLine.ParameterException(cl, "--device must be >= 0, got " + device);
        }
        if (maxMegapixels < 1) {
            throw new CommandLine.ParameterException(cl, "--max-megapixels must be at least 1, got " + maxMegapixels);
        }
        if (outDir != null && (json != null || overlay != null)) {
            throw new CommandLine.ParameterException(cl, "--out-dir names the outputs itself; drop --json and --overlay");
        }
        if (noOverlay && outDir == null) {
            throw new CommandLine.ParameterException(cl, "--no-overlay only applies with --out-dir");
        }
        if (overlay != null && images.size() > 1) {
            throw new CommandLine.ParameterException(cl, "--overlay takes one image; use --out-dir for several");
        }
    }

    private static void writeJson(Path file, JsonNode node) throws IOException {
        Path tmp = temporarySibling(file);
        try {
            DetectionJson.mapper().writeValue(tmp.toFile(), node);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeOverlay(Path file, java.awt.image.BufferedImage img) throws IOException {
        Path tmp = temporarySibling(file);
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available for " + file);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path temporarySibling(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("cannot write into " + dir + ": it is a file, not a folder");
        }
        Files.createDirectories(dir);
        // A fresh name rather than createTempFile, so that the result gets the usual permissions (umask), not 0600.
        return dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
                + java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 30) + ".tmp");
    }
}
