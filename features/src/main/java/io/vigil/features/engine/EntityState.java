package io.vigil.features.engine;

import java.util.Arrays;

/**
 * What is remembered of one entity for its spec's features, as flat primitive arrays (one RocksDB
 * value per entity, written by {@link EntityStateSerializer}). Arrays grow only as buckets and
 * values are needed (an expired one is reused before the arrays grow), so the value's size follows
 * the entity's activity within its windows, not the spec's capacity. Group {@code g}'s entries
 * follow those of the groups before it; the layout is fixed by the compiled spec ({@link
 * EntityFeatureEngine}).
 */
public class EntityState {

    public static final long NO_EXPIRY = Long.MIN_VALUE;

    /** Live buckets per aggregate group. */
    public int[] bucketsUsed = new int[0];

    /**
     * Per live bucket: its index (event time / bucket length) and count, sum, sum of squares, min
     * and max.
     */
    public long[] bucketIds = new long[0];

    public long[] counts = new long[0];
    public double[] sums = new double[0];
    public double[] sumSquares = new double[0];
    public double[] mins = new double[0];
    public double[] maxs = new double[0];

    /** Values kept per distinct group. */
    public int[] distinctUsed = new int[0];

    /** Per value: its hash and when it was last seen. */
    public int[] distinctHashes = new int[0];

    public long[] distinctLastSeen = new long[0];

    /**
     * The latest events (time and location; Long.MIN_VALUE when empty), for time since previous and
     * geo-velocity.
     */
    public long[] recentTimes = new long[0];

    public double[] recentLatitudes = new double[0];
    public double[] recentLongitudes = new double[0];

    public long latestTime = Long.MIN_VALUE;

    /** Event time of this entity's clean-up timer; {@link #NO_EXPIRY} before the first event. */
    public long expiry = NO_EXPIRY;

    /**
     * What each aggregate and distinct group holds (window|filter|field): lets a changed spec keep
     * what still applies.
     */
    public String[] groupKeys = new String[0];

    public String[] distinctKeys = new String[0];

    public EntityState() {}

    /** A fresh state for a compiled spec: no buckets, no values. */
    static EntityState sized(String[] groupKeys, String[] distinctKeys, int recentSlots) {
        EntityState s = new EntityState();
        s.groupKeys = groupKeys; // shared by every state of a spec: never modified
        s.distinctKeys = distinctKeys;
        s.bucketsUsed = new int[groupKeys.length];
        s.distinctUsed = new int[distinctKeys.length];
        s.recentTimes = new long[recentSlots];
        Arrays.fill(s.recentTimes, Long.MIN_VALUE);
        s.recentLatitudes = new double[recentSlots];
        s.recentLongitudes = new double[recentSlots];
        return s;
    }

    /** Index of aggregate group {@code g}'s first bucket. */
    int bucketStart(int g) {
        int start = 0;
        for (int i = 0; i < g; i++) {
            start += bucketsUsed[i];
        }
        return start;
    }

    /** Index of distinct group {@code d}'s first value. */
    int distinctStart(int d) {
        int start = 0;
        for (int i = 0; i < d; i++) {
            start += distinctUsed[i];
        }
        return start;
    }
}
