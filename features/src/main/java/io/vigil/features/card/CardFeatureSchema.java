package io.vigil.features.card;

import java.util.List;

/**
 * Names and order of the per-card features the scoring job computes. A model manifest refers to
 * features by these names; the vector handed to the scorer follows this order.
 *
 * <p>Point-in-time rule, kept everywhere: a transaction's features use only the card's events
 * processed before it whose event time is not later than its own; the transaction itself is never
 * included.
 */
public final class CardFeatureSchema {

    public static final int AMOUNT = 0;
    public static final int COUNT_1H = 1;
    public static final int SUM_AMOUNT_1H = 2;
    public static final int COUNT_24H = 3;
    public static final int SUM_AMOUNT_24H = 4;
    public static final int MEAN_AMOUNT_30D = 5;
    public static final int AMOUNT_TO_MEAN_30D = 6;
    public static final int SECONDS_SINCE_PREVIOUS = 7;
    public static final int DISTINCT_MERCHANTS_24H = 8;
    public static final int SPEED_KMH_FROM_PREVIOUS = 9;
    public static final int NEW_MERCHANT_24H = 10;
    public static final int RISKY_MERCHANT_CATEGORY = 11;
    public static final int CARD_NOT_PRESENT = 12;

    /** Feature names, index = position in the vector. Never reorder: served logs depend on it. */
    public static final List<String> NAMES = List.of(
            "amount",
            "count_1h",
            "sum_amount_1h",
            "count_24h",
            "sum_amount_24h",
            "mean_amount_30d",
            "amount_to_mean_30d",
            "seconds_since_previous",
            "distinct_merchants_24h",
            "speed_kmh_from_previous",
            "new_merchant_24h",
            "risky_merchant_category",
            "card_not_present");

    public static final int SIZE = NAMES.size();

    /** Value of seconds_since_previous for a card's first transaction (and the cap): 30 days. */
    public static final double NO_PREVIOUS_SECONDS = 30 * 24 * 3600.0;

    private CardFeatureSchema() {}

    /** Index of {@code name}, or an exception listing the known names. */
    public static int indexOf(String name) {
        int index = NAMES.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("unknown feature '" + name + "'; the job computes " + NAMES);
        }
        return index;
    }
}
