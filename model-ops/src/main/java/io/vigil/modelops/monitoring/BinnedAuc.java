package io.vigil.modelops.monitoring;

/**
 * Area under the ROC curve from scores counted in equal bins per class: the probability that a
 * positive outscores a negative, pairs in the same bin counting half. Exact for the binned scores,
 * so it merges and does not depend on arrival order.
 */
final class BinnedAuc {

    private BinnedAuc() {}

    /**
     * @param positives positives per bin, from {@code positiveFrom}
     * @param negatives negatives per bin, from {@code negativeFrom}
     * @return the AUC; NaN without positives or negatives
     */
    static double of(
            long[] positives, int positiveFrom, long[] negatives, int negativeFrom, int bins) {
        double pairs = 0;
        long negativesBelow = 0;
        long positiveCount = 0;
        for (int i = 0; i < bins; i++) {
            long p = positives[positiveFrom + i];
            long n = negatives[negativeFrom + i];
            pairs += p * (negativesBelow + n / 2.0);
            negativesBelow += n;
            positiveCount += p;
        }
        return pairs / ((double) positiveCount * negativesBelow);
    }
}
