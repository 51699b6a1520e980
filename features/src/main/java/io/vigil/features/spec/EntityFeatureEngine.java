package io.vigil.features.spec;

import io.vigil.features.CardEvent;
import io.vigil.features.card.GeoDistance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Computes one entity's declared features from its {@link EntityState}, then remembers the event.
 * Flink-free: the keyed streaming function and the batch backfill run this same code.
 *
 * <p>Windows are rings of {@value #BUCKETS} time buckets of {@code window / 60} each (1 min for 1 h,
 * 12 h for 30 d): a window covers the event's own bucket and the 59 before it, so its far end is
 * exact to a bucket and its near end is exact. Features sharing window, filter and field share
 * buckets. Point in time: a transaction sees only events processed before it, never itself.
 * Distinct values are tracked per window up to {@value #DISTINCT_CAPACITY} values (the least
 * recently seen is forgotten first). Not thread-safe.
 */
public final class EntityFeatureEngine {

    public static final int BUCKETS = 60;
    public static final int DISTINCT_CAPACITY = 512;
    static final int RECENT = 8;
    /** Value of time_since_previous without a previous event (and its cap): 30 days. */
    public static final double NO_PREVIOUS_SECONDS = 30 * 24 * 3600.0;

    private final EntitySpec spec;
    private final List<AggregateGroup> groups = new ArrayList<>();
    private final List<DistinctGroup> distincts = new ArrayList<>();
    private final Feature[] features;
    private final long longestWindowMs;
    private final double[] aggregate = new double[5];

    public EntityFeatureEngine(EntitySpec spec) {
        this.spec = spec;
        this.features = new Feature[spec.features().size()];
        long longest = 0;
        for (int i = 0; i < features.length; i++) {
            FeatureDefinition f = spec.features().get(i);
            long window = f.window() == null ? 0 : f.window().toMillis();
            longest = Math.max(longest, window);
            int group = -1;
            int distinct = -1;
            if (f.aggregation() == Aggregation.DISTINCT_COUNT || f.aggregation() == Aggregation.FIRST_SEEN) {
                distinct = distinctGroup(window, f.filter(), f.field());
            } else if (f.aggregation().windowed()) {
                group = aggregateGroup(window, f.filter(), f.aggregation().needsField() ? f.field() : null);
            }
            ToDoubleFunction<CardEvent> value = f.aggregation().needsNumericField() ? EventFields.numeric(f.field()) : null;
            Function<CardEvent, String> text = distinct >= 0 ? EventFields.text(f.field()) : null;
            features[i] = new Feature(f.aggregation(), group, distinct, window, value, text);
        }
        this.longestWindowMs = Math.max(longest, java.time.Duration.ofDays(1).toMillis());
    }

    public EntitySpec spec() {
        return spec;
    }

    /** Number of features this entity contributes to the vector. */
    public int size() {
        return features.length;
    }

    public EntityState newState() {
        return EntityState.sized(groups.size() * BUCKETS, distincts.size() * DISTINCT_CAPACITY);
    }

    /** Writes the entity's features for {@code event} into {@code out[offset..offset+size())}. */
    public void compute(EntityState s, CardEvent event, double[] out, int offset) {
        long t = event.eventTime;
        for (int i = 0; i < features.length; i++) {
            Feature f = features[i];
            double result;
            if (f.group >= 0) {
                groups.get(f.group).read(s, t, aggregate);
                result = windowed(f, aggregate, f.value == null ? 0 : f.value.applyAsDouble(event));
            } else if (f.distinct >= 0) {
                result = distincts.get(f.distinct).read(s, t, f, f.text.apply(event));
            } else {
                result = previous(s, event, f.aggregation);
            }
            out[offset + i] = result;
        }
    }

    /** Adds {@code event} to the state. */
    public void update(EntityState s, CardEvent event) {
        for (AggregateGroup group : groups) {
            group.add(s, event);
        }
        for (DistinctGroup distinct : distincts) {
            distinct.add(s, event);
        }
        remember(s, event);
        s.latestTime = Math.max(s.latestTime, event.eventTime);
    }

    /** Event time after which the state serves no window: the latest event plus the longest window, to the next hour. */
    public long expiryOf(EntityState s) {
        long hour = 3_600_000L;
        return (Math.floorDiv(s.latestTime + longestWindowMs, hour) + 1) * hour;
    }

    private static double windowed(Feature f, double[] a, double current) {
        double count = a[0];
        double mean = count == 0 ? 0 : a[1] / count;
        double sd = count == 0 ? 0 : Math.sqrt(Math.max(0, a[2] / count - mean * mean));
        return switch (f.aggregation) {
            case COUNT -> count;
            case SUM -> a[1];
            case MEAN -> mean;
            case MIN -> count == 0 ? 0 : a[3];
            case MAX -> count == 0 ? 0 : a[4];
            case STDDEV -> sd;
            case ZSCORE -> sd == 0 ? 0 : (current - mean) / sd;
            case RATIO_TO_MEAN -> mean > 0 ? current / mean : 1.0;
            default -> throw new IllegalStateException(f.aggregation + " is not a windowed aggregate");
        };
    }

    private static double previous(EntityState s, CardEvent e, Aggregation aggregation) {
        int previous = -1;
        for (int i = 0; i < s.recentTimes.length; i++) {
            if (s.recentTimes[i] <= e.eventTime && (previous < 0 || s.recentTimes[i] >= s.recentTimes[previous])) {
                previous = i;
            }
        }
        if (previous < 0) {
            return aggregation == Aggregation.TIME_SINCE_PREVIOUS ? NO_PREVIOUS_SECONDS : 0;
        }
        double seconds = (e.eventTime - s.recentTimes[previous]) / 1000.0;
        if (aggregation == Aggregation.TIME_SINCE_PREVIOUS) {
            return Math.min(seconds, NO_PREVIOUS_SECONDS);
        }
        double lat = s.recentLatitudes[previous];
        double lon = s.recentLongitudes[previous];
        if (!e.hasLocation() || Double.isNaN(lat) || Double.isNaN(lon)) {
            return 0;
        }
        return GeoDistance.kilometres(lat, lon, e.latitude, e.longitude) / Math.max(seconds / 3600.0, 1.0 / 60);
    }

    private static void remember(EntityState s, CardEvent e) {
        int n = s.recentTimes.length;
        long[] times = Arrays.copyOf(s.recentTimes, n + 1);
        double[] lats = Arrays.copyOf(s.recentLatitudes, n + 1);
        double[] lons = Arrays.copyOf(s.recentLongitudes, n + 1);
        times[n] = e.eventTime;
        lats[n] = e.latitude;
        lons[n] = e.longitude;
        if (n + 1 > RECENT) {
            int oldest = 0;
            for (int i = 1; i < times.length; i++) {
                if (times[i] < times[oldest]) {
                    oldest = i;
                }
            }
            times = remove(times, oldest);
            lats = remove(lats, oldest);
            lons = remove(lons, oldest);
        }
        s.recentTimes = times;
        s.recentLatitudes = lats;
        s.recentLongitudes = lons;
    }

    private static long[] remove(long[] a, int index) {
        long[] out = new long[a.length - 1];
        System.arraycopy(a, 0, out, 0, index);
        System.arraycopy(a, index + 1, out, index, a.length - index - 1);
        return out;
    }

    private static double[] remove(double[] a, int index) {
        double[] out = new double[a.length - 1];
        System.arraycopy(a, 0, out, 0, index);
        System.arraycopy(a, index + 1, out, index, a.length - index - 1);
        return out;
    }

    private int aggregateGroup(long window, EventFilter filter, String field) {
        for (int g = 0; g < groups.size(); g++) {
            if (groups.get(g).matches(window, filter, field)) {
                return g;
            }
        }
        groups.add(new AggregateGroup(groups.size() * BUCKETS, window, filter, field));
        return groups.size() - 1;
    }

    private int distinctGroup(long window, EventFilter filter, String field) {
        for (int d = 0; d < distincts.size(); d++) {
            if (distincts.get(d).matches(window, filter, field)) {
                return d;
            }
        }
        distincts.add(new DistinctGroup(distincts.size() * DISTINCT_CAPACITY, window, filter, field));
        return distincts.size() - 1;
    }

    static boolean passes(EventFilter filter, CardEvent e) {
        return filter == null || filter.values().contains(EventFields.text(filter.field()).apply(e));
    }

    /** One declared feature, resolved to its group and accessors. */
    private record Feature(Aggregation aggregation, int group, int distinct, long windowMs,
            ToDoubleFunction<CardEvent> value, Function<CardEvent, String> text) {}

    /** Count, sum, sum of squares, min and max of a field per bucket, for one window and filter. */
    private static final class AggregateGroup {
        final int offset;
        final long windowMs;
        final long bucketMs;
        final EventFilter filter;
        final String field;
        final ToDoubleFunction<CardEvent> value;

        AggregateGroup(int offset, long windowMs, EventFilter filter, String field) {
            this.offset = offset;
            this.windowMs = windowMs;
            this.bucketMs = Math.max(1, windowMs / BUCKETS);
            this.filter = filter;
            this.field = field;
            this.value = field == null ? null : EventFields.numeric(field);
        }

        boolean matches(long window, EventFilter otherFilter, String otherField) {
            return windowMs == window && Objects.equals(filter, otherFilter) && Objects.equals(field, otherField);
        }

        /** {count, sum, sumSquares, min, max} of the window ending in the bucket of {@code t}. */
        void read(EntityState s, long t, double[] out) {
            long current = Math.floorDiv(t, bucketMs);
            Arrays.fill(out, 0);
            out[3] = Double.POSITIVE_INFINITY;
            out[4] = Double.NEGATIVE_INFINITY;
            for (int i = offset; i < offset + BUCKETS; i++) {
                long bucket = s.bucketIds[i];
                if (bucket <= current && bucket > current - BUCKETS && s.counts[i] > 0) {
                    out[0] += s.counts[i];
                    out[1] += s.sums[i];
                    out[2] += s.sumSquares[i];
                    out[3] = Math.min(out[3], s.mins[i]);
                    out[4] = Math.max(out[4], s.maxs[i]);
                }
            }
        }

        void add(EntityState s, CardEvent e) {
            if (!passes(filter, e)) {
                return;
            }
            long bucket = Math.floorDiv(e.eventTime, bucketMs);
            int slot = offset + (int) Math.floorMod(bucket, (long) BUCKETS);
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

    /** Values of a field seen in a window, with when each was last seen. */
    private static final class DistinctGroup {
        final int offset;
        final long windowMs;
        final EventFilter filter;
        final String field;
        final Function<CardEvent, String> text;

        DistinctGroup(int offset, long windowMs, EventFilter filter, String field) {
            this.offset = offset;
            this.windowMs = windowMs;
            this.filter = filter;
            this.field = field;
            this.text = EventFields.text(field);
        }

        boolean matches(long window, EventFilter otherFilter, String otherField) {
            return windowMs == window && Objects.equals(filter, otherFilter) && Objects.equals(field, otherField);
        }

        double read(EntityState s, long t, Feature f, String current) {
            int hash = Objects.hashCode(current);
            int distinct = 0;
            boolean seen = false;
            for (int i = offset; i < offset + DISTINCT_CAPACITY; i++) {
                long lastSeen = s.distinctLastSeen[i];
                if (lastSeen != Long.MIN_VALUE && lastSeen >= t - windowMs && lastSeen <= t) {
                    distinct++;
                    seen |= s.distinctHashes[i] == hash;
                }
            }
            return f.aggregation == Aggregation.DISTINCT_COUNT ? distinct : seen ? 0 : 1;
        }

        void add(EntityState s, CardEvent e) {
            if (!passes(filter, e)) {
                return;
            }
            int hash = Objects.hashCode(text.apply(e));
            int target = -1;
            for (int i = offset; i < offset + DISTINCT_CAPACITY; i++) {
                if (s.distinctLastSeen[i] != Long.MIN_VALUE && s.distinctHashes[i] == hash) {
                    s.distinctLastSeen[i] = Math.max(s.distinctLastSeen[i], e.eventTime);
                    return;
                }
                if (target < 0 || s.distinctLastSeen[i] < s.distinctLastSeen[target]) {
                    target = i; // an empty slot, or else the least recently seen value
                }
            }
            s.distinctHashes[target] = hash;
            s.distinctLastSeen[target] = e.eventTime;
        }
    }
}
