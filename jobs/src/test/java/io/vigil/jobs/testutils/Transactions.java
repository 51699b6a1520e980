package io.vigil.jobs.testutils;

import io.vigil.features.engine.CardEventMapper;
import io.vigil.features.engine.EntityKeyHasher;
import io.vigil.features.engine.SpecFeatureReplay;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.schemas.Transaction;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
     * Feature vectors by transaction id, computed offline over {@code transactions} in list order.
     */
    public static Map<String, double[]> replay(
            FeatureSpec spec, String entityKeySecret, List<Transaction> transactions) {
        CardEventMapper mapper = new CardEventMapper(new EntityKeyHasher(entityKeySecret));
        SpecFeatureReplay replay = new SpecFeatureReplay(spec);
        Map<String, double[]> expected = new HashMap<>();
        transactions.forEach(
                t -> expected.put(t.getTransactionId(), replay.next(mapper.map(t, 0))));
        return expected;
    }
}
