package io.vigil.features.engine;

import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Reads a transaction field, by its name in the {@code Transaction} schema, from the validated
 * event the features see. The card number is only there as its entity key.
 */
public final class EventFields {

    private static final Map<String, ToDoubleFunction<CardEvent>> NUMERIC =
            Map.of(
                    "amount", e -> e.amount,
                    "latitude", e -> e.latitude,
                    "longitude", e -> e.longitude,
                    "eventTime", e -> e.eventTime);

    private static final Map<String, Function<CardEvent, String>> TEXT =
            Map.ofEntries(
                    Map.entry("transactionId", e -> e.transactionId),
                    Map.entry("cardNumber", e -> e.entityKey),
                    Map.entry("accountId", e -> e.accountId),
                    Map.entry("merchantId", e -> e.merchantId),
                    Map.entry("merchantCategory", e -> e.merchantCategory),
                    Map.entry("currency", e -> e.currency),
                    Map.entry("country", e -> e.country),
                    Map.entry("channel", e -> e.channel),
                    Map.entry("deviceId", e -> e.deviceId),
                    Map.entry("amount", e -> String.valueOf(e.amount)),
                    Map.entry("latitude", e -> String.valueOf(e.latitude)),
                    Map.entry("longitude", e -> String.valueOf(e.longitude)),
                    Map.entry("eventTime", e -> String.valueOf(e.eventTime)));

    private EventFields() {}

    /**
     * @throws IllegalArgumentException for a field that is not numeric
     */
    public static ToDoubleFunction<CardEvent> numeric(String field) {
        ToDoubleFunction<CardEvent> accessor = NUMERIC.get(field);
        if (accessor == null) {
            throw new IllegalArgumentException(
                    "'" + field + "' is not a numeric transaction field: " + NUMERIC.keySet());
        }
        return accessor;
    }

    /** Any field as text (null when absent). */
    public static Function<CardEvent, String> text(String field) {
        Function<CardEvent, String> accessor = TEXT.get(field);
        if (accessor == null) {
            throw new IllegalArgumentException(
                    "'" + field + "' is not a transaction field: " + TEXT.keySet());
        }
        return accessor;
    }
}
