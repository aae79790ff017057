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
}
