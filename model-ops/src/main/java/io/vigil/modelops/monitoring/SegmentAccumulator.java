package io.vigil.modelops.monitoring;

import java.util.Arrays;

/**
 * Counts of one model version's matured outcomes in one window, for the whole population and for
 * each value of each declared segment: predictions, flagged, labelled, positives, true and false
 * positives at the decision threshold, and scores in {@value #SCORE_BINS} bins per class (for AUC).
 * All integers, so windows do not depend on arrival order. Each segment keeps at most {@value
 * #MAX_VALUES} values per window; later ones count as {@value #OTHER}, so a hostile or
 * high-cardinality field cannot grow the state without bound. A Flink POJO.
 */
public class SegmentAccumulator {

    static final int SCORE_BINS = 50;
    static final int MAX_VALUES = 20;
    static final String OTHER = "(other)";
    static final String ALL = "*";

    static final int PREDICTIONS = 0;
    static final int FLAGGED = 1;
    static final int LABELLED = 2;
    static final int POSITIVES = 3;
    static final int TRUE_POSITIVES = 4;
    static final int FALSE_POSITIVES = 5;
    static final int POSITIVE_BINS = 6;
    static final int NEGATIVE_BINS = POSITIVE_BINS + SCORE_BINS;
    static final int WIDTH = NEGATIVE_BINS + SCORE_BINS;

    /** Segment of each cell ({@value #ALL} for the population, cell 0). */
    public String[] segments = {ALL};

    /** Value of each cell. */
    public String[] values = {ALL};

    /** Counts of each cell, {@link #WIDTH} each. */
    public long[][] counts = {new long[WIDTH]};

    public SegmentAccumulator() {}

    /**
     * Counts {@code outcome} in the population and in its value of each of {@code names}; an
     * unmatched label (no prediction, no segment) is not counted.
     */
    public void add(String[] names, LabelledOutcome outcome) {
        if (outcome.kind == LabelledOutcome.Kind.UNMATCHED_LABEL) {
            return;
        }
        count(counts[0], outcome);
        String[] of = outcome.segments;
        for (int s = 0; s < names.length; s++) {
            String value =
                    of == null || s >= of.length || of[s] == null ? Segmenter.MISSING : of[s];
            int cell = cell(names[s], value); // may grow the arrays: look it up first
            count(counts[cell], outcome);
        }
    }

    private static void count(long[] cell, LabelledOutcome o) {
        boolean flagged = o.score >= o.threshold;
        cell[PREDICTIONS]++;
        cell[FLAGGED] += flagged ? 1 : 0;
        if (o.kind != LabelledOutcome.Kind.LABELLED) {
            return;
        }
        double span = o.scoreMax - o.scoreMin;
        double score = span > 0 ? Math.min(1, Math.max(0, (o.score - o.scoreMin) / span)) : 0;
        int bin = Math.min(SCORE_BINS - 1, (int) (score * SCORE_BINS));
        cell[LABELLED]++;
        if (o.fraud) {
            cell[POSITIVES]++;
            cell[TRUE_POSITIVES] += flagged ? 1 : 0;
            cell[POSITIVE_BINS + bin]++;
        } else {
            cell[FALSE_POSITIVES] += flagged ? 1 : 0;
            cell[NEGATIVE_BINS + bin]++;
        }
    }

    /** The cell of {@code segment}'s {@code value}, added when new (up to the cap). */
    private int cell(String segment, String value) {
        int seen = 0;
        int other = -1;
        for (int c = 1; c < segments.length; c++) {
            if (segments[c].equals(segment)) {
                if (values[c].equals(value)) {
                    return c;
                }
                seen++;
                other = values[c].equals(OTHER) ? c : other;
            }
        }
        if (seen >= MAX_VALUES) {
            return other >= 0 ? other : append(segment, OTHER);
        }
        return append(segment, value);
    }

    private int append(String segment, String value) {
        int c = segments.length;
        segments = Arrays.copyOf(segments, c + 1);
        values = Arrays.copyOf(values, c + 1);
        counts = Arrays.copyOf(counts, c + 1);
        segments[c] = segment;
        values[c] = value;
        counts[c] = new long[WIDTH];
        return c;
    }
}
