package dev.amesh.cpu.exec;

/** A backend's threads, as {@link CpuCompiledModel} uses them to run a graph's {@link ParallelTail}. */
public interface TailRunner {
    /** Threads available, the caller included. */
    int threads();

    /**
     * Runs {@code body} on the calling thread and on every other thread at once, and returns when all
     * calls have returned. Work the body hands to the same threads meanwhile runs on the thread that hands
     * it over.
     */
    void runOnEveryThread(Runnable body);

    /**
     * Runs {@code task} for every chunk {@code 0..chunks-1}, split across the threads the way kernels split
     * their work: the first thread's share is the first chunks, so a chunk of rows lands on the thread whose
     * kernels then read those rows. Returns when all are done.
     */
    void runChunks(ChunkTask task);

    /** Work split into chunks, for {@link #runChunks}. */
    interface ChunkTask {
        void run(int chunk, int chunks);
    }
}
