package io.vigil.features.card;

import static io.vigil.features.card.CardFeatureSchema.*;

import io.vigil.features.CardEvent;
import java.util.Arrays;

/**
 * Computes a card's features for one transaction from its {@link CardHistory}, then adds the
 * transaction to the history. Flink-free: the streaming function and offline training both call
 * it, so served and trained features are the same code.
 *
 * <p>Windows: 1 h and 24 h are exact over the recent events; the 30-day mean uses whole UTC days
 * (the current day and the 29 before it). Not thread-safe (keeps a scratch buffer).
 */
public final class CardFeatureCalculator {

    static final long HOUR_MS = 3_600_000L;
    static final long DAY_MS = 24 * HOUR_MS;
    /** Below this, time between transactions is treated as one minute so speed stays meaningful. */
    private static final double MIN_SPEED_INTERVAL_HOURS = 1.0 / 60;

    private int[] merchantScratch = new int[64];

    /** Fills {@code out} (length {@link CardFeatureSchema#SIZE}) with the features of {@code event}. */
    public void compute(CardHistory history, CardEvent event, double[] out) {
        long t = event.eventTime;
        int merchant = merchantHash(event.merchantId);
        int count1h = 0;
        int count24h = 0;
        double sum1h = 0;
        double sum24h = 0;
        int distinct = 0;
        boolean merchantSeen = false;
        int previous = -1;
        if (merchantScratch.length < history.recentSize()) {
            merchantScratch = new int[Math.max(history.recentSize(), merchantScratch.length * 2)];
        }
        for (int i = 0; i < history.recentSize(); i++) {
            long time = history.recentTimes[i];
            if (time > t || time < t - DAY_MS) {
                continue;
            }
            count24h++;
            sum24h += history.recentAmounts[i];
            merchantScratch[distinct++] = history.recentMerchants[i];
            merchantSeen |= history.recentMerchants[i] == merchant;
            if (time >= t - HOUR_MS) {
                count1h++;
                sum1h += history.recentAmounts[i];
            }
            if (previous < 0 || time >= history.recentTimes[previous]) {
                previous = i;
            }
        }
        out[AMOUNT] = event.amount;
        out[COUNT_1H] = count1h;
        out[SUM_AMOUNT_1H] = sum1h;
        out[COUNT_24H] = count24h;
        out[SUM_AMOUNT_24H] = sum24h;
        out[DISTINCT_MERCHANTS_24H] = countDistinct(merchantScratch, distinct);
        out[NEW_MERCHANT_24H] = merchantSeen ? 0 : 1;
        out[RISKY_MERCHANT_CATEGORY] = MerchantCategories.isRisky(event.merchantCategory) ? 1 : 0;
        out[CARD_NOT_PRESENT] = MerchantCategories.isCardNotPresent(event.channel) ? 1 : 0;
        computeThirtyDayMean(history, event, out);
        computePrevious(history, event, previous, out);
    }

    private static void computeThirtyDayMean(CardHistory history, CardEvent event, double[] out) {
        long today = Math.floorDiv(event.eventTime, DAY_MS);
        int count = 0;
        double sum = 0;
        for (int slot = 0; slot < CardHistory.DAYS; slot++) {
            long day = history.dayIndexes[slot];
            if (day <= today && day > today - CardHistory.DAYS) {
                count += history.dayCounts[slot];
                sum += history.daySums[slot];
            }
        }
        double mean = count == 0 ? 0 : sum / count;
        out[MEAN_AMOUNT_30D] = mean;
        out[AMOUNT_TO_MEAN_30D] = mean > 0 ? event.amount / mean : 1.0;
    }

    private static void computePrevious(CardHistory history, CardEvent event, int recentIndex, double[] out) {
        long previousTime;
        double previousLat;
        double previousLon;
        if (recentIndex >= 0) {
            previousTime = history.recentTimes[recentIndex];
            previousLat = history.recentLatitudes[recentIndex];
            previousLon = history.recentLongitudes[recentIndex];
        } else if (!history.isEmpty() && history.latestTime <= event.eventTime) {
            previousTime = history.latestTime;
            previousLat = history.latestLatitude;
            previousLon = history.latestLongitude;
        } else {
            out[SECONDS_SINCE_PREVIOUS] = NO_PREVIOUS_SECONDS;
            out[SPEED_KMH_FROM_PREVIOUS] = 0;
            return;
        }
        double seconds = (event.eventTime - previousTime) / 1000.0;
        out[SECONDS_SINCE_PREVIOUS] = Math.min(seconds, NO_PREVIOUS_SECONDS);
        if (event.hasLocation() && !Double.isNaN(previousLat) && !Double.isNaN(previousLon)) {
            double km = GeoDistance.kilometres(previousLat, previousLon, event.latitude, event.longitude);
            out[SPEED_KMH_FROM_PREVIOUS] = km / Math.max(seconds / 3600.0, MIN_SPEED_INTERVAL_HOURS);
        } else {
            out[SPEED_KMH_FROM_PREVIOUS] = 0;
        }
    }

    /** Adds {@code event} to {@code history} and forgets what fell out of every window. */
    public void update(CardHistory history, CardEvent event) {
        long t = event.eventTime;
        if (history.isEmpty() || t >= history.latestTime) {
            history.latestTime = t;
            history.latestLatitude = event.latitude;
            history.latestLongitude = event.longitude;
        }
        addToDay(history, Math.floorDiv(t, DAY_MS), event.amount);
        if (t >= history.latestTime - DAY_MS) {
            appendRecent(history, event);
        }
        pruneRecent(history, history.latestTime - DAY_MS);
        history.expiresAt = expiryOf(history.latestTime);
    }

    /**
     * Event time after which a card whose latest event is at {@code latestTime} has no state any
     * window needs; rounded up to a whole day so a card needs at most one cleanup timer per day.
     */
    public static long expiryOf(long latestTime) {
        return (Math.floorDiv(latestTime, DAY_MS) + CardHistory.DAYS + 1) * DAY_MS;
    }

    private static void addToDay(CardHistory history, long day, double amount) {
        long latestDay = Math.floorDiv(history.latestTime, DAY_MS);
        if (day <= latestDay - CardHistory.DAYS) {
            return; // older than every window
        }
        int slot = (int) Math.floorMod(day, (long) CardHistory.DAYS);
        if (history.dayIndexes[slot] != day) {
            if (history.dayIndexes[slot] > day) {
                return; // slot holds a newer day: this one has left the 30-day window
            }
            history.dayIndexes[slot] = day;
            history.dayCounts[slot] = 0;
            history.daySums[slot] = 0;
        }
        history.dayCounts[slot]++;
        history.daySums[slot] += amount;
    }

    private static void appendRecent(CardHistory h, CardEvent e) {
        int n = h.recentSize();
        h.recentTimes = Arrays.copyOf(h.recentTimes, n + 1);
        h.recentAmounts = Arrays.copyOf(h.recentAmounts, n + 1);
        h.recentMerchants = Arrays.copyOf(h.recentMerchants, n + 1);
        h.recentLatitudes = Arrays.copyOf(h.recentLatitudes, n + 1);
        h.recentLongitudes = Arrays.copyOf(h.recentLongitudes, n + 1);
        h.recentTimes[n] = e.eventTime;
        h.recentAmounts[n] = e.amount;
        h.recentMerchants[n] = merchantHash(e.merchantId);
        h.recentLatitudes[n] = e.latitude;
        h.recentLongitudes[n] = e.longitude;
    }

    /** Keeps the recent events at or after {@code horizon}, at most {@link CardHistory#MAX_RECENT_EVENTS}. */
    private static void pruneRecent(CardHistory h, long horizon) {
        int drop = h.recentSize() > CardHistory.MAX_RECENT_EVENTS ? oldestIndex(h) : -1;
        int keep = 0;
        for (int i = 0; i < h.recentSize(); i++) {
            if (h.recentTimes[i] >= horizon && i != drop) {
                keep++;
            }
        }
        if (keep == h.recentSize()) {
            return;
        }
        long[] times = new long[keep];
        double[] amounts = new double[keep];
        int[] merchants = new int[keep];
        double[] lats = new double[keep];
        double[] lons = new double[keep];
        int j = 0;
        for (int i = 0; i < h.recentSize(); i++) {
            if (h.recentTimes[i] >= horizon && i != drop) {
                times[j] = h.recentTimes[i];
                amounts[j] = h.recentAmounts[i];
                merchants[j] = h.recentMerchants[i];
                lats[j] = h.recentLatitudes[i];
                lons[j] = h.recentLongitudes[i];
                j++;
            }
        }
        h.recentTimes = times;
        h.recentAmounts = amounts;
        h.recentMerchants = merchants;
        h.recentLatitudes = lats;
        h.recentLongitudes = lons;
    }

    private static int oldestIndex(CardHistory h) {
        int oldest = 0;
        for (int i = 1; i < h.recentSize(); i++) {
            if (h.recentTimes[i] < h.recentTimes[oldest]) {
                oldest = i;
            }
        }
        return oldest;
    }

    private static int countDistinct(int[] values, int length) {
        if (length == 0) {
            return 0;
        }
        Arrays.sort(values, 0, length);
        int distinct = 1;
        for (int i = 1; i < length; i++) {
            if (values[i] != values[i - 1]) {
                distinct++;
            }
        }
        return distinct;
    }

    private static int merchantHash(String merchantId) {
        return merchantId == null ? 0 : merchantId.hashCode();
    }
}
