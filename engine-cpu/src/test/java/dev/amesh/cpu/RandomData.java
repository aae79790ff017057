package dev.amesh.cpu;

import java.util.Random;

/** Seeded random test data; the seed goes into assertion messages so a failure can be replayed. */
public final class RandomData {
    private RandomData() {
    }

    public static float[] uniform(long seed, int n) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat() * 2f - 1f;
        }
        return a;
    }

    public static float[] ramp(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i + 1;
        }
        return a;
    }
}
