package io.vigil.modelops.monitoring;

import java.io.Serializable;

/**
 * How much evidence a segment value needs before its disparity is judged, so small segments are not
 * judged on noise: a flag rate ratio needs {@code minPredictions} matured predictions; a true
 * positive rate gap {@code minPositives} labelled positives; a false positive rate gap {@code
 * minNegatives} labelled negatives; AUC both of the last two.
 */
public record SegmentRules(long minPredictions, long minPositives, long minNegatives)
        implements Serializable {

    public static final SegmentRules DEFAULTS = new SegmentRules(500, 30, 1000);

    public SegmentRules {
        if (minPredictions < 1 || minPositives < 1 || minNegatives < 1) {
            throw new IllegalArgumentException(
                    "segment minimums must be at least 1 (were "
                            + minPredictions
                            + ", "
                            + minPositives
                            + ", "
                            + minNegatives
                            + ")");
        }
    }
}
