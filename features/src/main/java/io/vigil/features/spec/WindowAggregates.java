package io.vigil.features.spec;

import io.vigil.features.CardEvent;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Count, sum, sum of squares, min and max of a field per time bucket, for one window and filter. A
 * window is {@value EntityFeatureEngine#BUCKETS} buckets of {@code window / 60}; only buckets still
 * inside the window of the newest one are kept.
 */
final class WindowAggregates {
    /** Index of this group in the state. */
    final int index;
    final long windowMs;
    final long bucketMs;
    final EventFilter filter;
    final String field;
    final ToDoubleFunction<CardEvent> value;
    final java.util.function.Predicate<CardEvent> passes;

    WindowAggregates(int index, long windowMs, EventFilter filter, String field) {
        this.index = index;
        this.windowMs = windowMs;
        this.bucketMs = Math.max(1, windowMs / EntityFeatureEngine.BUCKETS);
        this.filter = filter;
        this.field = field;
        this.value = field == null ? null : EventFields.numeric(field);
        this.passes = EntityFeatureEngine.predicate(filter);
    }

    boolean matches(long window, EventFilter otherFilter, String otherField) {
        return windowMs == window && Objects.equals(filter, otherFilter) && Objects.equals(field, otherField);
    }

    /**
     * {count, sum, sumSquares, min, max} of the window ending in the bucket of {@code t}, or ending
     * before that bucket when {@code beforeBucket} (an out-of-order event, whose own bucket may hold
     * later events).
     */
    void read(EntityState s, long t, boolean beforeBucket, double[] out) {
        long current = Math.floorDiv(t, bucketMs);
        long newest = beforeBucket ? current - 1 : current;
        out[0] = 0;
        out[1] = 0;
        out[2] = 0;
        out[3] = Double.POSITIVE_INFINITY;
        out[4] = Double.NEGATIVE_INFINITY;
        int start = s.bucketStart(index);
        for (int i = start; i < start + s.bucketsUsed[index]; i++) {
            long bucket = s.bucketIds[i];
            if (bucket <= newest && bucket > current - EntityFeatureEngine.BUCKETS) {
                out[0] += s.counts[i];
                out[1] += s.sums[i];
                out[2] += s.sumSquares[i];
                out[3] = Math.min(out[3], s.mins[i]);
                out[4] = Math.max(out[4], s.maxs[i]);
            }
        }
    }

    void add(EntityState s, CardEvent e) {
        if (!passes.test(e)) {
            return;
        }
        long bucket = Math.floorDiv(e.eventTime, bucketMs);
        int start = s.bucketStart(index);
        int used = s.bucketsUsed[index];
        long newest = Long.MIN_VALUE;
        int slot = -1;
        for (int i = start; i < start + used; i++) {
            newest = Math.max(newest, s.bucketIds[i]);
            if (s.bucketIds[i] == bucket) {
                slot = i;
            }
        }
        if (slot < 0) {
            if (used > 0 && bucket <= newest - EntityFeatureEngine.BUCKETS) {
                return; // older than the window of the newest bucket: no window can count it any more
            }
            slot = insert(s, start, used, bucket, Math.max(newest, bucket));
        }
        double x = value == null ? 0 : value.applyAsDouble(e);
        s.counts[slot]++;
        s.sums[slot] += x;
        s.sumSquares[slot] += x * x;
        s.mins[slot] = Math.min(s.mins[slot], x);
        s.maxs[slot] = Math.max(s.maxs[slot], x);
    }

    /**
     * Adds an empty bucket to this group, dropping the buckets that fell out of the newest's window,
     * and returns its index. Happens once per bucket length at most, so the arrays are rebuilt to fit.
     */
    private int insert(EntityState s, int start, int used, long bucket, long newest) {
        int kept = 0;
        for (int i = start; i < start + used; i++) {
            kept += s.bucketIds[i] > newest - EntityFeatureEngine.BUCKETS ? 1 : 0;
        }
        int total = s.bucketIds.length - used + kept + 1;
        long[] ids = new long[total];
        long[] counts = new long[total];
        double[] sums = new double[total];
        double[] squares = new double[total];
        double[] mins = new double[total];
        double[] maxs = new double[total];
        System.arraycopy(s.bucketIds, 0, ids, 0, start);
        System.arraycopy(s.counts, 0, counts, 0, start);
        System.arraycopy(s.sums, 0, sums, 0, start);
        System.arraycopy(s.sumSquares, 0, squares, 0, start);
        System.arraycopy(s.mins, 0, mins, 0, start);
        System.arraycopy(s.maxs, 0, maxs, 0, start);
        int to = start;
        for (int i = start; i < start + used; i++) {
            if (s.bucketIds[i] > newest - EntityFeatureEngine.BUCKETS) {
                ids[to] = s.bucketIds[i];
                counts[to] = s.counts[i];
                sums[to] = s.sums[i];
                squares[to] = s.sumSquares[i];
                mins[to] = s.mins[i];
                maxs[to] = s.maxs[i];
                to++;
            }
        }
        int slot = to;
        ids[slot] = bucket;
        mins[slot] = Double.POSITIVE_INFINITY;
        maxs[slot] = Double.NEGATIVE_INFINITY;
        int tail = s.bucketIds.length - (start + used);
        System.arraycopy(s.bucketIds, start + used, ids, slot + 1, tail);
        System.arraycopy(s.counts, start + used, counts, slot + 1, tail);
        System.arraycopy(s.sums, start + used, sums, slot + 1, tail);
        System.arraycopy(s.sumSquares, start + used, squares, slot + 1, tail);
        System.arraycopy(s.mins, start + used, mins, slot + 1, tail);
        System.arraycopy(s.maxs, start + used, maxs, slot + 1, tail);
        s.bucketIds = ids;
        s.counts = counts;
        s.sums = sums;
        s.sumSquares = squares;
        s.mins = mins;
        s.maxs = maxs;
        s.bucketsUsed[index] = kept + 1;
        return slot;
    }
}
