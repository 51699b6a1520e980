package io.vigil.loadtest.generator;

/**
 * A change in the traffic from some point on, to exercise drift detection and retraining.
 *
 * @param spendingFactor genuine amounts are multiplied by this (e.g. 1.6: prices and habits
 *     changed)
 * @param extraOnlineShare added to every card's share of online payments
 * @param ringShare share of fraud episodes that are {@link FraudPattern#DEVICE_RING}s, a pattern
 *     the models trained before the shift never saw
 */
public record MarketShift(double spendingFactor, double extraOnlineShare, double ringShare) {

    /**
     * The demo's shift: 60% more spending, 20 points more online, half of the fraud from device
     * rings.
     */
    public static final MarketShift DEMO = new MarketShift(1.6, 0.2, 0.5);

    public MarketShift {
        if (!(spendingFactor > 0)
                || !(extraOnlineShare >= 0 && extraOnlineShare <= 1)
                || !(ringShare >= 0 && ringShare <= 1)) {
            throw new IllegalArgumentException(
                    "need spendingFactor > 0 and shares within [0, 1]: " + this);
        }
    }
}
