package dev.amesh.converter.models;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes a ustar .tgz the way npm pack does (entries under {@code package/}), for tests. */
final class TarGzWriter {
    private TarGzWriter() {
    }

    static void write(Path out, Map<String, byte[]> entries) throws IOException {
        Files.write(out, bytes(entries));
    }

    static byte[] bytes(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(buffer)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                gz.write(header("package/" + e.getKey(), e.getValue().length));
                gz.write(e.getValue());
                gz.write(new byte[(512 - e.getValue().length % 512) % 512]);
            }
            gz.write(new byte[1024]);
        }
        return buffer.toByteArray();
    }

    private static byte[] header(String name, long size) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644\0");
        put(h, 108, "0000000\0");
        put(h, 116, "0000000\0");
        put(h, 124, String.format("%011o\0", size));
        put(h, 136, String.format("%011o\0", 499162500L));
        h[156] = '0';
        put(h, 257, "ustar\0");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o\0 ", sum));
        return h;
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
