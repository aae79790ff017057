package dev.amesh.converter.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzTest {
    @TempDir
    Path tmp;

    @Test
    void extractsChosenFilesByBaseName() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("README.md", "hello".getBytes(StandardCharsets.UTF_8));
        entries.put("a.bin", new byte[512]);
        entries.put("sub/b.bin", new byte[] {1, 2, 3});
        Path tgz = tmp.resolve("p.tgz");
        TarGzWriter.write(tgz, entries);
        Map<String, byte[]> got = TarGz.extract(tgz, Set.of("a.bin", "b.bin", "missing"));
        assertEquals(Set.of("a.bin", "b.bin"), got.keySet());
        assertArrayEquals(new byte[] {1, 2, 3}, got.get("b.bin"));
    }

    @Test
    void readsArchiveMadeBySystemTarWithLongNames() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src").resolve("package").resolve("x".repeat(120)));
        Files.writeString(src.resolve("deep.txt"), "deep");
        Path tgz = tmp.resolve("sys.tgz");
        Process p;
        try {
            p = new ProcessBuilder("tar", "--format=pax", "-czf", tgz.toString(), "-C", tmp.resolve("src").toString(),
                    "package").redirectErrorStream(true).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no tar command: " + e.getMessage());
            return;
        }
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        Map<String, byte[]> got = TarGz.extract(tgz, Set.of("deep.txt"));
        assertEquals("deep", new String(got.get("deep.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void damagedHeaderIsReported() throws IOException {
        byte[] tar = TarGzWriter.bytes(Map.of("a.bin", new byte[] {7}));
        // Re-pack with one header byte changed so the checksum no longer holds.
        byte[] raw = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(tar)).readAllBytes();
        raw[10] ^= 0x20;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(raw);
        }
        Path tgz = tmp.resolve("bad.tgz");
        Files.write(tgz, out.toByteArray());
        IOException e = assertThrows(IOException.class, () -> TarGz.extract(tgz, Set.of("a.bin")));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }
}
