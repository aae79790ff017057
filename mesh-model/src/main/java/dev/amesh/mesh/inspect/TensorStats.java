package dev.amesh.mesh.inspect;

import dev.amesh.api.tensor.Tensor;

/** Minimum, maximum and mean of a tensor's values (NaN counted in {@code nanCount}, left out of the rest). */
public record TensorStats(float min, float max, double mean, int nanCount) {
    public static TensorStats of(Tensor t) {
        float[] d = t.data();
        int off = t.offset();
        int n = t.size();
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        double sum = 0;
        int nans = 0;
        for (int i = 0; i < n; i++) {
            float v = d[off + i];
            if (Float.isNaN(v)) {
                nans++;
                continue;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        int counted = n - nans;
        return counted == 0 ? new TensorStats(Float.NaN, Float.NaN, Double.NaN, nans)
                : new TensorStats(min, max, sum / counted, nans);
    }
}
