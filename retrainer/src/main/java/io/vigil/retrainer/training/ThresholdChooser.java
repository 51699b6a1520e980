package io.vigil.retrainer.training;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Chooses a decision threshold from scores and ground truth. */
final class ThresholdChooser {

    private ThresholdChooser() {}

    /**
     * The score threshold at which F1 of the positive class is highest (ties: the higher
     * threshold).
     */
    static double maximisingF1(double[] scores, boolean[] positive) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        int totalPositive = 0;
        for (boolean p : positive) {
            totalPositive += p ? 1 : 0;
        }
        double bestF1 = -1;
        double bestThreshold = 0.5;
        int truePositives = 0;
        for (int rank = 0; rank < order.length; rank++) {
            truePositives += positive[order[rank]] ? 1 : 0;
            boolean lastOfTies =
                    rank == order.length - 1 || scores[order[rank + 1]] < scores[order[rank]];
            if (!lastOfTies) {
                continue;
            }
            double precision = truePositives / (double) (rank + 1);
            double recall = totalPositive == 0 ? 0 : truePositives / (double) totalPositive;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (f1 > bestF1) {
                bestF1 = f1;
                bestThreshold = scores[order[rank]];
            }
        }
        return bestThreshold;
    }
}
