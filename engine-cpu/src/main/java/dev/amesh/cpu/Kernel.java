package dev.amesh.cpu;

/**
 * One prepared op. Everything it reads and writes (arena windows, constant arrays, scratch) is bound
 * when it is prepared, so {@link #execute()} takes no arguments and must not allocate.
 */
public interface Kernel {
    /** Computes the op's outputs from its inputs once. */
    void execute();

    /** Short name of the implementation for dumps and profiles, such as {@code ref/conv2d}. */
    String name();
}
