package io.vigil.jobs.decode;

import io.vigil.schemas.Transaction;
import java.time.Duration;
import java.time.Instant;

/**
 * Checks a decoded transaction before it may reach features and scoring. Flink-free.
 *
 * <p>Rejects: empty identifiers, codes or card number ({@link RejectionReason#MISSING_FIELD});
 * negative, NaN or infinite amounts ({@link RejectionReason#INVALID_AMOUNT}); event times more than
 * {@code maxFutureSkew} ahead of the wall clock ({@link RejectionReason#FUTURE_TIMESTAMP});
 * coordinates outside the globe or event times before 2000 ({@link RejectionReason#INVALID_FIELD}).
 */
public final class TransactionValidator {

    private static final long YEAR_2000_MILLIS =
            Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

    private final long maxFutureSkewMillis;

    public TransactionValidator(Duration maxFutureSkew) {
        this.maxFutureSkewMillis = maxFutureSkew.toMillis();
    }

    /**
     * Null when the transaction is valid, else what is wrong. The reason never contains the card
     * number.
     */
    public Rejection check(Transaction t, long nowMillis) {
        Rejection missing = firstMissing(t);
        if (missing != null) {
            return missing;
        }
        double amount = t.getAmount();
        if (!Double.isFinite(amount) || amount < 0) {
            return new Rejection(
                    RejectionReason.INVALID_AMOUNT,
                    "amount must be finite and not negative (was " + amount + ")");
        }
        long eventTime = t.getEventTime().toEpochMilli();
        if (eventTime > nowMillis + maxFutureSkewMillis) {
            return new Rejection(
                    RejectionReason.FUTURE_TIMESTAMP,
                    "eventTime "
                            + t.getEventTime()
                            + " is more than "
                            + Duration.ofMillis(maxFutureSkewMillis)
                            + " ahead of the clock ("
                            + Instant.ofEpochMilli(nowMillis)
                            + ")");
        }
        if (eventTime < YEAR_2000_MILLIS) {
            return new Rejection(
                    RejectionReason.INVALID_FIELD,
                    "eventTime " + t.getEventTime() + " is before 2000");
        }
        if (t.getLatitude() != null && !(Math.abs(t.getLatitude()) <= 90)) {
            return new Rejection(
                    RejectionReason.INVALID_FIELD,
                    "latitude must be within [-90, 90] (was " + t.getLatitude() + ")");
        }
        if (t.getLongitude() != null && !(Math.abs(t.getLongitude()) <= 180)) {
            return new Rejection(
                    RejectionReason.INVALID_FIELD,
                    "longitude must be within [-180, 180] (was " + t.getLongitude() + ")");
        }
        return null;
    }

    private static Rejection firstMissing(Transaction t) {
        String[][] fields = {
            {"transactionId", t.getTransactionId()},
            {"cardNumber", t.getCardNumber()},
            {"accountId", t.getAccountId()},
            {"merchantId", t.getMerchantId()},
            {"merchantCategory", t.getMerchantCategory()},
            {"currency", t.getCurrency()},
            {"country", t.getCountry()},
            {"channel", t.getChannel()},
        };
        for (String[] field : fields) {
            if (field[1] == null || field[1].isBlank()) {
                return new Rejection(
                        RejectionReason.MISSING_FIELD, "required field " + field[0] + " is empty");
            }
        }
        return null;
    }

    /** What is wrong with a record. */
    public record Rejection(RejectionReason code, String reason) {}
}
