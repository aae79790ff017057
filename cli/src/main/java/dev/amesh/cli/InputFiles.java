package dev.amesh.cli;

import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.io.Npy;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code --input} files of {@code amesh run}: {@code .npy} files carry their shape, any other file
 * is raw little-endian float32 and takes the next {@code --shape}. Each tensor is checked against the
 * model input it feeds.
 */
final class InputFiles {
    /** A bad combination of files and shapes on the command line: a usage error. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private InputFiles() {
    }

    static boolean isNpy(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npy");
    }

    /** Pairs raw files with {@code --shape}s in order; fails when the counts differ. */
    static List<Shape> rawShapes(List<Path> files, List<String> shapes) {
        List<Shape> parsed = new ArrayList<>();
        for (String s : shapes) {
            try {
                parsed.add(Shape.parse(s));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--shape " + s + ": " + e.getMessage());
            }
        }
        long raw = files.stream().filter(f -> !isNpy(f)).count();
        if (raw != parsed.size()) {
            throw new UsageException(raw + " raw float32 input" + (raw == 1 ? "" : "s") + " but " + parsed.size()
                    + " --shape option" + (parsed.size() == 1 ? "" : "s") + "; give one --shape per input that is not"
                    + " .npy, in order (e.g. --shape 1,192,192,3)");
        }
        return parsed;
    }

    /**
     * Reads every file and checks it against the model input at the same position.
     *
     * @throws UsageException when the number of files or a shape does not fit the model
     */
    static Tensor[] read(List<Path> files, List<String> shapes, List<TensorInfo> modelInputs, String model)
            throws IOException {
        List<Shape> raw = rawShapes(files, shapes);
        if (files.size() != modelInputs.size()) {
            StringBuilder expected = new StringBuilder();
            for (TensorInfo t : modelInputs) {
                expected.append(expected.length() == 0 ? "" : ", ").append(t.name()).append(' ').append(t.shape());
            }
            throw new UsageException("model " + model + " takes " + modelInputs.size() + " input"
                    + (modelInputs.size() == 1 ? "" : "s") + " (" + expected + ") but " + files.size()
                    + " --input file" + (files.size() == 1 ? " was" : "s were") + " given");
        }
        Tensor[] tensors = new Tensor[files.size()];
        int nextRaw = 0;
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            if (!Files.isRegularFile(f)) {
                throw new UsageException("--input " + f + " is not a file");
            }
            Tensor t = isNpy(f) ? Npy.read(f) : readRaw(f, raw.get(nextRaw++));
            tensors[i] = fit(t, modelInputs.get(i), f, model);
        }
        return tensors;
    }

    static Tensor readRaw(Path file, Shape shape) throws IOException {
        long expected = 4L * shape.numElements();
        long size = Files.size(file);
        if (size != expected) {
            throw new UsageException(file + " has " + size + " bytes but --shape " + shape + " needs " + expected
                    + " (float32)");
        }
        float[] data = new float[shape.numElements()];
        ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return new Tensor(file.getFileName().toString(), shape, data, 0);
    }

    /**
     * {@code t} in the model input's shape: equal shapes, or the same dimensions apart from size-1 axes (a
     * [192,192,3] array for a [1,192,192,3] input).
     */
    static Tensor fit(Tensor t, TensorInfo input, Path file, String model) {
        Shape want = input.shape();
        if (t.shape().equals(want)) {
            return t;
        }
        if (squeeze(t.shape()).equals(squeeze(want))) {
            return t.reshape(want);
        }
        throw new UsageException("input '" + input.name() + "' of model " + model + " expects shape " + want + " ("
                + want.numElements() + " floats) but " + file + " has shape " + t.shape() + " ("
                + t.shape().numElements() + " floats)");
    }

    private static Shape squeeze(Shape s) {
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < s.rank(); i++) {
            if (s.dim(i) != 1) {
                dims.add(s.dim(i));
            }
        }
        return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
    }
}
