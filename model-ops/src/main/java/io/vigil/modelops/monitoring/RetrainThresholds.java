package io.vigil.modelops.monitoring;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a model is retrained: a window is degraded when its score PSI or its largest feature PSI
 * exceeds its threshold (over at least {@code minPredictions}), or its AUC on matured labels falls
 * below {@code minAuc} (over at least {@code minLabelled}); {@code persistence} degraded windows in
 * a row raise one request; then nothing more for the model, whatever version serves, until the
 * {@code coolDown} (event time after the last evidence window) has passed: time to retrain, try and
 * promote. Windows with too few samples neither count nor break a run.
 *
 * @param minAuc null: performance is not a trigger
 */
public record RetrainThresholds(
        double maxScorePsi,
        double maxFeaturePsi,
        Double minAuc,
        long minPredictions,
        long minLabelled,
        int persistence,
        Duration coolDown)
        implements Serializable {

    /**
     * PSI above 0.25 ("shifted"), AUC below 0.80, 3 windows in a row, 500 predictions or 200 labels
     * a window, 6 h apart.
     */
    public static final RetrainThresholds DEFAULTS =
            new RetrainThresholds(0.25, 0.25, 0.80, 500, 200, 3, Duration.ofHours(6));

    public RetrainThresholds {
        if (persistence < 1) {
            throw new IllegalArgumentException(
                    "persistence must be at least 1 window (was " + persistence + ")");
        }
        if (!(maxScorePsi > 0) || !(maxFeaturePsi > 0)) {
            throw new IllegalArgumentException(
                    "PSI thresholds must be positive (were "
                            + maxScorePsi
                            + ", "
                            + maxFeaturePsi
                            + ")");
        }
        if (minAuc != null && !(minAuc > 0.5 && minAuc < 1)) {
            throw new IllegalArgumentException(
                    "minAuc must be within (0.5, 1) (was " + minAuc + ")");
        }
        if (coolDown.isNegative()) {
            throw new IllegalArgumentException(
                    "the cool-down cannot be negative (was " + coolDown + ")");
        }
    }
}
