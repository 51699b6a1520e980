package io.vigil.modelops.manifest;

/**
 * What turns a model's output into a probability, declared in the manifest ({@code
 * output.transform}): exports of a decision function (scikit-learn's {@code SGDClassifier} or
 * {@code LinearSVC} without calibration, a raw boosting margin) give log-odds, not probabilities.
 */
public enum OutputTransform {
    /** The output is a probability already. */
    NONE,
    /** The output is a margin or log-odds: the score is {@code 1 / (1 + e^-x)}. */
    SIGMOID;

    public double apply(double x) {
        return this == SIGMOID ? 1 / (1 + Math.exp(-x)) : x;
    }
}
