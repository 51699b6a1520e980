package io.vigil.features.engine;

import static io.vigil.features.testutils.CardEvents.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.features.events.Event;
import io.vigil.features.spec.Aggregation;
import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.EventFilter;
import io.vigil.features.spec.FeatureDefinition;
import io.vigil.features.spec.FeatureFilter;
import io.vigil.features.spec.FeatureSpecParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EntityFeatureEngineTest {

    private static final String SPEC =
            """
            entities:
              - name: card
                key: cardNumber
                features:
                  - {name: count_1h, aggregation: count, window: 1h}
                  - {name: sum_24h, aggregation: sum, field: amount, window: 24h}
                  - {name: mean_7d, aggregation: mean, field: amount, window: 7d}
                  - {name: min_24h, aggregation: min, field: amount, window: 24h}
                  - {name: max_24h, aggregation: max, field: amount, window: 24h}
                  - {name: sd_7d, aggregation: stddev, field: amount, window: 7d}
                  - {name: z_7d, aggregation: zscore, field: amount, window: 7d}
                  - {name: ratio_7d, aggregation: ratio_to_mean, field: amount, window: 7d}
                  - {name: distinct_24h, aggregation: distinct_count, field: merchantId, window: 24h}
                  - {name: new_merchant_7d, aggregation: first_seen, field: merchantId, window: 7d}
                  - {name: since_previous, aggregation: time_since_previous}
                  - {name: speed, aggregation: geo_velocity}
                  - {name: online_1h, aggregation: count, window: 1h, filter: {field: channel, equals: ONLINE}}
                  - {name: amount, aggregation: current, field: amount}
                  - {name: online, aggregation: matches, filter: {field: channel, equals: ONLINE}}
                  - {name: merchant_share_7d, aggregation: frequency, field: merchantId, window: 7d}
                  - {name: online_merchant_share_24h, aggregation: frequency, field: merchantId, window: 24h, filter: {field: channel, equals: ONLINE}}
                  - {name: channel, aggregation: one_hot, field: channel, vocabulary: [ONLINE, CARD_PRESENT, ATM]}
            """;

    private static EntitySpec card() throws Exception {
        return FeatureSpecParser.parse(SPEC, "test.yaml").entities().get(0);
    }

    /** Random in-order events of one card over 20 days, in bursts and lulls. */
    private static List<Event> events() {
        SplittableRandom random = new SplittableRandom(3);
        List<Event> events = new ArrayList<>();
        long t = T0;
        for (int i = 0; i < 800; i++) {
            t +=
                    random.nextInt(10) < 7
                            ? random.nextLong(1, 20 * MINUTE)
                            : random.nextLong(HOUR, 2 * DAY);
            Event e =
                    event(
                            "t" + i,
                            "card",
                            t,
                            1 + random.nextDouble() * 300,
                            "m" + random.nextInt(12),
                            50 + random.nextDouble(),
                            4 + random.nextDouble());
            set(e, "channel", random.nextBoolean() ? "ONLINE" : "CARD_PRESENT");
            events.add(e);
        }
        return events;
    }

    @Test
    void matchesABruteForceComputationOverEveryEarlierEvent() throws Exception {
        EntitySpec spec = card();
        EntityFeatureEngine engine = new EntityFeatureEngine(spec, LAYOUT);
        EntityState state = engine.newState();
        List<Event> earlier = new ArrayList<>();
        for (Event e : events()) {
            double[] actual = new double[engine.size()];
            engine.compute(state, e, actual, 0);
            for (int i = 0; i < engine.size(); i++) {
                FeatureDefinition f = spec.features().get(i);
                assertThat(actual[i])
                        .as(f.name() + " of " + e.id)
                        .isCloseTo(reference(f, e, earlier), within(1e-6));
            }
            engine.update(state, e);
            earlier.add(e);
        }
    }

    /**
     * Out of order, an event sees at most the earlier events in buckets before its own (a later
     * event may already have recycled the oldest of them); in order, exactly the brute-force
     * result.
     */
    @Test
    void anOutOfOrderEventNeverSeesLaterEvents() throws Exception {
        EntitySpec spec = card();
        EntityFeatureEngine engine = new EntityFeatureEngine(spec, LAYOUT);
        EntityState state = engine.newState();
        List<Event> arrival = new ArrayList<>(events());
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 1; i < arrival.size(); i++) {
            if (random.nextInt(3) == 0) {
                Collections.swap(arrival, i - 1, i); // a later event overtakes an earlier one
            }
        }
        List<Event> processed = new ArrayList<>();
        int outOfOrder = 0;
        for (Event e : arrival) {
            boolean late = processed.stream().anyMatch(p -> p.eventTime > e.eventTime);
            double[] actual = new double[engine.size()];
            engine.compute(state, e, actual, 0);
            for (int i = 0; i < engine.size(); i++) {
                FeatureDefinition f = spec.features().get(i);
                if (!EnumSet.of(
                                Aggregation.COUNT,
                                Aggregation.SUM,
                                Aggregation.MAX,
                                Aggregation.DISTINCT_COUNT)
                        .contains(f.aggregation())) {
                    continue; // these pin the visible set down (amounts are positive); the others
                    // derive from it
                }
                long bucketMs = f.window().toMillis() / EntityFeatureEngine.BUCKETS;
                List<Event> visible =
                        processed.stream()
                                .filter(
                                        p ->
                                                late
                                                                && f.aggregation()
                                                                        != Aggregation
                                                                                .DISTINCT_COUNT
                                                        ? Math.floorDiv(p.eventTime, bucketMs)
                                                                < Math.floorDiv(
                                                                        e.eventTime, bucketMs)
                                                        : p.eventTime <= e.eventTime)
                                .toList();
                double expected = reference(f, e, visible);
                if (late) {
                    assertThat(actual[i])
                            .as(f.name() + " of out-of-order " + e.id)
                            .isLessThanOrEqualTo(expected + 1e-6);
                } else {
                    assertThat(actual[i])
                            .as(f.name() + " of " + e.id)
                            .isCloseTo(expected, within(1e-6));
                }
            }
            outOfOrder += late ? 1 : 0;
            engine.update(state, e);
            processed.add(e);
        }
        assertThat(outOfOrder).as("out-of-order events exercised").isGreaterThan(100);
    }

    @Test
    void expiryCoversTheLongestWindow() throws Exception {
        EntityFeatureEngine engine = new EntityFeatureEngine(card(), LAYOUT);
        EntityState state = engine.newState();
        engine.update(state, event("t", "card", T0, 10, "m"));

        assertThat(engine.expiryOf(state))
                .isGreaterThan(T0 + 7 * DAY)
                .isLessThanOrEqualTo(T0 + 7 * DAY + HOUR);
    }

    @Test
    void aMaxFeatureAddedToAWindowWithHistorySeesTheEventsFromThenOnAndTheSumKeepsItsHistory()
            throws Exception {
        EntityFeatureEngine before =
                new EntityFeatureEngine(
                        FeatureSpecParser.parse(
                                        """
                                        entities:
                                          - {name: card, key: cardNumber, features: [{name: sum_24h, aggregation: sum, field: amount, window: 24h}]}
                                        """,
                                        "before.yaml")
                                .entities()
                                .get(0),
                        LAYOUT);
        EntityFeatureEngine after =
                new EntityFeatureEngine(
                        FeatureSpecParser.parse(
                                        """
                                        entities:
                                          - name: card
                                            key: cardNumber
                                            features:
                                              - {name: sum_24h, aggregation: sum, field: amount, window: 24h}
                                              - {name: max_24h, aggregation: max, field: amount, window: 24h}
                                        """,
                                        "after.yaml")
                                .entities()
                                .get(0),
                        LAYOUT);
        EntityState state = before.newState();
        before.update(state, event("t1", "card", T0, 500, "m"));
        assertThat(state.maxs)
                .as("no max feature: maxima not kept")
                .containsOnly(Double.NEGATIVE_INFINITY);
        double[] features = new double[2];

        EntityState adapted = after.adapt(state);
        after.compute(adapted, event("t2", "card", T0 + MINUTE, 20, "m"), features, 0);
        assertThat(features).containsExactly(500, 0);
        after.update(adapted, event("t2", "card", T0 + MINUTE, 20, "m"));
        after.compute(adapted, event("t3", "card", T0 + 2 * MINUTE, 7, "m"), features, 0);
        assertThat(features).containsExactly(520, 20);
    }

    /**
     * The window's semantics spelled out: its event's bucket and the 59 before, earlier events
     * only.
     */
    private static double reference(FeatureDefinition f, Event e, List<Event> earlier) {
        long windowMs = f.window() == null ? 0 : f.window().toMillis();
        long bucketMs = Math.max(1, windowMs / EntityFeatureEngine.BUCKETS);
        long current = Math.floorDiv(e.eventTime, bucketMs);
        List<Double> values = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        List<String> merchants = new ArrayList<>();
        for (Event p : earlier) {
            if (!passes(f.filter(), p)) {
                continue;
            }
            long bucket = Math.floorDiv(p.eventTime, bucketMs);
            if (bucket > current - EntityFeatureEngine.BUCKETS && bucket <= current) {
                values.add(number(p, "amount"));
            }
            if (p.eventTime >= e.eventTime - windowMs && p.eventTime <= e.eventTime) {
                distinct.add(text(p, "merchantId"));
                merchants.add(text(p, "merchantId"));
            }
        }
        double count = values.size();
        double sum = values.stream().mapToDouble(Double::doubleValue).sum();
        double mean = count == 0 ? 0 : sum / count;
        double sd =
                count == 0
                        ? 0
                        : Math.sqrt(
                                Math.max(
                                        0,
                                        values.stream().mapToDouble(v -> v * v).sum() / count
                                                - mean * mean));
        Event previous = earlier.isEmpty() ? null : earlier.get(earlier.size() - 1);
        double seconds = previous == null ? 0 : (e.eventTime - previous.eventTime) / 1000.0;
        return switch (f.aggregation()) {
            case COUNT -> count;
            case SUM -> sum;
            case MEAN -> mean;
            case MIN -> values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            case MAX -> values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            case STDDEV -> sd;
            case ZSCORE -> sd == 0 ? 0 : (number(e, "amount") - mean) / sd;
            case RATIO_TO_MEAN -> mean > 0 ? number(e, "amount") / mean : 1;
            case DISTINCT_COUNT -> distinct.size();
            case FIRST_SEEN -> distinct.contains(text(e, "merchantId")) ? 0 : 1;
            case TIME_SINCE_PREVIOUS ->
                    previous == null
                            ? EntityFeatureEngine.NO_PREVIOUS_SECONDS
                            : Math.min(seconds, EntityFeatureEngine.NO_PREVIOUS_SECONDS);
            case GEO_VELOCITY ->
                    previous == null
                            ? 0
                            : GeoDistance.kilometres(
                                            number(previous, "latitude"),
                                            number(previous, "longitude"),
                                            number(e, "latitude"),
                                            number(e, "longitude"))
                                    / Math.max(seconds / 3600.0, 1.0 / 60);
            case CURRENT -> number(e, "amount");
            case MATCHES -> passes(f.filter(), e) ? 1 : 0;
            case FREQUENCY ->
                    merchants.isEmpty()
                            ? 0
                            : merchants.stream().filter(text(e, "merchantId")::equals).count()
                                    / (double) merchants.size();
            case VALUE, ONE_HOT ->
                    throw new AssertionError(f.aggregation() + " never reaches the engine");
        };
    }

    /** The test spec's filters: equality on a field. */
    private static boolean passes(FeatureFilter filter, Event e) {
        if (filter == null) {
            return true;
        }
        EventFilter equality = (EventFilter) filter;
        return equality.values().contains(text(e, equality.field()));
    }
}
