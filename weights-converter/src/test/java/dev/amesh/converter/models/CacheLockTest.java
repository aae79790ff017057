package dev.amesh.converter.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheLockTest {
    @TempDir
    Path tmp;

    @Test
    void anotherProcessHoldingTheCacheMakesFetchWait() throws Exception {
        Path cache = tmp.resolve("cache");
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), cache.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());

            Path models = Files.createDirectories(tmp.resolve("models"));
            for (ModelId id : ModelId.values()) {
                Files.copy(TestModels.tflite(id), models.resolve(id.fileName()));
            }
            List<String> log = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            Thread fetcher = new Thread(() -> {
                try {
                    new ModelStore(cache, new FakeConverter("v1"), log::add).fetch(models, log::add);
                } catch (Exception e) {
                    log.add("failed: " + e);
                }
                done.countDown();
            });
            fetcher.start();
            assertFalse(done.await(1500, TimeUnit.MILLISECONDS), "fetch must wait for the other process: " + log);
            assertTrue(log.get(0).startsWith("waiting for another amesh process"), log.toString());
            assertFalse(Files.exists(cache.resolve("tflite")), "nothing written while the other process holds it");

            holder.getOutputStream().close();
            assertTrue(done.await(60, TimeUnit.SECONDS), "fetch finishes once the lock is free");
            assertTrue(log.stream().noneMatch(l -> l.startsWith("failed")), log.toString());
            assertTrue(new ModelStore(cache, new FakeConverter("v1"), l -> { }).hasConverted(ModelId.ATTENTION));
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
