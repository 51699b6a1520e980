package io.vigil.features.engine;

import io.vigil.features.events.Event;
import io.vigil.features.spec.FeatureFilter;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Count, sum, sum of squares, min and max of a field per time bucket, for one window and filter.
 * The minima and maxima are kept only when a feature of the entity needs them (else they stay at
 * their empty values, which the state's serializer writes in a few bytes). A window is {@value
 * EntityFeatureEngine#BUCKETS} buckets of {@code window / 60}; a bucket that falls out of the
 * newest's window is reused for the next new bucket, so a group holds at most 60.
 */
final class WindowAggregates {
    /** Index of this group in the state. */
    final int index;

    final long windowMs;
    final long bucketMs;
    final FeatureFilter filter;
    final String field;
    final ToDoubleFunction<Event> value;
    final Predicate<Event> passes;
    private final boolean keepsMin;
    private final boolean keepsMax;

    WindowAggregates(
            int index,
            long windowMs,
            FeatureFilter filter,
            String field,
            ToDoubleFunction<Event> value,
            Predicate<Event> passes,
            boolean keepsMin,
            boolean keepsMax) {
        this.index = index;
        this.windowMs = windowMs;
        this.bucketMs = Math.max(1, windowMs / EntityFeatureEngine.BUCKETS);
        this.filter = filter;
        this.field = field;
        this.value = value;
        this.passes = passes;
        this.keepsMin = keepsMin;
        this.keepsMax = keepsMax;
    }

    boolean matches(long window, FeatureFilter otherFilter, String otherField) {
        return windowMs == window
                && Objects.equals(filter, otherFilter)
                && Objects.equals(field, otherField);
    }

    /**
     * {count, sum, sumSquares, min, max} of the window ending in the bucket of {@code t}, or ending
     * before that bucket when {@code beforeBucket} (an out-of-order event, whose own bucket may
     * hold later events).
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

    /** Adds {@code x}, a value of an event at {@code time} that passes this group's filter. */
    void add(EntityState s, long time, double x) {
        long bucket = Math.floorDiv(time, bucketMs);
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
                return; // older than the window of the newest bucket: no window can count it any
                // more
            }
            slot = insert(s, start, used, bucket, Math.max(newest, bucket));
        }
        s.counts[slot]++;
        s.sums[slot] += x;
        s.sumSquares[slot] += x * x;
        if (keepsMin) {
            s.mins[slot] = Math.min(s.mins[slot], x);
        }
        if (keepsMax) {
            s.maxs[slot] = Math.max(s.maxs[slot], x);
        }
    }

    /**
     * Adds an empty bucket to this group and returns its index: in place of a bucket that fell out
     * of the newest's window when there is one (the usual case, no allocation), else by growing the
     * arrays.
     */
    private int insert(EntityState s, int start, int used, long bucket, long newest) {
        for (int i = start; i < start + used; i++) {
            if (s.bucketIds[i] <= newest - EntityFeatureEngine.BUCKETS) {
                reset(s, i, bucket);
                return i;
            }
        }
        int slot = start + used;
        s.bucketIds = grow(s.bucketIds, slot);
        s.counts = grow(s.counts, slot);
        s.sums = grow(s.sums, slot);
        s.sumSquares = grow(s.sumSquares, slot);
        s.mins = grow(s.mins, slot);
        s.maxs = grow(s.maxs, slot);
        s.bucketsUsed[index] = used + 1;
        reset(s, slot, bucket);
        return slot;
    }

    private static void reset(EntityState s, int i, long bucket) {
        s.bucketIds[i] = bucket;
        s.counts[i] = 0;
        s.sums[i] = 0;
        s.sumSquares[i] = 0;
        s.mins[i] = Double.POSITIVE_INFINITY;
        s.maxs[i] = Double.NEGATIVE_INFINITY;
    }

    /** {@code a} with one more element at {@code at} (the elements from there on move up). */
    private static long[] grow(long[] a, int at) {
        long[] out = new long[a.length + 1];
        System.arraycopy(a, 0, out, 0, at);
        System.arraycopy(a, at, out, at + 1, a.length - at);
        return out;
    }

    private static double[] grow(double[] a, int at) {
        double[] out = new double[a.length + 1];
        System.arraycopy(a, 0, out, 0, at);
        System.arraycopy(a, at, out, at + 1, a.length - at);
        return out;
    }
}
