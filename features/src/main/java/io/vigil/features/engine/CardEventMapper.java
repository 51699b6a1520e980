package io.vigil.features.engine;

import io.vigil.schemas.Transaction;

/**
 * Turns a wire {@link Transaction} into the {@link CardEvent} the features read, replacing the card
 * number by its entity key. The job and offline training use this same mapping.
 */
public final class CardEventMapper {

    private final EntityKeyHasher hasher;

    public CardEventMapper(EntityKeyHasher hasher) {
        this.hasher = hasher;
    }

    public CardEvent map(Transaction t, long ingestTime) {
        CardEvent e = new CardEvent();
        e.transactionId = t.getTransactionId();
        e.entityKey = hasher.keyOf(t.getCardNumber());
        e.accountId = t.getAccountId();
        e.merchantId = t.getMerchantId();
        e.merchantCategory = t.getMerchantCategory();
        e.amount = t.getAmount();
        e.currency = t.getCurrency();
        e.country = t.getCountry();
        e.latitude = t.getLatitude() == null ? Double.NaN : t.getLatitude();
        e.longitude = t.getLongitude() == null ? Double.NaN : t.getLongitude();
        e.channel = t.getChannel();
        e.deviceId = t.getDeviceId();
        e.eventTime = t.getEventTime().toEpochMilli();
        e.ingestTime = ingestTime;
        return e;
    }
}
