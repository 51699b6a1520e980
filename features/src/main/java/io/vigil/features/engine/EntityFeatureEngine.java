package io.vigil.features.engine;

import io.vigil.features.events.Event;
import io.vigil.features.events.EventFields;
import io.vigil.features.spec.Aggregation;
import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.EventLayout;
import io.vigil.features.spec.FeatureDefinition;
import io.vigil.features.spec.FeatureFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Computes one entity's declared features from its {@link EntityState}, then remembers the event.
 * Flink-free: the keyed streaming function and the batch backfill run this same code.
 *
 * <p>Windows are rings of {@value #BUCKETS} time buckets of {@code window / 60} each (1 min for 1
 * h, 12 h for 30 d): a window covers the event's own bucket and the 59 before it, so its far end is
 * exact to a bucket and its near end is exact. Features sharing window, filter and field share
 * buckets. Only live buckets and values are stored ({@link EntityState}), so an entity's state
 * grows with its activity within the longest window. Buckets keep minima and maxima only for specs
 * with min or max features: such a feature added later to a window with history sees the events
 * from then on (the window's other aggregates keep their history).
 *
 * <p>Point in time: a transaction's features use only events processed before it whose event time
 * is not after its own; never the transaction itself. Events are expected in event-time order; one
 * that arrives after a later event of the same entity (out of order) must not see that later event,
 * so its windows leave out the bucket it falls in (which may hold later events) and distinct values
 * last seen after it: it sees less than an in-order event would, never more. Distinct values are
 * tracked per window up to {@value #DISTINCT_CAPACITY} values (the least recently seen is forgotten
 * first). Not thread-safe.
 */
public final class EntityFeatureEngine {

    public static final int BUCKETS = 60;
    public static final int DISTINCT_CAPACITY = 512;
    static final int RECENT = 8;

    /** Value of time_since_previous without a previous event (and its cap): 30 days. */
    public static final double NO_PREVIOUS_SECONDS = RecentEvents.NO_PREVIOUS_SECONDS;

    private final EntitySpec spec;
    private final EventLayout layout;
    private final Function<Event, String> key;
    private final RecentEvents recent;
    private final List<WindowAggregates> groups = new ArrayList<>();
    private final List<WindowDistincts> distincts = new ArrayList<>();
    private final Feature[] features;
    private final long longestWindowMs;

    /** Whether buckets keep minima and maxima: only for specs with min or max features. */
    private final boolean keepsMin;

    private final boolean keepsMax;
    private String[] groupKeys;
    private String[] distinctKeys;
    private EntityDeltas deltas;

    /**
     * Per event, each group's {count, sum, sumSquares, min, max}: read once, shared by its
     * features.
     */
    private double[][] aggregates;

    /**
     * @param layout where the fields the entity reads sit in an event (the spec's layout)
     */
    public EntityFeatureEngine(EntitySpec spec, EventLayout layout) {
        this.spec = spec;
        this.layout = layout;
        this.key = EventFields.key(layout, spec.keys());
        this.recent =
                new RecentEvents(
                        spec.latitude() == null
                                ? e -> Double.NaN
                                : EventFields.numeric(layout, spec.latitude()),
                        spec.longitude() == null
                                ? e -> Double.NaN
                                : EventFields.numeric(layout, spec.longitude()));
        this.features = new Feature[spec.features().size()];
        this.keepsMin = spec.features().stream().anyMatch(f -> f.aggregation() == Aggregation.MIN);
        this.keepsMax = spec.features().stream().anyMatch(f -> f.aggregation() == Aggregation.MAX);
        long longest = 0;
        // Groups with a field first: a count over the same window and filter reads one of them.
        for (FeatureDefinition f : spec.features()) {
            if (f.aggregation().windowed()
                    && f.aggregation().needsField()
                    && !isDistinct(f.aggregation())) {
                aggregateGroup(f.window().toMillis(), f.filter(), f.field());
            }
        }
        for (int i = 0; i < features.length; i++) {
            FeatureDefinition f = spec.features().get(i);
            long window = f.window() == null ? 0 : f.window().toMillis();
            longest = Math.max(longest, window);
            int group = -1;
            int distinct = -1;
            if (isDistinct(f.aggregation())) {
                distinct =
                        distinctGroup(
                                window,
                                f.filter(),
                                f.field(),
                                f.aggregation() == Aggregation.FREQUENCY);
            } else if (f.aggregation().windowed()) {
                group =
                        f.aggregation().needsField()
                                ? aggregateGroup(window, f.filter(), f.field())
                                : countGroup(window, f.filter());
            }
            ToDoubleFunction<Event> value =
                    f.aggregation().needsNumericField()
                            ? EventFields.numeric(layout, f.field())
                            : null;
            Function<Event, String> text =
                    distinct >= 0 ? EventFields.text(layout, f.field()) : null;
            features[i] =
                    new Feature(
                            f.aggregation(),
                            group,
                            distinct,
                            window,
                            value,
                            text,
                            FilterPredicates.of(f.filter(), layout));
        }
        this.longestWindowMs = Math.max(longest, Duration.ofDays(1).toMillis());
    }

    public EntitySpec spec() {
        return spec;
    }

    /** The entity's key in {@code event} (composite keys joined), or null when a part is absent. */
    public String keyOf(Event event) {
        return key.apply(event);
    }

    /** Number of features this entity contributes to the vector. */
    public int size() {
        return features.length;
    }

    public EntityState newState() {
        return EntityState.sized(groupKeys(), distinctKeys(), RECENT);
    }

    /**
     * State written under another version of the spec, laid out for this one (see {@link
     * StateMigration#adapt}). Returns {@code s} itself when the layout already matches.
     */
    public EntityState adapt(EntityState s) {
        return StateMigration.adapt(s, groupKeys(), distinctKeys(), this::newState);
    }

    /**
     * What changes for state written with {@code old} keys: windows kept, started empty, dropped.
     */
    public String describeChange(EntityState old) {
        return StateMigration.describe(old, groupKeys(), distinctKeys());
    }

    /**
     * What each aggregate group holds (window|filter|field), in state order: the state's layout,
     * computed once (compared on every restore). Do not modify.
     */
    public String[] groupKeys() {
        if (groupKeys == null) {
            groupKeys =
                    groups.stream()
                            .map(g -> g.windowMs + "|" + keyOf(g.filter) + "|" + g.field)
                            .toArray(String[]::new);
        }
        return groupKeys;
    }

    /**
     * What each distinct group holds (window|filter|field, and |every-event for frequencies), in
     * state order. Do not modify.
     */
    public String[] distinctKeys() {
        if (distinctKeys == null) {
            distinctKeys =
                    distincts.stream()
                            .map(
                                    d ->
                                            d.windowMs
                                                    + "|"
                                                    + keyOf(d.filter)
                                                    + "|"
                                                    + d.field
                                                    + (d.everyEvent ? "|every-event" : ""))
                            .toArray(String[]::new);
        }
        return distinctKeys;
    }

    /** Writes the entity's features for {@code event} into {@code out[offset..offset+size())}. */
    public void compute(EntityState s, Event event, double[] out, int offset) {
        long t = event.eventTime;
        if (aggregates == null) {
            aggregates = new double[groups.size()][5];
        }
        boolean outOfOrder = t < s.latestTime;
        for (int g = 0; g < groups.size(); g++) {
            groups.get(g).read(s, t, outOfOrder, aggregates[g]);
        }
        for (int i = 0; i < features.length; i++) {
            Feature f = features[i];
            double result;
            if (f.group >= 0) {
                result =
                        windowed(
                                f,
                                aggregates[f.group],
                                f.value == null ? 0 : f.value.applyAsDouble(event));
            } else if (f.distinct >= 0) {
                result = distincts.get(f.distinct).read(s, t, f.aggregation, f.text.apply(event));
            } else if (f.aggregation == Aggregation.CURRENT) {
                result = f.value.applyAsDouble(event);
            } else if (f.aggregation == Aggregation.MATCHES) {
                result = f.matches.test(event) ? 1 : 0;
            } else {
                result = recent.feature(s, event, f.aggregation);
            }
            out[offset + i] = result;
        }
    }

    /** Adds {@code event} to the state. */
    public void update(EntityState s, Event event) {
        apply(s, delta(event));
    }

    /** What {@code event} adds to a state of this spec (see {@link EntityDelta}). */
    public EntityDelta delta(Event event) {
        return deltas().of(event);
    }

    /**
     * Adds what {@code d} holds to the state. A delta made under another version of the spec adds
     * to the groups whose keys it shares with this one (its other groups are dropped, as {@link
     * #adapt} drops them from states).
     */
    public void apply(EntityState s, EntityDelta d) {
        deltas().apply(s, d);
    }

    private EntityDeltas deltas() {
        if (deltas == null) {
            deltas = new EntityDeltas(groups, distincts, recent, groupKeys(), distinctKeys());
        }
        return deltas;
    }

    /**
     * Event time after which the state serves no window: the latest event plus the longest window,
     * to the next hour.
     */
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
            // Infinite: no bucket in the window has a minimum (maximum) yet: the feature was added
            // to a
            // window that already had history, and sees the events since.
            case MIN -> Double.isInfinite(a[3]) ? 0 : a[3];
            case MAX -> Double.isInfinite(a[4]) ? 0 : a[4];
            case STDDEV -> sd;
            case ZSCORE -> sd == 0 ? 0 : (current - mean) / sd;
            case RATIO_TO_MEAN -> mean > 0 ? current / mean : 1.0;
            default ->
                    throw new IllegalStateException(f.aggregation + " is not a windowed aggregate");
        };
    }

    private int aggregateGroup(long window, FeatureFilter filter, String field) {
        for (int g = 0; g < groups.size(); g++) {
            if (groups.get(g).matches(window, filter, field)) {
                return g;
            }
        }
        groups.add(
                new WindowAggregates(
                        groups.size(),
                        window,
                        filter,
                        field,
                        field == null ? null : EventFields.numeric(layout, field),
                        FilterPredicates.of(filter, layout),
                        keepsMin,
                        keepsMax));
        return groups.size() - 1;
    }

    /**
     * Any group over {@code window} and {@code filter} counts its events; a field-less one is made
     * only when none exists.
     */
    private int countGroup(long window, FeatureFilter filter) {
        for (int g = 0; g < groups.size(); g++) {
            WindowAggregates group = groups.get(g);
            if (group.windowMs == window && Objects.equals(group.filter, filter)) {
                return g;
            }
        }
        return aggregateGroup(window, filter, null);
    }

    private static boolean isDistinct(Aggregation aggregation) {
        return aggregation == Aggregation.DISTINCT_COUNT
                || aggregation == Aggregation.FIRST_SEEN
                || aggregation == Aggregation.FREQUENCY;
    }

    private int distinctGroup(long window, FeatureFilter filter, String field, boolean perEvent) {
        for (int d = 0; d < distincts.size(); d++) {
            if (distincts.get(d).matches(window, filter, field, perEvent)) {
                return d;
            }
        }
        distincts.add(
                new WindowDistincts(
                        distincts.size(),
                        window,
                        filter,
                        field,
                        perEvent,
                        EventFields.text(layout, field),
                        FilterPredicates.of(filter, layout)));
        return distincts.size() - 1;
    }

    /** A filter's part of the state layout ({@code null} for none, as always). */
    private static String keyOf(FeatureFilter filter) {
        return filter == null ? "null" : filter.key();
    }

    /** One declared feature, resolved to its group and accessors. */
    private record Feature(
            Aggregation aggregation,
            int group,
            int distinct,
            long windowMs,
            ToDoubleFunction<Event> value,
            Function<Event, String> text,
            Predicate<Event> matches) {}
}
