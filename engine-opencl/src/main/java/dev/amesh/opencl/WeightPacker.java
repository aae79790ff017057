package dev.amesh.opencl;

import dev.amesh.api.graph.TensorInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers every constant the kernels read (as in the graph, or repacked for a kernel) into one array
 * that is uploaded once, each at a 16-float (64-byte) aligned offset.
 */
final class WeightPacker {
    static final int ALIGN_FLOATS = 16;

    private final List<float[]> chunks = new ArrayList<>();
    private final Map<Integer, Integer> constantOffsets = new HashMap<>();
    private int size;

    /** Appends {@code values}; returns their offset in floats. */
    int add(float[] values) {
        int offset = size;
        chunks.add(values);
        size += Math.max(ALIGN_FLOATS, (values.length + ALIGN_FLOATS - 1) / ALIGN_FLOATS * ALIGN_FLOATS);
        return offset;
    }

    /** The offset of a graph constant, added on first use and shared by every reader. */
    int constant(TensorInfo t) {
        return constantOffsets.computeIfAbsent(t.id(), id -> add(t.constantData()));
    }

    int floats() {
        return size;
    }

    float[] pack() {
        float[] all = new float[Math.max(1, size)];
        int at = 0;
        for (float[] c : chunks) {
            System.arraycopy(c, 0, all, at, c.length);
            at += Math.max(ALIGN_FLOATS, (c.length + ALIGN_FLOATS - 1) / ALIGN_FLOATS * ALIGN_FLOATS);
        }
        return all;
    }
}
