package io.vigil.features.card;

import static io.vigil.features.card.CardFeatureSchema.*;
import static io.vigil.features.testutils.CardEvents.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.features.CardEvent;
import org.junit.jupiter.api.Test;

class CardFeatureCalculatorTest {

    private final CardFeatureCalculator calculator = new CardFeatureCalculator();
    private final CardHistory history = new CardHistory();

    private double[] score(CardEvent event) {
        double[] out = new double[SIZE];
        calculator.compute(history, event, out);
        calculator.update(history, event);
        return out;
    }

    @Test
    void firstTransactionHasNoHistory() {
        double[] f = score(event("t1", "c", T0, 40, "m1"));

        assertThat(f[AMOUNT]).isEqualTo(40);
        assertThat(f[COUNT_1H]).isZero();
        assertThat(f[COUNT_24H]).isZero();
        assertThat(f[MEAN_AMOUNT_30D]).isZero();
        assertThat(f[AMOUNT_TO_MEAN_30D]).isEqualTo(1.0);
        assertThat(f[SECONDS_SINCE_PREVIOUS]).isEqualTo(NO_PREVIOUS_SECONDS);
        assertThat(f[SPEED_KMH_FROM_PREVIOUS]).isZero();
        assertThat(f[NEW_MERCHANT_24H]).isEqualTo(1);
        assertThat(f[DISTINCT_MERCHANTS_24H]).isZero();
    }

    @Test
    void countsAndSumsOverOneHourAndOneDayExcludingTheCurrentEvent() {
        score(event("t1", "c", T0, 10, "m1"));
        score(event("t2", "c", T0 + 23 * HOUR, 20, "m2"));
        score(event("t3", "c", T0 + 23 * HOUR + 30 * MINUTE, 30, "m2"));
        double[] f = score(event("t4", "c", T0 + 23 * HOUR + 50 * MINUTE, 5, "m3"));

        assertThat(f[COUNT_1H]).isEqualTo(2);
        assertThat(f[SUM_AMOUNT_1H]).isEqualTo(50);
        assertThat(f[COUNT_24H]).isEqualTo(3);
        assertThat(f[SUM_AMOUNT_24H]).isEqualTo(60);
        assertThat(f[DISTINCT_MERCHANTS_24H]).isEqualTo(2);
        assertThat(f[NEW_MERCHANT_24H]).isEqualTo(1);
        assertThat(f[SECONDS_SINCE_PREVIOUS]).isEqualTo(20 * 60);
    }

    @Test
    void eventsOlderThanADayLeaveTheDayWindowButStayInTheThirtyDayMean() {
        score(event("t1", "c", T0, 100, "m1"));
        score(event("t2", "c", T0 + 2 * DAY, 50, "m1"));
        double[] f = score(event("t3", "c", T0 + 3 * DAY + MINUTE, 300, "m1"));

        assertThat(f[COUNT_24H]).isEqualTo(0);
        assertThat(f[MEAN_AMOUNT_30D]).isEqualTo(75);
        assertThat(f[AMOUNT_TO_MEAN_30D]).isEqualTo(4);
        assertThat(f[SECONDS_SINCE_PREVIOUS]).isEqualTo(24 * 3600 + 60);
        assertThat(history.recentSize()).as("only the last day is kept in detail").isEqualTo(1);
    }

    @Test
    void thirtyDayMeanForgetsOldDays() {
        score(event("t1", "c", T0, 1000, "m1"));
        score(event("t2", "c", T0 + 31 * DAY, 10, "m1"));
        double[] f = score(event("t3", "c", T0 + 31 * DAY + HOUR, 10, "m1"));

        assertThat(f[MEAN_AMOUNT_30D]).isEqualTo(10);
    }

    @Test
    void speedFromPreviousLocation() {
        // Amsterdam to Paris (~430 km) in one hour.
        score(event("t1", "c", T0, 10, "m1", 52.3676, 4.9041));
        double[] f = score(event("t2", "c", T0 + HOUR, 10, "m2", 48.8566, 2.3522));

        assertThat(f[SPEED_KMH_FROM_PREVIOUS]).isCloseTo(430, within(10.0));
    }

    @Test
    void missingLocationGivesZeroSpeed() {
        score(event("t1", "c", T0, 10, "m1", Double.NaN, Double.NaN));
        double[] f = score(event("t2", "c", T0 + HOUR, 10, "m2", 48.8566, 2.3522));

        assertThat(f[SPEED_KMH_FROM_PREVIOUS]).isZero();
    }

    @Test
    void lateEventSeesOnlyEarlierEvents() {
        score(event("t1", "c", T0, 10, "m1"));
        score(event("t3", "c", T0 + 2 * HOUR, 30, "m3"));
        double[] late = score(event("t2", "c", T0 + 30 * MINUTE, 20, "m2"));

        assertThat(late[COUNT_1H]).isEqualTo(1);
        assertThat(late[SUM_AMOUNT_1H]).isEqualTo(10);
        assertThat(late[SECONDS_SINCE_PREVIOUS]).isEqualTo(30 * 60);
        double[] next = score(event("t4", "c", T0 + 2 * HOUR + MINUTE, 1, "m1"));
        assertThat(next[COUNT_24H]).as("the late event counts for later ones").isEqualTo(3);
    }

    @Test
    void burstsAreCappedSoStateStaysBounded() {
        for (int i = 0; i < CardHistory.MAX_RECENT_EVENTS + 50; i++) {
            score(event("t" + i, "c", T0 + i, 1, "m" + i));
        }

        assertThat(history.recentSize()).isEqualTo(CardHistory.MAX_RECENT_EVENTS);
        assertThat(history.recentTimes).doesNotContain(T0, T0 + 49);
    }

    @Test
    void expiryIsAWholeDayAfterTheLongestWindow() {
        long expiry = CardFeatureCalculator.expiryOf(T0);

        assertThat(expiry % DAY).isZero();
        assertThat(expiry).isGreaterThan(T0 + 30 * DAY).isLessThanOrEqualTo(T0 + 32 * DAY);
    }

    @Test
    void riskyCategoryAndChannelFlags() {
        CardEvent online = event("t1", "c", T0, 10, "m1");
        online.merchantCategory = "7995";
        online.channel = "ONLINE";
        double[] f = score(online);

        assertThat(f[RISKY_MERCHANT_CATEGORY]).isEqualTo(1);
        assertThat(f[CARD_NOT_PRESENT]).isEqualTo(1);
    }
}
