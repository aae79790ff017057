package dev.amesh.cli;

import dev.amesh.api.io.Npy;
import dev.amesh.api.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Where {@code amesh run} writes each model output: {@code DIR/<output name>.npy}. */
final class OutputFiles {
    private OutputFiles() {
    }

    /**
     * One file per output name, made safe for a file name ({@code conv2d/BiasAdd:0} becomes
     * {@code conv2d_BiasAdd_0.npy}), unique ignoring case, and never one of {@code inputs}.
     *
     * @throws IOException if a path would be an input file
     */
    static List<Path> plan(Path dir, List<String> outputNames, List<Path> inputs) throws IOException {
        List<Path> paths = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < outputNames.size(); i++) {
            String base = safeName(outputNames.get(i), i);
            String name = base;
            for (int k = 2; !taken.add(name.toLowerCase(Locale.ROOT)); k++) {
                name = base + "_" + k;
            }
            Path p = dir.resolve(name + ".npy");
            for (Path in : inputs) {
                if (ConvertCommand.sameFile(in, p)) {
                    throw new IOException("output " + outputNames.get(i) + " would overwrite the input file " + in
                            + "; choose another --out folder");
                }
            }
            paths.add(p);
        }
        return paths;
    }

    static String safeName(String name, int index) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "_");
        return s.isEmpty() ? "output_" + index : s;
    }

    static void write(List<Path> paths, Tensor[] tensors) throws IOException {
        for (int i = 0; i < paths.size(); i++) {
            Files.createDirectories(paths.get(i).toAbsolutePath().getParent());
            Npy.write(paths.get(i), tensors[i]);
        }
    }
}
