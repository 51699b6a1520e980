package io.vigil.loadtest.generator;

import io.vigil.schemas.Transaction;
import io.vigil.schemas.TransactionLabel;

/**
 * A generated transaction with its ground truth.
 *
 * @param transaction the payment as it goes on the transactions topic
 * @param pattern the fraud pattern it belongs to, or null for a genuine payment
 */
public record GeneratedTransaction(Transaction transaction, FraudPattern pattern) {

    public boolean fraud() {
        return pattern != null;
    }

    /** The label for the labels topic, known {@code delayMillis} after the payment. */
    public TransactionLabel label(long delayMillis) {
        return TransactionLabel.newBuilder()
                .setTransactionId(transaction.getTransactionId())
                .setFraud(fraud())
                .setFraudPattern(pattern == null ? null : pattern.name())
                .setEventTime(transaction.getEventTime())
                .setLabelTime(transaction.getEventTime().plusMillis(delayMillis))
                .build();
    }
}
