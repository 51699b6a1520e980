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
     * @param eventTime epoch ms
     * @param amount NaN when unknown
     */
    record LabelledRow(
            String transactionId,
            long eventTime,
            double[] features,
            boolean fraud,
            double amount) {}
}
