package dev.amesh.cli.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Where {@code amesh detect} writes each image's JSON and overlay; never onto an input file. */
public final class OutputPlan {
    /** The outputs of one image; either may be null (JSON null means standard output). */
    public record Target(Path image, Path json, Path overlay) {
    }

    private OutputPlan() {
    }

    /** {@code DIR/<name>.json} and {@code DIR/<name>.overlay.png} per image, names made unique. */
    public static List<Target> perImage(List<Path> images, Path dir, boolean overlays) throws IOException {
        List<Target> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Path image : images) {
            String base = stem(image);
            String name = base;
            for (int k = 2; !taken.add(name.toLowerCase(Locale.ROOT)); k++) {
                name = base + "_" + k;
            }
            out.add(new Target(image, dir.resolve(name + ".json"), overlays ? dir.resolve(name + ".overlay.png") : null));
        }
        checkNoInputOverwritten(images, out);
        return out;
    }

    /** Explicit files: one JSON for all images (or none: standard output) and an overlay for a single image. */
    public static List<Target> explicit(List<Path> images, Path json, Path overlay) throws IOException {
        List<Target> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            out.add(new Target(images.get(i), json, i == 0 ? overlay : null));
        }
        checkNoInputOverwritten(images, out);
        if (json != null && overlay != null && sameFile(json, overlay)) {
            throw new IOException("--json and --overlay name the same file " + json);
        }
        return out;
    }

    static String stem(Path image) {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String s = dot > 0 ? name.substring(0, dot) : name;
        s = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() ? "image" : s;
    }

    private static void checkNoInputOverwritten(List<Path> images, List<Target> targets) throws IOException {
        for (Target t : targets) {
            for (Path out : new Path[] {t.json(), t.overlay()}) {
                if (out == null) {
                    continue;
                }
                for (Path in : images) {
                    if (sameFile(in, out)) {
                        throw new IOException("output " + out + " would overwrite the input image " + in
                                + "; choose another output path");
                    }
                }
            }
        }
    }

    static boolean sameFile(Path a, Path b) throws IOException {
        if (Files.exists(a) && Files.exists(b)) {
            return Files.isSameFile(a, b);
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
