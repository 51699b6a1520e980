package io.vigil.jobs.testutils;

import io.vigil.features.engine.SpecFeatureReplay;
import io.vigil.features.events.EntityKeyHasher;
import io.vigil.features.events.Event;
import io.vigil.features.events.EventReader;
import io.vigil.features.events.EventRejection;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Test transactions, and the feature vectors the job must compute for them. */
public final class Transactions {

    private Transactions() {}

    /** A valid card-present transaction in the Netherlands. */
    public static Transaction transaction(
            String id, String card, long time, double amount, String merchant) {
        return Transaction.newBuilder()
                .setTransactionId(id)
                .setCardNumber(card)
                .setAccountId("a-" + card)
                .setMerchantId(merchant)
                .setMerchantCategory("5411")
                .setAmount(amount)
                .setCurrency("EUR")
                .setCountry("NL")
                .setLatitude(52.0)
                .setLongitude(4.0)
                .setChannel("CARD_PRESENT")
                .setDeviceId(null)
                .setEventTime(Instant.ofEpochMilli(time))
                .build();
    }

    /**
     * {@code count} payments of 40 cards at 40 merchants, one every 30 s of event time from a day
     * ago, with ids {@code prefix0}, {@code prefix1}, ...
     */
    public static List<Transaction> ofFortyCards(String prefix, int count) {
        long start = Instant.now().minus(Duration.ofDays(1)).toEpochMilli();
        return IntStream.range(0, count)
                .mapToObj(
                        i ->
                                transaction(
                                        prefix + i,
                                        "4000" + String.format("%012d", i % 40),
                                        start + i * 30_000L,
                                        10 + i % 300,
                                        "m" + i % 40))
                .toList();
    }

    /**
     * Feature vectors by transaction id, computed offline over {@code transactions} in list order
     * (each read as the job reads it).
     */
    public static Map<String, double[]> replay(
            FeatureSpec spec, String entityKeySecret, List<Transaction> transactions) {
        EventReader reader =
                new EventReader(
                        spec, WireFormat.AVRO, new EntityKeyHasher(entityKeySecret), Duration.ZERO);
        SpecFeatureReplay replay = new SpecFeatureReplay(spec);
        Map<String, double[]> expected = new HashMap<>();
        for (Transaction t : transactions) {
            Event event;
            try {
                event = reader.read(t, t.getEventTime().toEpochMilli());
            } catch (EventRejection e) {
                throw new IllegalArgumentException(t.getTransactionId() + ": " + e.getMessage(), e);
            }
            expected.put(t.getTransactionId(), replay.next(event));
        }
        return expected;
    }
}
