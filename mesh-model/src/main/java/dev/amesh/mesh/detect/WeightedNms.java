package dev.amesh.mesh.detect;

import dev.amesh.mesh.roi.Boxes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * MediaPipe's {@code NonMaxSuppressionCalculator} with {@code algorithm: WEIGHTED} and IoU overlap: each
 * cluster leader's box corners and keypoints become the score-weighted means over its cluster, while its
 * score stays the leader's own.
 */
public final class WeightedNms {
    private final float minSuppressionThreshold;

    /** @param minSuppressionThreshold boxes whose IoU with the leader is strictly above this join its cluster */
    public WeightedNms(float minSuppressionThreshold) {
        this.minSuppressionThreshold = minSuppressionThreshold;
    }

    /** BlazeFace's setting (0.3). */
    public static WeightedNms faceDetection() {
        return new WeightedNms(0.3f);
    }

    public List<Detection> apply(List<Detection> detections) {
        List<Detection> remaining = new ArrayList<>(detections);
        // Stable, so equal scores keep their input order (std::sort leaves it unspecified).
        remaining.sort(Comparator.comparingDouble((Detection d) -> d.score()).reversed());
        List<Detection> out = new ArrayList<>();
        while (!remaining.isEmpty()) {
            Detection leader = remaining.get(0);
            List<Detection> cluster = new ArrayList<>();
            List<Detection> rest = new ArrayList<>();
            for (Detection d : remaining) {
                float iou = Boxes.iou(d.xmin(), d.ymin(), d.xmax(), d.ymax(),
                        leader.xmin(), leader.ymin(), leader.xmax(), leader.ymax());
                if (iou > minSuppressionThreshold) {
                    cluster.add(d);
                } else {
                    rest.add(d);
                }
            }
            out.add(cluster.isEmpty() ? leader : weightedMean(leader, cluster));
            if (rest.size() == remaining.size()) {
                // Only possible for an empty leader box: MediaPipe then stops and drops the rest.
                break;
            }
            remaining = rest;
        }
        return out;
    }

    private static Detection weightedMean(Detection leader, List<Detection> cluster) {
        int nk = leader.keypointCount();
        float total = 0f;
        float xmin = 0f;
        float ymin = 0f;
        float xmax = 0f;
        float ymax = 0f;
        float[] kp = new float[2 * nk];
        for (Detection d : cluster) {
            float s = d.score();
            total += s;
            xmin += d.xmin() * s;
            ymin += d.ymin() * s;
            xmax += d.xmax() * s;
            ymax += d.ymax() * s;
            for (int k = 0; k < nk; k++) {
                kp[2 * k] += d.keypointX(k) * s;
                kp[2 * k + 1] += d.keypointY(k) * s;
            }
        }
        xmin /= total;
        ymin /= total;
        xmax /= total;
        ymax /= total;
        for (int i = 0; i < kp.length; i++) {
            kp[i] /= total;
        }
        return new Detection(xmin, ymin, xmax - xmin, ymax - ymin, leader.score(), kp);
    }
}
