package dev.amesh.cpu.simd;

import dev.amesh.cpu.exec.CpuCompiledModel;

/**
 * Where a compiled model's packed weights live: slices of a few large arrays, each slice starting on a
 * 64-byte boundary, so that 512-bit weight loads never straddle two cache lines. Like the activation arena
 * ({@link CpuCompiledModel#ARENA_SHIFT}), this relies on G1 and ZGC placing arrays of half a heap region or
 * more at the start of a region; where that does not hold, only speed changes. Used while kernels are
 * prepared, on one thread.
 */
final class WeightArena {
    /** A slice: {@code length} floats of {@code array} from {@code offset}, zeroed. */
    record Slice(float[] array, int offset) {
    }

    /** Floats per backing array at most, unless one slice needs more: 4 MiB. */
    static final int CHUNK_FLOATS = 1 << 20;
    /** Slices start at multiples of this many floats past the shift: 64 bytes. */
    private static final int LINE_FLOATS = 16;

    private final int chunkFloats;
    private float[] current;
    private int used;

    /** An arena whose first array holds {@code expectedFloats} (a hint: more arrays follow when needed). */
    WeightArena(long expectedFloats) {
        this.chunkFloats = (int) Math.max(LINE_FLOATS, Math.min(expectedFloats, CHUNK_FLOATS));
    }

    Slice allocate(int floats) {
        int size = (Math.max(1, floats) + LINE_FLOATS - 1) / LINE_FLOATS * LINE_FLOATS;
        int shift = CpuCompiledModel.ARENA_SHIFT;
        if (current == null || shift + used + size > current.length) {
            current = new float[shift + Math.max(chunkFloats, size)];
            used = 0;
        }
        Slice s = new Slice(current, shift + used);
        used += size;
        return s;
    }
}
