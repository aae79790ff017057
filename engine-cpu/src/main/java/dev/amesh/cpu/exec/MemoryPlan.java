package dev.amesh.cpu.exec;

/**
 * Where every activation tensor lives in one float arena. Tensors whose lifetimes do not overlap share
 * space; an aliased RESHAPE output shares its input's window.
 */
public final class MemoryPlan {
    /** Offsets are multiples of this many floats (64 bytes), so windows start on cache-line boundaries. */
    public static final int ALIGN_FLOATS = 16;

    private final int[] offsets;
    private final int[] storageOf;
    private final int arenaFloats;

    MemoryPlan(int[] offsets, int[] storageOf, int arenaFloats) {
        this.offsets = offsets;
        this.storageOf = storageOf;
        this.arenaFloats = arenaFloats;
    }

    /** Arena offset of tensor {@code id}, or -1 for constants. */
    public int offset(int tensorId) {
        return offsets[tensorId];
    }

    /** The tensor whose window {@code tensorId} uses: itself, or the input of the RESHAPE it aliases. */
    public int storageOf(int tensorId) {
        return storageOf[tensorId];
    }

    public boolean isAliased(int tensorId) {
        return storageOf[tensorId] != tensorId;
    }

    public int arenaFloats() {
        return arenaFloats;
    }

    public long arenaBytes() {
        return 4L * arenaFloats;
    }
}
