package dev.amesh.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerPoolTest {

    /** Every chunk of every dispatch runs exactly once, with the chunk count and a valid thread id. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void everyChunkRunsOnceOnAThreadOfThePool(int threads) {
        try (WorkerPool pool = new WorkerPool(threads, "test")) {
            int chunks = pool.chunks();
            int rounds = 2000;
            AtomicIntegerArray ran = new AtomicIntegerArray(rounds * chunks);
            AtomicIntegerArray badThread = new AtomicIntegerArray(1);
            for (int r = 0; r < rounds; r++) {
                int round = r;
                pool.run((chunk, count, thread) -> {
                    assertEquals(chunks, count);
                    if (thread < 0 || thread >= threads) {
                        badThread.incrementAndGet(0);
                    }
                    ran.incrementAndGet(round * chunks + chunk);
                });
                for (int c = 0; c < chunks; c++) { // all done when run returns
                    assertEquals(1, ran.get(round * chunks + c), "round " + round + " chunk " + c);
                }
            }
            assertEquals(0, badThread.get(0));
        }
    }

    /** A chunk that throws: run rethrows it after the other chunks finished, and the pool keeps working. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void aFailingChunkIsRethrownAndThePoolStaysUsable(int threads) {
        try (WorkerPool pool = new WorkerPool(threads, "test")) {
            int chunks = pool.chunks();
            for (int failing = 0; failing < chunks; failing++) {
                int bad = failing;
                IllegalStateException boom = new IllegalStateException("chunk " + bad);
                AtomicIntegerArray ran = new AtomicIntegerArray(chunks);
                IllegalStateException thrown = assertThrows(IllegalStateException.class,
                        () -> pool.run((chunk, count, thread) -> {
                            ran.incrementAndGet(chunk);
                            if (chunk == bad) {
                                throw boom;
                            }
                        }));
                assertSame(boom, thrown);
                for (int c = 0; c < chunks; c++) {
                    assertEquals(1, ran.get(c), "chunk " + c + " with chunk " + bad + " failing");
                }
                AtomicIntegerArray after = new AtomicIntegerArray(chunks);
                pool.run((chunk, count, thread) -> after.incrementAndGet(chunk));
                for (int c = 0; c < chunks; c++) {
                    assertEquals(1, after.get(c), "next dispatch, chunk " + c);
                }
            }
        }
    }

    /** Every chunk throwing (a kernel bug): run rethrows one of the failures instead of waiting forever. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void everyChunkFailingIsRethrownNotAHang(int threads) {
        try (WorkerPool pool = new WorkerPool(threads, "test")) {
            for (int round = 0; round < 200; round++) {
                AtomicIntegerArray ran = new AtomicIntegerArray(pool.chunks());
                IllegalStateException thrown = assertTimeoutPreemptively(Duration.ofSeconds(20),
                        () -> assertThrows(IllegalStateException.class, () -> pool.run((chunk, count, thread) -> {
                            ran.incrementAndGet(chunk);
                            throw new IllegalStateException("chunk " + chunk);
                        })));
                assertTrue(thrown.getMessage().startsWith("chunk "), thrown.getMessage());
                for (int c = 0; c < pool.chunks(); c++) {
                    assertEquals(1, ran.get(c), "round " + round + " chunk " + c);
                }
            }
            AtomicIntegerArray after = new AtomicIntegerArray(pool.chunks());
            pool.run((chunk, count, thread) -> after.incrementAndGet(chunk));
            for (int c = 0; c < pool.chunks(); c++) {
                assertEquals(1, after.get(c), "next dispatch, chunk " + c);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void chunksAreSeveralPerThread(int threads) {
        try (WorkerPool pool = new WorkerPool(threads, "test")) {
            assertEquals(threads, pool.threads());
            assertTrue(pool.chunks() % threads == 0 && pool.chunks() > threads, "chunks " + pool.chunks());
        }
    }
}
