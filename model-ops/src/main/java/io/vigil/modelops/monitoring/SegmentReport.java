package io.vigil.modelops.monitoring;

import static io.vigil.modelops.monitoring.SegmentAccumulator.FALSE_POSITIVES;
import static io.vigil.modelops.monitoring.SegmentAccumulator.FLAGGED;
import static io.vigil.modelops.monitoring.SegmentAccumulator.LABELLED;
import static io.vigil.modelops.monitoring.SegmentAccumulator.NEGATIVE_BINS;
import static io.vigil.modelops.monitoring.SegmentAccumulator.POSITIVES;
import static io.vigil.modelops.monitoring.SegmentAccumulator.POSITIVE_BINS;
import static io.vigil.modelops.monitoring.SegmentAccumulator.PREDICTIONS;
import static io.vigil.modelops.monitoring.SegmentAccumulator.SCORE_BINS;
import static io.vigil.modelops.monitoring.SegmentAccumulator.TRUE_POSITIVES;

import io.vigil.schemas.SegmentRow;
import io.vigil.schemas.SegmentStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A window's {@link SegmentStats} from its {@link SegmentAccumulator}: each segment value's rates,
 * and its disparities against the whole population where {@link SegmentRules} say there is enough
 * evidence (null otherwise), with the worst of the window named.
 */
public final class SegmentReport {

    private final SegmentRules rules;
    private final List<String> names;

    /**
     * @param names the declared segments' names: rows come segment by segment in this order, each
     *     segment's values in alphabetical order (whatever order the outcomes arrived in)
     */
    public SegmentReport(SegmentRules rules, String[] names) {
        this.rules = rules;
        this.names = List.of(names);
    }

    public SegmentStats of(
            SegmentAccumulator window,
            String model,
            String version,
            long start,
            long end,
            long now) {
        long[] all = window.counts[0];
        SegmentRow population = row(SegmentAccumulator.ALL, SegmentAccumulator.ALL, all, null);
        List<SegmentRow> rows = new ArrayList<>();
        SegmentStats.Builder stats =
                SegmentStats.newBuilder()
                        .setModelName(model)
                        .setModelVersion(version)
                        .setWindowStart(Instant.ofEpochMilli(start))
                        .setWindowEnd(Instant.ofEpochMilli(end))
                        .setPopulation(population)
                        .setComputedAt(Instant.ofEpochMilli(now));
        double worstParity = 1;
        double worstOdds = -1;
        Integer[] cells = new Integer[window.counts.length - 1];
        for (int c = 1; c < window.counts.length; c++) {
            cells[c - 1] = c;
        }
        Arrays.sort(
                cells,
                Comparator.<Integer>comparingInt(c -> names.indexOf(window.segments[c]))
                        .thenComparing(c -> window.values[c]));
        for (int c : cells) {
            SegmentRow row =
                    row(window.segments[c], window.values[c], window.counts[c], population);
            rows.add(row);
            String name = row.getSegment() + "=" + row.getValue();
            Double ratio = row.getFlagRateRatio();
            if (ratio != null && distanceFromParity(ratio) > distanceFromParity(worstParity)) {
                worstParity = ratio;
                stats.setWorstFlagRateRatio(ratio).setWorstFlagRateSegment(name);
            }
            Double odds = row.getEqualizedOddsGap();
            if (odds != null && odds > worstOdds) {
                worstOdds = odds;
                stats.setWorstEqualizedOddsGap(odds).setWorstEqualizedOddsSegment(name);
            }
        }
        return stats.setSegments(rows).build();
    }

    /** How far a ratio is from parity, the same for r and 1/r. */
    private static double distanceFromParity(double ratio) {
        return ratio <= 0 ? Double.POSITIVE_INFINITY : Math.max(ratio, 1 / ratio);
    }

    private SegmentRow row(String segment, String value, long[] c, SegmentRow population) {
        long negatives = c[LABELLED] - c[POSITIVES];
        Double flagRate = rate(c[FLAGGED], c[PREDICTIONS]);
        Double tpr = rate(c[TRUE_POSITIVES], c[POSITIVES]);
        Double fpr = rate(c[FALSE_POSITIVES], negatives);
        boolean enoughPredictions = c[PREDICTIONS] >= rules.minPredictions();
        boolean enoughPositives = c[POSITIVES] >= rules.minPositives();
        boolean enoughNegatives = negatives >= rules.minNegatives();
        SegmentRow.Builder row =
                SegmentRow.newBuilder()
                        .setSegment(segment)
                        .setValue(value)
                        .setPredictions(c[PREDICTIONS])
                        .setLabelled(c[LABELLED])
                        .setPositives(c[POSITIVES])
                        .setFlagRate(flagRate)
                        .setPrecision(
                                rate(c[TRUE_POSITIVES], c[TRUE_POSITIVES] + c[FALSE_POSITIVES]))
                        .setTruePositiveRate(tpr)
                        .setFalsePositiveRate(fpr)
                        .setAuc(
                                enoughPositives && enoughNegatives
                                        ? BinnedAuc.of(
                                                c, POSITIVE_BINS, c, NEGATIVE_BINS, SCORE_BINS)
                                        : null);
        if (population == null) {
            return row.build();
        }
        Double ratio =
                enoughPredictions
                                && population.getFlagRate() != null
                                && population.getFlagRate() > 0
                        ? flagRate / population.getFlagRate()
                        : null;
        Double tprGap =
                enoughPositives && population.getTruePositiveRate() != null
                        ? tpr - population.getTruePositiveRate()
                        : null;
        Double fprGap =
                enoughNegatives && population.getFalsePositiveRate() != null
                        ? fpr - population.getFalsePositiveRate()
                        : null;
        return row.setFlagRateRatio(ratio)
                .setTruePositiveRateGap(tprGap)
                .setFalsePositiveRateGap(fprGap)
                .setEqualizedOddsGap(
                        tprGap == null || fprGap == null
                                ? null
                                : Math.max(Math.abs(tprGap), Math.abs(fprGap)))
                .build();
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : part / (double) whole;
    }
}
