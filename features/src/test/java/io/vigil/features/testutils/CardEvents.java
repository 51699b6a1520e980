package io.vigil.features.testutils;

import io.vigil.features.engine.CardEvent;

/** Builds {@link CardEvent}s for tests. */
public final class CardEvents {

    public static final long T0 = 1_700_000_000_000L;
    public static final long MINUTE = 60_000L;
    public static final long HOUR = 60 * MINUTE;
    public static final long DAY = 24 * HOUR;

    private CardEvents() {}

    public static CardEvent event(
            String id, String card, long time, double amount, String merchant) {
        return event(id, card, time, amount, merchant, 52.37, 4.89);
    }

    public static CardEvent event(
            String id,
            String card,
            long time,
            double amount,
            String merchant,
            double lat,
            double lon) {
        CardEvent e = new CardEvent();
        e.transactionId = id;
        e.entityKey = card;
        e.accountId = "acc-" + card;
        e.merchantId = merchant;
        e.merchantCategory = "5411";
        e.amount = amount;
        e.currency = "EUR";
        e.country = "NL";
        e.latitude = lat;
        e.longitude = lon;
        e.channel = "CARD_PRESENT";
        e.eventTime = time;
        e.ingestTime = time;
        return e;
    }
}
