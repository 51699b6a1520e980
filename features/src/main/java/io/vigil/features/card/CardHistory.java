package io.vigil.features.card;

import java.util.Arrays;

/**
 * What Vigil remembers about one card: the state behind its features, bounded in size.
 *
 * <ul>
 *   <li>Recent events: time, amount, merchant hash and location of the events of the last 24 h
 *       (relative to the latest event time seen), at most {@link #MAX_RECENT_EVENTS}; under a burst
 *       beyond that the oldest are forgotten first.
 *   <li>Daily totals: count and sum of amounts per UTC day, for the last 30 days, in a ring of 30
 *       slots.
 *   <li>The latest event's time and location, for events older than the recent window.
 * </ul>
 *
 * <p>A Flink POJO of primitive arrays, so RocksDB state is serialized without Kryo.
 */
public class CardHistory {

    public static final int MAX_RECENT_EVENTS = 1000;
    public static final int DAYS = 30;

    public long[] recentTimes = new long[0];
    public double[] recentAmounts = new double[0];
    public int[] recentMerchants = new int[0];
    public double[] recentLatitudes = new double[0];
    public double[] recentLongitudes = new double[0];

    public long[] dayIndexes = filled(DAYS, Long.MIN_VALUE);
    public int[] dayCounts = new int[DAYS];
    public double[] daySums = new double[DAYS];

    public long latestTime = Long.MIN_VALUE;
    public double latestLatitude = Double.NaN;
    public double latestLongitude = Double.NaN;

    /** Event time at which this history may be dropped unless newer events arrive (Long.MIN_VALUE: none). */
    public long expiresAt = Long.MIN_VALUE;

    public CardHistory() {}

    public int recentSize() {
        return recentTimes.length;
    }

    public boolean isEmpty() {
        return latestTime == Long.MIN_VALUE;
    }

    private static long[] filled(int size, long value) {
        long[] array = new long[size];
        Arrays.fill(array, value);
        return array;
    }
}
