package io.vigil.features.spec;

import io.vigil.features.CardEvent;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/** Count, sum, sum of squares, min and max of a field per bucket, for one window and filter. */
final class WindowAggregates {
    final int offset;
    final long windowMs;
    final long bucketMs;
    final EventFilter filter;
    final String field;
    final ToDoubleFunction<CardEvent> value;
    final java.util.function.Predicate<CardEvent> passes;

    WindowAggregates(int offset, long windowMs, EventFilter filter, String field) {
        this.offset = offset;
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
        Arrays.fill(out, 0);
        out[3] = Double.POSITIVE_INFINITY;
        out[4] = Double.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + EntityFeatureEngine.BUCKETS; i++) {
            long bucket = s.bucketIds[i];
            if (bucket <= newest && bucket > current - EntityFeatureEngine.BUCKETS && s.counts[i] > 0) {
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
        int slot = offset + (int) Math.floorMod(bucket, (long) EntityFeatureEngine.BUCKETS);
        if (s.bucketIds[slot] != bucket) {
            if (s.bucketIds[slot] > bucket) {
                return; // a newer bucket took the slot: this event is older than the window
            }
            s.bucketIds[slot] = bucket;
            s.counts[slot] = 0;
            s.sums[slot] = 0;
            s.sumSquares[slot] = 0;
            s.mins[slot] = Double.POSITIVE_INFINITY;
            s.maxs[slot] = Double.NEGATIVE_INFINITY;
        }
        double x = value == null ? 0 : value.applyAsDouble(e);
        s.counts[slot]++;
        s.sums[slot] += x;
        s.sumSquares[slot] += x * x;
        s.mins[slot] = Math.min(s.mins[slot], x);
        s.maxs[slot] = Math.max(s.maxs[slot], x);
    }
}
