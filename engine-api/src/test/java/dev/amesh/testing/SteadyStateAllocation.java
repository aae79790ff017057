package dev.amesh.testing;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what a batch of calls allocates on the calling thread once the JVM has settled.
 *
 * <p>Tiered compilation keeps recompiling small, hot code for thousands of calls, and a tier change
 * allocates a few hundred bytes on the thread that triggers it (runs of the scalar backend under
 * {@code -Xint} allocate nothing; the same runs under the JIT showed 48-432 bytes in 4 of 60 batches,
 * 700-2700 runs after warm-up). A fixed warm-up therefore flakes on a slower machine. Instead, batches
 * run until one allocates no more than {@code allowedPerBatch}, up to {@code maxBatches}: code that
 * allocates on every call never gets there, since each batch holds many calls.
 */
public final class SteadyStateAllocation {
    private SteadyStateAllocation() {
    }

    /** The bytes of each batch measured, the last one the first that stayed within the allowance. */
    public record Result(long bytes, List<Long> history) {
        @Override
        public String toString() {
            return bytes + " bytes in the best batch; all batches: " + history;
        }
    }

    /**
     * Runs {@code batch} up to {@code maxBatches} times and stops at the first run that allocated at most
     * {@code allowedPerBatch} bytes on the calling thread; {@link Result#bytes()} is the least seen.
     */
    public static Result measure(Runnable batch, long allowedPerBatch, int maxBatches) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Long> history = new ArrayList<>();
        long best = Long.MAX_VALUE;
        for (int b = 0; b < maxBatches && best > allowedPerBatch; b++) {
            long start = threads.getCurrentThreadAllocatedBytes();
            long probe = threads.getCurrentThreadAllocatedBytes() - start; // cost of the probe itself
            start = threads.getCurrentThreadAllocatedBytes();
            batch.run();
            long bytes = Math.max(0, threads.getCurrentThreadAllocatedBytes() - start - probe);
            history.add(bytes);
            best = Math.min(best, bytes);
        }
        return new Result(best, history);
    }
}
