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
     * The segments the rows' {@link LabelledRow#segments} are values of, in order; none by default.
     */
    default String[] segmentNames() {
        return new String[0];
    }

    /**
     * @param eventTime epoch ms
     * @param amount NaN when unknown
     * @param segments the row's value of each of {@link #segmentNames()}
     */
    record LabelledRow(
            String transactionId,
            long eventTime,
            double[] features,
            boolean fraud,
            double amount,
            String[] segments) {

        /** A row in no segment. */
        public LabelledRow(
                String transactionId,
                long eventTime,
                double[] features,
                boolean fraud,
                double amount) {
            this(transactionId, eventTime, features, fraud, amount, new String[0]);
        }
    }
}
