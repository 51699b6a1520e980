package io.vigil.retrainer;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the retrainer builds and judges a new model.
 *
 * @param trainingWindow how far back served rows are used
 * @param holdoutShare the most recent share of rows kept out of training, to compare challenger and
 *     champion
 * @param minRows fewer labelled rows than this: no retraining (the request is answered with why)
 * @param minFrauds fewer frauds than this in training or holdout: no retraining
 * @param minAucGain the challenger is promoted when its holdout AUC beats the champion's by at
 *     least this
 * @param epochs training epochs of the logistic regression
 * @param maxDisparityWidening when not null, the challenger is promoted only if its worst
 *     equalized-odds gap across the spec's segments exceeds the champion's by at most this ({@link
 *     DisparityGate}), on the holdout and in shadow
 * @param shadow when not null, a challenger that wins on the holdout runs in shadow first and is
 *     promoted on live evidence ({@link ShadowTrials}); when null, it is promoted on the holdout
 */
public record PromotionPolicy(
        Duration trainingWindow,
        double holdoutShare,
        int minRows,
        int minFrauds,
        double minAucGain,
        int epochs,
        Double maxDisparityWidening,
        ShadowRule shadow)
        implements Serializable {

    public static final PromotionPolicy DEFAULTS =
            new PromotionPolicy(Duration.ofDays(14), 0.3, 2000, 30, 0.02, 10);

    /** A policy without a disparity bound that promotes on the holdout. */
    public PromotionPolicy(
            Duration trainingWindow,
            double holdoutShare,
            int minRows,
            int minFrauds,
            double minAucGain,
            int epochs) {
        this(trainingWindow, holdoutShare, minRows, minFrauds, minAucGain, epochs, null, null);
    }

    /** This policy, deciding promotion on live evidence in shadow by {@code rule}. */
    public PromotionPolicy withShadow(ShadowRule rule) {
        return new PromotionPolicy(
                trainingWindow,
                holdoutShare,
                minRows,
                minFrauds,
                minAucGain,
                epochs,
                maxDisparityWidening,
                rule);
    }

    public PromotionPolicy {
        if (maxDisparityWidening != null && !(maxDisparityWidening >= 0)) {
            throw new IllegalArgumentException(
                    "maxDisparityWidening must be at least 0 (was " + maxDisparityWidening + ")");
        }
        if (!(holdoutShare > 0 && holdoutShare < 1)) {
            throw new IllegalArgumentException(
                    "holdoutShare must be within (0, 1) (was " + holdoutShare + ")");
        }
        if (minRows < 10 || minFrauds < 1 || epochs < 1) {
            throw new IllegalArgumentException(
                    "minRows >= 10, minFrauds >= 1 and epochs >= 1 are needed: " + this);
        }
    }
}
