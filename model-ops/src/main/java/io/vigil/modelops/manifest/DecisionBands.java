package io.vigil.modelops.manifest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a manifest's decision bands and finds the band of a score. */
final class DecisionBands {

    private DecisionBands() {}

    /**
     * The band {@code score} falls in; a score the model could not give (not finite, outside the
     * output's range) falls in the second band, the mildest one that does not let the event
     * through.
     *
     * @param bands valid bands, at least two
     */
    static String bandOf(List<DecisionBand> bands, double score, ModelOutput output) {
        if (!output.holds(score)) {
            return bands.get(1).decision();
        }
        for (DecisionBand band : bands) {
            if (band.below() == null || score < band.below()) {
                return band.decision();
            }
        }
        return bands.get(bands.size() - 1).decision();
    }

    /** What is wrong with {@code bands} (none when empty: ALLOW/FLAG at the threshold). */
    static List<String> problems(List<DecisionBand> bands, Double threshold, ModelOutput output) {
        List<String> problems = new ArrayList<>();
        if (bands.isEmpty()) {
            return problems;
        }
        if (bands.size() < 2) {
            problems.add(
                    "decisions lists at least two bands, lowest scores first, e.g. [{decision:"
                            + " ALLOW, below: 0.3}, {decision: REVIEW, below: 0.7}, {decision:"
                            + " DECLINE}]");
            return problems;
        }
        Set<String> names = new HashSet<>();
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < bands.size(); i++) {
            DecisionBand band = bands.get(i);
            String where = "decisions[" + i + "]";
            if (band == null || band.decision() == null || band.decision().isBlank()) {
                problems.add(where + " needs a decision name, e.g. REVIEW");
                continue;
            }
            if (!names.add(band.decision())) {
                problems.add(where + ": " + band.decision() + " is declared twice");
            }
            boolean last = i == bands.size() - 1;
            if (last && band.below() != null) {
                problems.add(where + ": the last band takes every higher score; remove 'below'");
            } else if (!last && band.below() == null) {
                problems.add(where + " needs 'below': the score its band ends at");
            } else if (!last) {
                double below = band.below();
                if (!(below > previous) || !(below > output.min()) || !(below <= output.max())) {
                    problems.add(
                            where
                                    + ": 'below' must rise from band to band within "
                                    + output.rangeText()
                                    + " (was "
                                    + below
                                    + ")");
                }
                previous = below;
            }
        }
        Double first = bands.get(0) == null ? null : bands.get(0).below();
        if (threshold != null && first != null && !threshold.equals(first)) {
            problems.add(
                    "threshold "
                            + threshold
                            + " differs from the first band's bound "
                            + first
                            + ": every band above the first is FLAG; omit the threshold or make"
                            + " them equal");
        }
        return problems;
    }
}
