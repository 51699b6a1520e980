package io.vigil.modelops.explain;

/**
 * Shapley values of a tree ensemble's margin for one row: the values and {@link #expectedValue()}
 * add up to the row's margin. Not thread-safe.
 */
interface TreeAttribution {

    /** The margin the contributions are measured from. */
    double expectedValue();

    /** Sets {@code phi[c]} to column {@code c}'s contribution to the margin of {@code x}. */
    void contributions(double[] x, double[] phi);
}
