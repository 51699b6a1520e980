package io.vigil.features.spec;

import java.util.Arrays;

/**
 * What is remembered of one entity for its spec's features, as flat primitive arrays (a Flink POJO:
 * one RocksDB value per entity, no Kryo). Layouts are fixed by the compiled spec
 * ({@link EntityFeatureEngine}): {@code buckets} slots per aggregate group, {@code distinctCapacity}
 * slots per distinct group.
 */
public class EntityState {

    /** Bucket index held by each slot; Long.MIN_VALUE when empty. */
    public long[] bucketIds = new long[0];
    public long[] counts = new long[0];
    public double[] sums = new double[0];
    public double[] sumSquares = new double[0];
    public double[] mins = new double[0];
    public double[] maxs = new double[0];

    /** Value hashes seen per distinct group, with when each was last seen (Long.MIN_VALUE when empty). */
    public int[] distinctHashes = new int[0];
    public long[] distinctLastSeen = new long[0];
    /** Slots in use per distinct group (filled in order, so reads scan only these). */
    public int[] distinctUsed = new int[0];

    /** The latest events (time and location; Long.MIN_VALUE when empty), for time since previous and geo-velocity. */
    public long[] recentTimes = new long[0];
    public double[] recentLatitudes = new double[0];
    public double[] recentLongitudes = new double[0];

    public long latestTime = Long.MIN_VALUE;

    /** What each aggregate and distinct group holds (window|filter|field): lets a changed spec keep what still applies. */
    public String[] groupKeys = new String[0];
    public String[] distinctKeys = new String[0];

    public EntityState() {}

    /** A fresh state sized for a compiled spec. */
    static EntityState sized(String[] groupKeys, String[] distinctKeys, int aggregateSlots, int distinctSlots, int recentSlots) {
        EntityState s = new EntityState();
        s.groupKeys = groupKeys.clone();
        s.distinctKeys = distinctKeys.clone();
        s.bucketIds = new long[aggregateSlots];
        Arrays.fill(s.bucketIds, Long.MIN_VALUE);
        s.counts = new long[aggregateSlots];
        s.sums = new double[aggregateSlots];
        s.sumSquares = new double[aggregateSlots];
        s.mins = new double[aggregateSlots];
        s.maxs = new double[aggregateSlots];
        s.distinctHashes = new int[distinctSlots];
        s.distinctLastSeen = new long[distinctSlots];
        Arrays.fill(s.distinctLastSeen, Long.MIN_VALUE);
        s.distinctUsed = new int[distinctKeys.length];
        s.recentTimes = new long[recentSlots];
        Arrays.fill(s.recentTimes, Long.MIN_VALUE);
        s.recentLatitudes = new double[recentSlots];
        s.recentLongitudes = new double[recentSlots];
        return s;
    }
}
