package io.vigil.features.testutils;

import io.vigil.features.events.Event;
import io.vigil.features.spec.EventLayout;
import io.vigil.features.spec.FeatureSpecException;
import io.vigil.features.spec.FeatureSpecParser;

/**
 * Builds card-transaction {@link Event}s for tests, laid out as every spec over the bundled card
 * transactions lays them out (a spec that reads no device field simply ignores its slot).
 */
public final class CardEvents {

    public static final long T0 = 1_700_000_000_000L;
    public static final long MINUTE = 60_000L;
    public static final long HOUR = 60 * MINUTE;
    public static final long DAY = 24 * HOUR;

    /** The layout of card transactions with every field used (the device's last). */
    public static final EventLayout LAYOUT = layout();

    private CardEvents() {}

    public static Event event(String id, String card, long time, double amount, String merchant) {
        return event(id, card, time, amount, merchant, 52.37, 4.89);
    }

    public static Event event(
            String id,
            String card,
            long time,
            double amount,
            String merchant,
            double lat,
            double lon) {
        Event e = Event.of(LAYOUT);
        e.id = id;
        e.eventTime = time;
        e.ingestTime = time;
        set(e, "transactionId", id);
        set(e, "eventTime", time);
        set(e, "cardNumber", card);
        set(e, "accountId", "acc-" + card);
        set(e, "merchantId", merchant);
        set(e, "merchantCategory", "5411");
        set(e, "amount", amount);
        set(e, "currency", "EUR");
        set(e, "country", "NL");
        set(e, "latitude", lat);
        set(e, "longitude", lon);
        set(e, "channel", "CARD_PRESENT");
        return e;
    }

    public static void set(Event e, String field, String value) {
        e.texts[LAYOUT.slot(field).index()] = value;
    }

    public static void set(Event e, String field, double value) {
        e.numbers[LAYOUT.slot(field).index()] = value;
    }

    public static String text(Event e, String field) {
        return e.texts[LAYOUT.slot(field).index()];
    }

    public static double number(Event e, String field) {
        return e.numbers[LAYOUT.slot(field).index()];
    }

    private static EventLayout layout() {
        try {
            return FeatureSpecParser.parse(
                            """
                            entities:
                              - name: device
                                key: deviceId
                                features: [{name: n, aggregation: count, window: 1h}]
                            """,
                            "card-events")
                    .layout();
        } catch (FeatureSpecException e) {
            throw new IllegalStateException(e);
        }
    }
}
