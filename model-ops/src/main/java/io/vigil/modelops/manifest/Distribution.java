package io.vigil.modelops.manifest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Arrays;

/**
 * A variable's distribution at training time, frozen: bin edges, counts per bin, missing share and
 * range. Bin {@code i} holds values {@code v} with {@code edges[i-1] < v <= edges[i]} (the first is
 * open below, the last open above), so {@code edges.length + 1} bins. Every bin holds at least one
 * training value, so no drift statistic against it is infinite. Stored in the model's manifest.
 *
 * @param edges strictly increasing inner bin edges (none for a constant)
 * @param counts training values per bin
 * @param missing training values that were missing (NaN)
 * @param min smallest training value
 * @param max largest training value
 */
public record Distribution(double[] edges, long[] counts, long missing, double min, double max) {

    public Distribution {
        if (counts.length != edges.length + 1) {
            throw new IllegalArgumentException(
                    "a distribution with "
                            + edges.length
                            + " edges needs "
                            + (edges.length + 1)
                            + " counts, has "
                            + counts.length);
        }
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException(
                        "bin edges must increase strictly: " + Arrays.toString(edges));
            }
        }
    }

    @JsonIgnore
    public int bins() {
        return counts.length;
    }

    /** Values present (not missing). */
    @JsonIgnore
    public long present() {
        return Arrays.stream(counts).sum();
    }

    /** The bin of a present value. */
    public int binOf(double value) {
        int i = Arrays.binarySearch(edges, value);
        return i >= 0 ? i : -i - 1;
    }

    /** Whether a present value lies outside the training range. */
    public boolean outOfRange(double value) {
        return value < min || value > max;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Distribution d
                && Arrays.equals(edges, d.edges)
                && Arrays.equals(counts, d.counts)
                && missing == d.missing
                && Double.compare(min, d.min) == 0
                && Double.compare(max, d.max) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(edges) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Distribution{edges="
                + Arrays.toString(edges)
                + ", counts="
                + Arrays.toString(counts)
                + ", missing="
                + missing
                + ", range=["
                + min
                + ", "
                + max
                + "]}";
    }
}
