package io.vigil.retrainer;

import io.vigil.modelops.monitoring.LabelledOutcome;
import io.vigil.modelops.monitoring.SegmentAccumulator;
import io.vigil.modelops.monitoring.SegmentReport;
import io.vigil.modelops.monitoring.SegmentRules;
import io.vigil.schemas.SegmentStats;
import java.util.List;
import java.util.Locale;

/**
 * Whether a challenger may be promoted as far as fairness goes: on the same held-out rows, its
 * worst equalized-odds gap across the declared segments (the larger of a segment value's true and
 * false positive rate gaps against the population, as MonitoringJob reports it, under the same
 * minimum-evidence rules) may exceed the champion's by at most the policy's bound. Without a bound,
 * without segments, or without a segment value that has enough evidence, it does not gate.
 */
final class DisparityGate {

    /**
     * The worst judged equalized-odds gap of one model's decisions, and which segment value it was
     * (null when none had enough evidence).
     */
    record Worst(Double gap, String segment) {

        @Override
        public String toString() {
            return gap == null
                    ? "none judged"
                    : String.format(Locale.ROOT, "%.3f (%s)", gap, segment);
        }
    }

    /** The verdict, with the line the retrainer logs. */
    record Verdict(boolean allows, String summary) {}

    private DisparityGate() {}

    /** The worst gap of decisions at {@code threshold} over {@code scores} of {@code rows}. */
    static Worst worst(
            String[] names, List<ServedRows.LabelledRow> rows, double[] scores, double threshold) {
        SegmentStats stats = stats(names, rows, scores, threshold);
        return new Worst(stats.getWorstEqualizedOddsGap(), stats.getWorstEqualizedOddsSegment());
    }

    /** The decisions at {@code threshold} over {@code scores} of {@code rows}, by segment. */
    static SegmentStats stats(
            String[] names, List<ServedRows.LabelledRow> rows, double[] scores, double threshold) {
        SegmentAccumulator window = new SegmentAccumulator();
        for (int i = 0; i < scores.length; i++) {
            LabelledOutcome outcome = new LabelledOutcome();
            outcome.kind = LabelledOutcome.Kind.LABELLED;
            outcome.score = scores[i];
            outcome.threshold = threshold;
            outcome.fraud = rows.get(i).fraud();
            outcome.segments = rows.get(i).segments();
            window.add(names, outcome);
        }
        return new SegmentReport(SegmentRules.DEFAULTS, names).of(window, "holdout", "-", 0, 1, 0);
    }

    /** Whether {@code challenger} stays within {@code bound} of {@code champion}. */
    static Verdict judge(Double bound, Worst challenger, Worst champion) {
        String gaps = "worst equalized-odds gap " + challenger + " vs champion's " + champion;
        if (bound == null || challenger.gap() == null) {
            return new Verdict(true, gaps);
        }
        double reference = champion.gap() == null ? 0 : champion.gap();
        boolean allows = challenger.gap() <= reference + bound;
        return new Verdict(
                allows,
                gaps
                        + String.format(
                                Locale.ROOT,
                                allows ? ": within the bound of %.3f" : ": wider by more than %.3f",
                                bound));
    }
}
