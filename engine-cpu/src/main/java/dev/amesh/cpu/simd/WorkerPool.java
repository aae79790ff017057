package dev.amesh.cpu.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that run one {@link Task} in {@code parts} pieces, the caller taking part 0.
 * Created when a model is compiled and stopped by {@link #close()}. Dispatching allocates nothing: the
 * task is published through a volatile field and a generation counter, and idle workers spin briefly
 * (ops of one inference follow each other within microseconds) before they park.
 *
 * <p>Which thread computes a part never changes what is computed: tasks split only independent outputs.
 */
public final class WorkerPool implements AutoCloseable {
    /** Work split into parts; {@code run(part, parts)} computes part {@code part} of {@code parts}. */
    public interface Task {
        void run(int part, int parts);
    }

    /** How long an idle worker spins for the next task before it parks. */
    private static final long SPIN_NANOS = 200_000L;

    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Task task;
    private volatile int generation;
    private volatile boolean closed;
    private volatile Throwable failure;

    /** A pool for {@code threads} parts: {@code threads - 1} worker threads plus the caller. */
    public WorkerPool(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int part = i + 1;
            Thread t = new Thread(() -> workLoop(part), name + "-worker-" + part);
            t.setDaemon(true);
            workers[i] = t;
        }
        for (int i = 0; i < workers.length; i++) {
            workers[i].start();
        }
    }

    /** Number of parts a task is split into (worker threads plus the caller). */
    public int parts() {
        return workers.length + 1;
    }

    /** Runs {@code t} in {@link #parts()} parts and returns when all are done; rethrows a worker's failure. */
    public void run(Task t) {
        if (workers.length == 0) {
            t.run(0, 1);
            return;
        }
        if (closed) {
            throw new IllegalStateException("worker pool is closed");
        }
        task = t;
        pending.set(workers.length);
        generation++;
        for (int i = 0; i < workers.length; i++) {
            LockSupport.unpark(workers[i]);
        }
        Throwable own = null;
        try {
            t.run(0, workers.length + 1);
        } catch (RuntimeException | Error e) {
            own = e;
        }
        while (pending.get() != 0) {
            Thread.onSpinWait();
        }
        task = null;
        Throwable workerFailure = failure;
        if (own == null && workerFailure != null) {
            failure = null;
            own = workerFailure;
        }
        if (own instanceof RuntimeException re) {
            throw re;
        }
        if (own instanceof Error err) {
            throw err;
        }
        if (own != null) {
            throw new IllegalStateException(own);
        }
    }

    private void workLoop(int part) {
        int seen = 0;
        while (true) {
            long spinStart = System.nanoTime();
            int g;
            while ((g = generation) == seen && !closed) {
                if (System.nanoTime() - spinStart < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 10_000_000L);
                }
            }
            if (closed) {
                return;
            }
            seen = g;
            try {
                task.run(part, workers.length + 1);
            } catch (Throwable e) {
                failure = e;
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    /** Stops the workers; idempotent. */
    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < workers.length; i++) {
            LockSupport.unpark(workers[i]);
        }
    }
}
