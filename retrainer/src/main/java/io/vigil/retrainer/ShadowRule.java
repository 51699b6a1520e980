package io.vigil.retrainer;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a challenger in shadow becomes champion: once {@code minLabelled} transactions it scored
 * beside the champion have matured labels, {@code minFrauds} of them fraud, it is promoted if, on
 * those same transactions, the lower bound of the {@code confidence} one-sided confidence interval
 * of its AUC gain over the champion (DeLong) is above 0, its false positive rate at its threshold
 * exceeds the champion's by at most {@code maxFprIncrease}, and (with the policy's disparity bound)
 * its worst equalized-odds gap stays within that bound of the champion's. Otherwise, or when the
 * evidence is still short after {@code maxWait} (wall clock), the trial ends and the champion
 * stays.
 */
public record ShadowRule(
        int minLabelled, int minFrauds, double confidence, double maxFprIncrease, Duration maxWait)
        implements Serializable {

    public static final ShadowRule DEFAULTS =
            new ShadowRule(2000, 30, 0.95, 0.01, Duration.ofDays(14));

    public ShadowRule {
        if (minLabelled < 10 || minFrauds < 2) {
            throw new IllegalArgumentException(
                    "a shadow trial needs at least 10 labelled transactions and 2 frauds (was "
                            + minLabelled
                            + " and "
                            + minFrauds
                            + ")");
        }
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new IllegalArgumentException(
                    "the shadow confidence is within (0.5, 1) (was " + confidence + ")");
        }
        if (!(maxFprIncrease >= 0 && maxFprIncrease <= 1)) {
            throw new IllegalArgumentException(
                    "the false positive rate increase is within [0, 1] (was "
                            + maxFprIncrease
                            + ")");
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("the shadow's maximum wait must be positive");
        }
    }
}
