package dev.amesh.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Without a platform the backend says so instead of failing hard: a child JVM whose ICD loader is pointed
 * at an empty vendor folder (OCL_ICD_VENDORS, honoured by the ocl-icd loader that PoCL installs with)
 * must report the backend unavailable with the reason, refuse to compile with that reason, and exit
 * normally.
 */
class UnavailableOpenClTest {
    /** The child: prints what the backend says and what compile throws. */
    public static final class Probe {
        private Probe() {
        }

        public static void main(String[] args) {
            OpenClBackend b = new OpenClBackend();
            System.out.println("available=" + b.isAvailable());
            System.out.println("reason=" + b.unavailableReason());
            try {
                b.compile(new GraphBuilder().build("empty"), null).close();
                System.out.println("compile=ok");
            } catch (OpenClException e) {
                System.out.println("compile=" + e.getMessage());
            }
        }
    }

    @Test
    void noPlatformMakesTheBackendUnavailableWithTheReason() throws IOException, InterruptedException {
        OpenClTestSupport.backend(); // the loader must be there for this to test the platform-less case
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Probe.class.getName());
        pb.environment().put("OCL_ICD_VENDORS", Paths.get("target", "no-icd-vendors").toAbsolutePath().toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertTrue(lines.contains("available=false"), out);
        assertTrue(out.contains("reason=no OpenCL platform found"), out);
        assertTrue(out.contains("compile=no OpenCL platform found"), out);
    }
}
