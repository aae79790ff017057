package dev.amesh.cpu.simd;

import dev.amesh.cpu.exec.TailRunner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads, created when a model is compiled and stopped by {@link #close()}, that run one
 * {@link Task} at a time split into {@link #chunks()} chunks. The caller works too. Each thread claims
 * the chunks of its own range first, then what is left of the others', so a worker the OS has not
 * scheduled yet (two busy cores) costs nothing: the caller takes its chunks. Dispatching allocates nothing: the task is published through volatile fields
 * and idle workers spin briefly (the ops of one inference follow each other within microseconds) before
 * they park.
 *
 * <p>A chunk's outputs never depend on which thread computes it, and tasks split only independent
 * outputs, so results are bit-identical for any thread count.
 *
 * <p>{@link #runOnEveryThread} runs one body on all threads at once (a model's {@code ParallelTail}); a
 * task handed to {@link #run} from inside it runs whole on the thread that hands it over.
 */
public final class WorkerPool implements AutoCloseable, TailRunner {
    /** Work split into chunks. */
    public interface Task {
        /**
         * Computes chunk {@code chunk} of {@code chunks}; {@code thread} (below {@link #threads()}) selects
         * the calling thread's scratch buffers.
         */
        void run(int chunk, int chunks, int thread);
    }

    /** Chunks per thread: enough to balance uneven progress, few enough to keep chunks large. */
    private static final int CHUNKS_PER_THREAD = 4;
    /**
     * How long an idle worker spins for the next task before it parks (waking a parked thread costs tens
     * of microseconds). Measured on the 2-vCPU benchmark machine: 100 us gives the best 2-thread time;
     * 1 ms nearly doubled it (the spinning vCPU seems to share a physical core with the caller), 20 us
     * was a little slower.
     */
    private static final long SPIN_NANOS = 100_000L;

    private final Thread[] workers;
    /** Per worker: set while it is parked (or about to park), so {@link #run} unparks only those. */
    private final AtomicIntegerArray parked;
    private final int chunks;
    /**
     * Per thread, one cache line apart: the next unclaimed chunk of the thread's own range
     * {@code [thread * chunks / threads, (thread + 1) * chunks / threads)}. A thread runs its own range first,
     * then takes what is left of the others', so each thread computes the same rows of every op while all
     * threads run: consecutive ops find their inputs in the core's own L2 instead of another core's.
     */
    private final AtomicIntegerArray nextChunk;
    private static final int COUNTER_STRIDE = 16;
    private final AtomicInteger done = new AtomicInteger();
    private volatile Task task;
    /** True while a task runs: a task that calls {@link #run} itself (a kernel inside a tail) runs inline. */
    private volatile boolean dispatching;
    /** The body of {@link #runOnEveryThread}, published with {@link #everyThread}. */
    private Runnable body;
    private final Task everyThread = (chunk, chunkCount, thread) -> {
        if (chunk < threads()) {
            body.run();
        }
    };
    /** The task of {@link #runChunks}, published with {@link #chunked}. */
    private ChunkTask chunkTask;
    private final Task chunked = (chunk, chunkCount, thread) -> chunkTask.run(chunk, chunkCount);
    private volatile int generation;
    private volatile boolean closed;
    private volatile Throwable failure;

    /** A pool of {@code threads} threads: {@code threads - 1} workers plus the caller of {@link #run}. */
    public WorkerPool(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        workers = new Thread[threads - 1];
        parked = new AtomicIntegerArray(workers.length);
        chunks = threads == 1 ? 1 : threads * CHUNKS_PER_THREAD;
        nextChunk = new AtomicIntegerArray(threads * COUNTER_STRIDE);
        for (int i = 0; i < workers.length; i++) {
            int id = i + 1;
            Thread t = new Thread(() -> workLoop(id), name + "-worker-" + id);
            t.setDaemon(true);
            workers[i] = t;
        }
        for (int i = 0; i < workers.length; i++) {
            workers[i].start();
        }
    }

    /** Threads that may run chunks (workers plus the caller): the number of scratch buffers tasks need. */
    public int threads() {
        return workers.length + 1;
    }

    /** Chunks a task is split into. */
    public int chunks() {
        return chunks;
    }

    /**
     * Runs every chunk of {@code t} and returns when all are done; rethrows the first failure. Called from
     * inside a task (a kernel of a parallel tail), it runs {@code t} whole on the calling thread.
     */
    public void run(Task t) {
        if (workers.length == 0 || dispatching) {
            t.run(0, 1, 0);
            return;
        }
        dispatch(t);
    }

    /**
     * {@link #run(Task)} when {@code split}; otherwise {@code t} runs whole on the calling thread, as chunk 0
     * of 1 with thread 0's scratch (a kernel too small to be worth waking the workers).
     */
    public void run(Task t, boolean split) {
        if (split) {
            run(t);
        } else {
            t.run(0, 1, 0);
        }
    }

    @Override
    public void runOnEveryThread(Runnable r) {
        body = r;
        try {
            if (workers.length == 0) {
                dispatching = true;
                r.run();
            } else {
                dispatch(everyThread);
            }
        } finally {
            dispatching = false;
            body = null;
        }
    }

    private void dispatch(Task t) {
        if (closed) {
            throw new IllegalStateException("worker pool is closed");
        }
        dispatching = true;
        task = t;
        done.set(0);
        for (int i = 0; i < threads(); i++) { // publishes task; a worker that claims a chunk sees this task
            nextChunk.set(i * COUNTER_STRIDE, i * (chunks / threads()));
        }
        generation++;
        for (int i = 0; i < workers.length; i++) {
            if (parked.get(i) != 0) {
                LockSupport.unpark(workers[i]);
            }
        }
        Throwable own = null;
        try {
            work(0);
        } catch (RuntimeException | Error e) {
            own = e;
        }
        while (done.get() < chunks) {
            Thread.onSpinWait();
        }
        dispatching = false;
        Throwable workerFailure = failure;
        failure = null;
        if (own == null) {
            own = workerFailure;
        }
        if (own instanceof RuntimeException re) {
            throw re;
        }
        if (own instanceof Error err) {
            throw err;
        }
    }

    /**
     * Claims and runs chunks until none is left: first the thread's own range, then the others'. A chunk
     * that throws does not stop the thread: every chunk is claimed and run even when all of them fail, so
     * the caller never waits for a chunk nobody will take. A worker records its first failure before its
     * chunks count as done (the caller reads it once all are); the caller rethrows its own at the end. The
     * chunks run from one range count into {@link #done} with one atomic add, not one per chunk on the
     * line the caller polls: a dispatch of an empty task took 2.1 us with two threads, 1.2 us so.
     */
    private void work(int thread) {
        int n = threads();
        Throwable own = null;
        for (int k = 0; k < n; k++) {
            int owner = (thread + k) % n;
            int end = (owner + 1) * (chunks / n);
            int c;
            int ran = 0;
            try {
                while ((c = nextChunk.getAndIncrement(owner * COUNTER_STRIDE)) < end) {
                    ran++;
                    try {
                        task.run(c, chunks, thread);
                    } catch (RuntimeException | Error e) {
                        if (thread == 0) {
                            own = own == null ? e : own;
                        } else if (failure == null) {
                            failure = e;
                        }
                    }
                }
            } finally {
                if (ran > 0) {
                    done.addAndGet(ran);
                }
            }
        }
        if (own instanceof RuntimeException re) {
            throw re;
        }
        if (own instanceof Error err) {
            throw err;
        }
    }

    private void workLoop(int thread) {
        int seen = 0;
        while (true) {
            long spinStart = System.nanoTime();
            int g;
            while ((g = generation) == seen && !closed) {
                if (System.nanoTime() - spinStart < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked.set(thread - 1, 1);
                    if (generation == seen && !closed) { // re-check after publishing: run() may have missed the flag
                        LockSupport.parkNanos(this, 10_000_000L);
                    }
                    parked.set(thread - 1, 0);
                }
            }
            if (closed) {
                return;
            }
            seen = g;
            try {
                work(thread);
            } catch (Throwable e) {
                if (failure == null) { // a checked exception a chunk threw sneakily; the others are recorded in work
                    failure = e;
                }
            }
        }
    }

    @Override
    public void runChunks(ChunkTask t) {
        chunkTask = t;
        try {
            run(chunked);
        } finally {
            chunkTask = null;
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
