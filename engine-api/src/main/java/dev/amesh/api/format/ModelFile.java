package dev.amesh.api.format;

import dev.amesh.api.graph.Graph;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * amesh's own model file ({@value #EXTENSION}): a 64-byte header, a graph section (tensors, ops in
 * execution order with typed attributes, model inputs and outputs, metadata) and a 64-byte aligned
 * weight section of float32 or float16 constants, all little-endian and covered by CRC32C checksums.
 * The byte layout is specified in {@code docs/format.md}.
 *
 * <p>A {@link Graph} round-trips exactly: names, metadata (in order), shapes, attribute values and
 * their types, constant values bit for bit, and each constant's stored type. Encoding is deterministic.
 *
 * <p>Reading validates everything before use: a truncated, corrupted, forged or newer file raises a
 * {@link ModelFormatException} naming the file and the problem; no count or length in the file makes
 * the reader allocate more than a small multiple of the file's size.
 */
public final class ModelFile {
    public static final String EXTENSION = ".amesh";

    private ModelFile() {
    }

    /**
     * Encodes {@code graph}.
     *
     * @throws IllegalArgumentException if the graph cannot be stored: a FLOAT16 constant holds a value
     *     that half precision cannot represent exactly, a name is not valid Unicode, or a format limit
     *     (rank, counts, string length, 2 GiB total) is exceeded
     */
    public static byte[] toBytes(Graph graph) {
        return ModelFileWriter.encode(graph);
    }

    /**
     * Writes {@code graph} to {@code out} atomically: the bytes go to a temporary file in the same
     * directory, which is flushed to disk and then renamed over {@code out}. On any failure {@code out}
     * is untouched (a previous file there stays intact) and the temporary file is removed.
     *
     * @throws IllegalArgumentException as {@link #toBytes}, before anything is written
     */
    public static void write(Graph graph, Path out) throws IOException {
        byte[] bytes = toBytes(graph);
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        Path temp = createTempSibling(target);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot write " + out + " atomically: the file system does not support "
                        + "atomic rename in " + dir, e);
            }
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Memory-maps {@code file} read-only and decodes it. Weights are copied out, so the mapping is not
     * retained.
     *
     * @throws ModelFormatException if the file is not a valid .amesh model (the message names the file)
     */
    public static Graph load(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > ModelFileLayout.MAX_FILE_SIZE) {
                throw new ModelFormatException(file.toString(), "file is " + size
                        + " bytes; .amesh files are limited to " + ModelFileLayout.MAX_FILE_SIZE + " bytes");
            }
            MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return read(mapped, file.toString());
        }
    }

    /**
     * Decodes the bytes between {@code bytes}' position and limit (the buffer's position is not changed).
     *
     * @param sourceName names the data in error messages, usually the file name
     */
    public static Graph read(ByteBuffer bytes, String sourceName) throws ModelFormatException {
        return ModelFileReader.read(bytes, sourceName);
    }

    private static Path createTempSibling(Path target) throws IOException {
        String base = "." + target.getFileName() + ".";
        for (int attempt = 0; ; attempt++) {
            Path temp = target.resolveSibling(base + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                // CREATE_NEW: never reuse or follow an existing path; default permissions as for any new file.
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** Makes the rename durable. Not every platform can open a directory (Windows cannot); there it is skipped. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Best effort: the file's own contents were already forced before the rename.
        }
    }
}
