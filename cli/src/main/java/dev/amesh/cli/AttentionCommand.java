package dev.amesh.cli;

import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.mesh.inspect.AttentionGeometry;
import dev.amesh.mesh.inspect.AttentionPicture;
import dev.amesh.mesh.inspect.LayerCapture;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code amesh attention IMAGE --out attn.png}: where the spatial transformers look (Figure 3 of the paper). */
@Command(name = "attention", mixinStandardHelpOptions = true,
        description = {"Draw the sampling grids of the attention model's spatial-transformer crops (lips, left eye,"
                + " right eye) on the model input crop and on the photo, with the 16x16 crops (mean over channels)"
                + " enlarged beside them.",
            "Each grid is the crop's pixel grid mapped through its 4x4 matrix to feature-map units, then scaled"
                + " to model input pixels and, for the photo, through the face ROI."})
final class AttentionCommand implements Callable<Integer> {
    @Mixin
    DumpCommand.ModelInputOptions input;

    @Option(names = "--out", required = true, paramLabel = "OUT.png", description = "The picture to write.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        for (Path in : input.inputFiles()) {
            if (ConvertCommand.sameFile(in, out)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out
                        + " is an input file; refusing to overwrite it");
            }
        }
        DumpCommand.ModelInputOptions.Prepared prepared = input.prepare(spec);
        Graph graph = prepared.graph();
        List<AttentionGeometry.Region> regions = AttentionGeometry.regions(graph);
        if (regions.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "model '" + graph.name() + "' has no"
                    + " spatial-transformer (TRANSFORM_TENSOR_BILINEAR) ops; use the attention model");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (AttentionGeometry.Region r : regions) {
            patterns.add(Pattern.compile(Pattern.quote(r.matrix())));
            patterns.add(Pattern.compile(Pattern.quote(r.crop())));
        }
        List<LayerCapture.Captured> captured;
        try (CompiledModel compiled = input.backend(spec).compile(graph, input.options(spec))) {
            captured = LayerCapture.run(compiled, patterns, prepared.inputs());
        }
        Tensor modelInput = prepared.inputs()[0];
        Shape inShape = modelInput.shape();
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf(Locale.ROOT, "%s on %s%n", graph.name(), prepared.source());
        List<AttentionPicture.RegionView> views = new ArrayList<>();
        for (AttentionGeometry.Region r : regions) {
            Tensor matrix = find(captured, r.matrix());
            double sx = (double) inShape.dim(2) / r.featureShape().dim(2);
            double sy = (double) inShape.dim(1) / r.featureShape().dim(1);
            AttentionGeometry.Grid grid = AttentionGeometry.inputGrid(matrix.data(), matrix.offset(), r.cropWidth(),
                    r.cropHeight(), sx, sy);
            views.add(new AttentionPicture.RegionView(r.submodel(), grid, find(captured, r.crop())));
            pw.printf(Locale.ROOT, "%-10s %s -> %s (%dx%d of %s %s): corners in input px %s%s%n", r.submodel(),
                    r.matrix(), r.crop(), r.cropWidth(), r.cropHeight(), r.features(), r.featureShape(),
                    corners(grid), prepared.face() == null ? ""
                            : ", in photo px " + corners(grid.map(prepared.face().roi())));
        }
        BufferedImage photo = prepared.photo() == null ? null : prepared.photo().toBufferedImage();
        AttentionGeometry.Roi roi = prepared.face() == null ? null : prepared.face().roi();
        AttentionPicture picture = AttentionPicture.draw(modelInput, views, photo, roi);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(picture.image(), "png", out.toFile());
        pw.printf(Locale.ROOT, "wrote %s (%dx%d)%n", out, picture.image().getWidth(), picture.image().getHeight());
        return 0;
    }

    private static String corners(AttentionGeometry.Grid grid) {
        StringBuilder sb = new StringBuilder();
        for (double[] c : grid.corners()) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "(%.1f,%.1f)", c[0], c[1]));
        }
        return sb.toString();
    }

    private static Tensor find(List<LayerCapture.Captured> captured, String name) {
        for (LayerCapture.Captured c : captured) {
            if (c.name().equals(name)) {
                return c.tensor();
            }
        }
        throw new IllegalStateException("tensor '" + name + "' was not computed");
    }
}
