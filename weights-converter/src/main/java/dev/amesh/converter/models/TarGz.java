package dev.amesh.converter.models;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads chosen regular files out of a gzip-compressed tar archive (the format of {@code npm pack}):
 * POSIX ustar headers, with pax ({@code x}) and GNU ({@code L}) long names. Every header checksum is
 * checked, and sizes are bounded, so a damaged or hostile archive gives an error instead of garbage.
 */
final class TarGz {
    private static final int BLOCK = 512;
    /** Everything in the face_mesh package is far smaller; more is a damaged or hostile archive. */
    static final long MAX_ENTRY_BYTES = 256L << 20;
    private static final long MAX_TOTAL_BYTES = 1L << 30;

    private TarGz() {
    }

    /**
     * The contents of the regular files whose last path segment is in {@code baseNames}, keyed by that
     * base name; the first entry of each name wins.
     *
     * @throws IOException naming the archive when it is not a complete, valid .tgz
     */
    static Map<String, byte[]> extract(Path archive, Set<String> baseNames) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)), 1 << 16)) {
            return extract(in, baseNames);
        } catch (EOFException e) {
            throw new IOException(archive + " is truncated (the archive ends early); download it again", e);
        } catch (ZipException e) {
            throw new IOException(archive + " is not a valid .tgz (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("tar:")) {
                throw new IOException(archive + " is not a valid .tgz (" + e.getMessage() + ")", e);
            }
            throw e;
        }
    }

    private static Map<String, byte[]> extract(InputStream in, Set<String> baseNames) throws IOException {
        Map<String, byte[]> found = new HashMap<>();
        byte[] header = new byte[BLOCK];
        String longName = null;
        long total = 0;
        while (found.size() < baseNames.size()) {
            if (!readBlock(in, header)) {
                break;
            }
            if (isZero(header)) {
                break;
            }
            verifyChecksum(header);
            long size = parseSize(header);
            total += size;
            if (size > MAX_ENTRY_BYTES || total > MAX_TOTAL_BYTES) {
                throw new IOException("tar: an entry of " + size + " bytes is larger than any file in the package");
            }
            char type = (char) header[156];
            String name = longName != null ? longName : headerName(header);
            longName = null;
            switch (type) {
                case 'x', 'L' -> {
                    byte[] meta = readPadded(in, size);
                    longName = type == 'L' ? cString(meta, 0, meta.length) : paxPath(meta);
                }
                case '0', '\0', '7' -> {
                    String base = name.substring(name.lastIndexOf('/') + 1);
                    if (baseNames.contains(base) && !found.containsKey(base)) {
                        found.put(base, readPadded(in, size));
                    } else {
                        skipPadded(in, size);
                    }
                }
                default -> skipPadded(in, size);
            }
        }
        return found;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("tar header cut short");
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void verifyChecksum(byte[] h) throws IOException {
        long stored = parseOctal(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (sum != stored) {
            throw new IOException("tar: header checksum mismatch");
        }
    }

    private static long parseSize(byte[] h) throws IOException {
        if ((h[124] & 0x80) != 0) {
            // GNU base-256 encoding for sizes beyond 8 GiB: anything using it is out of bounds here.
            throw new IOException("tar: an entry is larger than any file in the package");
        }
        return parseOctal(h, 124, 12);
    }

    private static long parseOctal(byte[] h, int off, int len) throws IOException {
        long v = 0;
        int i = off;
        int end = off + len;
        while (i < end && (h[i] == ' ' || h[i] == 0)) {
            i++;
        }
        for (; i < end && h[i] != 0 && h[i] != ' '; i++) {
            if (h[i] < '0' || h[i] > '7') {
                throw new IOException("tar: bad octal number in a header");
            }
            v = v * 8 + (h[i] - '0');
        }
        return v;
    }

    private static String headerName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** The {@code path} record of a pax header: lines {@code "<len> <key>=<value>\n"}. */
    private static String paxPath(byte[] meta) {
        String text = new String(meta, StandardCharsets.UTF_8);
        String path = null;
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            int eq = line.indexOf('=');
            if (space > 0 && eq > space && line.substring(space + 1, eq).equals("path")) {
                path = line.substring(eq + 1);
            }
        }
        return path;
    }

    private static byte[] readPadded(InputStream in, long size) throws IOException {
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("tar entry cut short");
        }
        skipFully(in, pad(size));
        return data;
    }

    private static void skipPadded(InputStream in, long size) throws IOException {
        skipFully(in, size + pad(size));
    }

    private static long pad(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static void skipFully(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("tar entry cut short");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }
}
