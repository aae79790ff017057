package dev.amesh.converter.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeFingerprintTest {
    @TempDir
    Path tmp;

    @Test
    void classFolderGivesStableFingerprint() {
        String a = CodeFingerprint.of(ModelId.class);
        assertTrue(a.matches("[0-9a-f]{16}"), a);
        assertEquals(a, CodeFingerprint.of(ModelStore.class), "same package, same fingerprint");
        assertNotEquals(a, CodeFingerprint.of(ModelId.class, org.junit.jupiter.api.Test.class));
    }

    /** A jar holding Sha256.class (which needs only the JDK), plus {@code extra} bytes as another class file. */
    private Path jar(String name, byte[] extra) throws IOException {
        Path jar = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
                InputStream cls = Sha256.class.getResourceAsStream("Sha256.class")) {
            j.putNextEntry(new JarEntry("dev/amesh/converter/models/Sha256.class"));
            j.write(cls.readAllBytes());
            j.putNextEntry(new JarEntry("dev/amesh/converter/models/Other.class"));
            j.write(extra);
            j.putNextEntry(new JarEntry("dev/amesh/converter/models/sub/Ignored.class"));
            j.write(new byte[] {9});
        }
        return jar;
    }

    private static String fingerprintFrom(Path jar) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> c = loader.loadClass("dev.amesh.converter.models.Sha256");
            assertEquals(loader, c.getClassLoader());
            return CodeFingerprint.of(c);
        }
    }

    @Test
    void jarFingerprintChangesWithAnyClassOfThePackage() throws Exception {
        String one = fingerprintFrom(jar("a.jar", new byte[] {1, 2, 3}));
        String same = fingerprintFrom(jar("b.jar", new byte[] {1, 2, 3}));
        String changed = fingerprintFrom(jar("c.jar", new byte[] {1, 2, 4}));
        assertTrue(one.matches("[0-9a-f]{16}"), one);
        assertEquals(one, same);
        assertNotEquals(one, changed);
    }
}
