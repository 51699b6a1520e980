package io.vigil.retrainer.report;

import java.util.List;
import java.util.Map;

/**
 * What a model report shows of one model version: its scores on held-out rows with their labels,
 * its decision threshold, and how much each feature moves its scores.
 *
 * @param label how the model is named in the report, e.g. {@code fraud-lr:2}
 * @param scores held-out scores, in [0, 1]
 * @param positives whether each held-out row is positive (fraud)
 * @param threshold scores at or above it are flagged
 * @param importance mean absolute contribution of each feature to the score's link over the
 *     held-out rows, largest first; empty when the model declares no explainer
 */
public record ModelEvaluation(
        String label,
        double[] scores,
        boolean[] positives,
        double threshold,
        List<Map.Entry<String, Double>> importance) {

    public ModelEvaluation {
        if (scores.length != positives.length) {
            throw new IllegalArgumentException(
                    scores.length + " scores but " + positives.length + " labels");
        }
        scores = scores.clone();
        positives = positives.clone();
        importance = List.copyOf(importance);
    }

    long positiveCount() {
        long n = 0;
        for (boolean p : positives) {
            n += p ? 1 : 0;
        }
        return n;
    }
}
