package io.vigil.modelops.manifest;

import java.util.Arrays;

/** Builds reference {@link Distribution}s from training values with quantile bins. */
public final class Distributions {

    /** Bins aimed for; fewer when values repeat (a flag has two). */
    public static final int TARGET_BINS = 10;

    private Distributions() {}

    /**
     * Quantile bins over {@code values} (NaN counts as missing). Edges are the values at the 1/10
     * .. 9/10 quantiles, each kept once; an edge that would leave a bin empty (repeated values) is
     * dropped, so every bin holds training values and the statistics stay finite.
     *
     * @throws IllegalArgumentException when no value is present
     */
    public static Distribution of(double[] values) {
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        long missing = values.length - present.length;
        if (present.length == 0) {
            throw new IllegalArgumentException(
                    "no values to build a distribution from (" + values.length + " missing)");
        }
        double[] candidates = new double[TARGET_BINS - 1];
        for (int q = 1; q < TARGET_BINS; q++) {
            candidates[q - 1] =
                    present[
                            (int)
                                    Math.min(
                                            present.length - 1,
                                            Math.floor((double) q * present.length / TARGET_BINS))];
        }
        double[] edges =
                Arrays.stream(candidates)
                        .distinct()
                        .sorted()
                        .filter(
                                edge ->
                                        edge
                                                < present[
                                                        present.length
                                                                - 1]) // the last bin must hold
                        // values above the edge
                        .toArray();
        long[] counts = new long[edges.length + 1];
        Distribution binning =
                new Distribution(edges, counts, 0, present[0], present[present.length - 1]);
        for (double v : present) {
            counts[binning.binOf(v)]++;
        }
        return new Distribution(edges, counts, missing, present[0], present[present.length - 1]);
    }
}
