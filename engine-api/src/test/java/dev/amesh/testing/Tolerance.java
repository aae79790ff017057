package dev.amesh.testing;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Named tolerances: |actual - expected| <= atol + rtol * |expected| per element. No ad-hoc epsilons.
 */
public enum Tolerance {
    /** Bit-for-bit. */
    EXACT(0f, 0f),
    /** Fast kernels against the scalar reference: 1e-5 * (1 + |ref|). */
    CLOSE(1e-5f, 1e-5f),
    /** Against Google's runtime (reference/README.md): 1e-4 * (1 + |ref|). */
    REFERENCE(1e-4f, 1e-4f);

    public final float atol;
    public final float rtol;

    Tolerance(float atol, float rtol) {
        this.atol = atol;
        this.rtol = rtol;
    }

    public boolean accepts(float actual, float expected) {
        if (Float.isNaN(actual) || Float.isNaN(expected)) {
            return Float.isNaN(actual) && Float.isNaN(expected);
        }
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }

    /** Fails with the worst element's index, values, and the max and mean absolute difference. */
    public void assertClose(String what, float[] expected, float[] actual) {
        assertClose(what, expected, 0, actual, 0, expected.length);
    }

    public void assertClose(String what, float[] expected, int expOff, float[] actual, int actOff, int n) {
        if (expected.length - expOff < n || actual.length - actOff < n) {
            fail(what + ": length mismatch, expected " + (expected.length - expOff) + " got " + (actual.length - actOff));
        }
        int bad = -1;
        int badCount = 0;
        double maxDiff = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = expected[expOff + i];
            float a = actual[actOff + i];
            double d = Math.abs((double) a - e);
            sum += d;
            maxDiff = Math.max(maxDiff, d);
            if (!accepts(a, e)) {
                badCount++;
                if (bad < 0) {
                    bad = i;
                }
            }
        }
        if (bad >= 0) {
            fail(String.format("%s: %d of %d elements outside %s; first at %d: expected %s got %s; max|diff|=%.3g mean=%.3g",
                    what, badCount, n, name(), bad, expected[expOff + bad], actual[actOff + bad], maxDiff, sum / n));
        }
    }

    /** Max absolute difference, for reports. */
    public static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    public static double meanAbsDiff(float[] a, float[] b) {
        double s = 0;
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            s += Math.abs((double) a[i] - b[i]);
        }
        return n == 0 ? 0 : s / n;
    }
}
