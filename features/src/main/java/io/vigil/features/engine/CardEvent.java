package io.vigil.features.engine;

import java.util.Objects;

/**
 * A validated transaction as it travels through the job: the card number is already replaced by
 * {@link #entityKey} (a keyed hash), so nothing downstream of decoding can leak it.
 *
 * <p>Serialized by {@link CardEventSerializer} (no Kryo, no reflection). Missing coordinates are
 * {@code NaN}; a missing device is {@code null}.
 */
public class CardEvent {

    public String transactionId;
    public String entityKey;
    public String accountId;
    public String merchantId;
    public String merchantCategory;
    public double amount;
    public String currency;
    public String country;
    public double latitude = Double.NaN;
    public double longitude = Double.NaN;
    public String channel;
    public String deviceId;

    /** Event time, epoch milliseconds. */
    public long eventTime;

    /** Wall-clock time the record was decoded, epoch milliseconds (for latency, not for logic). */
    public long ingestTime;

    public CardEvent() {}

    public boolean hasLocation() {
        return !Double.isNaN(latitude) && !Double.isNaN(longitude);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CardEvent)) {
            return false;
        }
        CardEvent other = (CardEvent) o;
        return Objects.equals(transactionId, other.transactionId)
                && Objects.equals(entityKey, other.entityKey)
                && eventTime == other.eventTime
                && Double.compare(amount, other.amount) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(transactionId, entityKey, eventTime);
    }

    @Override
    public String toString() {
        return "CardEvent{"
                + transactionId
                + ", entity="
                + entityKey
                + ", t="
                + eventTime
                + ", amount="
                + amount
                + '}';
    }
}
