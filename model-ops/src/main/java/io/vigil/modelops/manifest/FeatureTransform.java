package io.vigil.modelops.manifest;

/**
 * How a feature value is turned into a model input value; chosen at training time, stored in the
 * manifest.
 */
public enum FeatureTransform {
    /** The value as computed. */
    NONE,
    /** {@code ln(1 + max(0, x))}: tames heavy-tailed amounts, counts, durations and speeds. */
    LOG1P;

    public double apply(double value) {
        return this == NONE ? value : Math.log1p(Math.max(0.0, value));
    }
}
