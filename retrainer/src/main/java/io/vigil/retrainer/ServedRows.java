package io.vigil.retrainer;

import java.time.Instant;
import java.util.List;

/** Where the retrainer gets training rows: what was served, joined with the labels that matured. */
public interface ServedRows {

    /**
     * Labelled rows of {@code model}'s predictions with event time from {@code since}, feature
     * values in the order of {@code features}, oldest first.
     */
    List<LabelledRow> labelledSince(String model, List<String> features, Instant since)
            throws Exception;

    /**
     * Like {@link #labelledSince(String, List, Instant)}, of predictions written (wall clock) at or
     * after {@code writtenAfter} only: a bound that saves reading older history.
     */
    default List<LabelledRow> labelledSince(
            String model, List<String> features, Instant since, Instant writtenAfter)
            throws Exception {
        return labelledSince(model, features, since);
    }

    /**
     * The segments the rows' {@link LabelledRow#segments} are values of, in order; none by default.
     */
    default String[] segmentNames() {
        return new String[0];
    }

    /**
     * @param eventTime epoch ms
     * @param amount NaN when unknown
     * @param segments the row's value of each of {@link #segmentNames()}
     * @param served what the prediction said, or null when unknown
     */
    record LabelledRow(
            String transactionId,
            long eventTime,
            double[] features,
            boolean fraud,
            double amount,
            String[] segments,
            Served served) {

        /** A row in no segment. */
        public LabelledRow(
                String transactionId,
                long eventTime,
                double[] features,
                boolean fraud,
                double amount) {
            this(transactionId, eventTime, features, fraud, amount, new String[0], null);
        }
    }

    /**
     * What a prediction said: the deciding version, its rollout role (null from jobs predating
     * rollouts), score and threshold, and the shadow version scoring beside it (null when none)
     * with its score (NaN when none, or when it could not score).
     */
    record Served(
            String version,
            String role,
            double score,
            double threshold,
            String shadowVersion,
            double shadowScore) {}
}
