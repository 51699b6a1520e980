package io.vigil.loadtest.jmh;

import io.vigil.features.engine.EntityFeatureEngine;
import io.vigil.features.engine.EntityState;
import io.vigil.features.events.EntityKeyHasher;
import io.vigil.features.events.Event;
import io.vigil.features.events.EventReader;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecParser;
import io.vigil.loadtest.generator.GeneratorSettings;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.schemas.codec.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-event cost of a 20-feature card spec with heap-resident state: look up the card's state,
 * compute its features, remember the event. The target is under 5 microseconds per event. Run:
 * {@code ./vigil jmh EntityFeatureBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EntityFeatureBenchmark {

    static final String SPEC =
            """
            entities:
              - name: card
                key: cardNumber
                features:
                  - {name: count_1h, aggregation: count, window: 1h}
                  - {name: sum_1h, aggregation: sum, field: amount, window: 1h}
                  - {name: count_24h, aggregation: count, window: 24h}
                  - {name: sum_24h, aggregation: sum, field: amount, window: 24h}
                  - {name: max_24h, aggregation: max, field: amount, window: 24h}
                  - {name: mean_7d, aggregation: mean, field: amount, window: 7d}
                  - {name: sd_7d, aggregation: stddev, field: amount, window: 7d}
                  - {name: mean_30d, aggregation: mean, field: amount, window: 30d}
                  - {name: ratio_30d, aggregation: ratio_to_mean, field: amount, window: 30d}
                  - {name: z_30d, aggregation: zscore, field: amount, window: 30d}
                  - {name: min_30d, aggregation: min, field: amount, window: 30d}
                  - {name: distinct_merchants_24h, aggregation: distinct_count, field: merchantId, window: 24h}
                  - {name: new_merchant_30d, aggregation: first_seen, field: merchantId, window: 30d}
                  - {name: distinct_countries_7d, aggregation: distinct_count, field: country, window: 7d}
                  - {name: since_previous, aggregation: time_since_previous}
                  - {name: speed, aggregation: geo_velocity}
                  - {name: online_1h, aggregation: count, window: 1h, filter: {field: channel, equals: ONLINE}}
                  - {name: online_sum_24h, aggregation: sum, field: amount, window: 24h, filter: {field: channel, equals: ONLINE}}
                  - {name: risky_7d, aggregation: count, window: 7d, filter: {field: merchantCategory, in: ["7995", "4829", "6051"]}}
                  - {name: count_30d, aggregation: count, window: 30d}
            """;

    private static final int EVENTS = 200_000;
    private static final int CARDS = 10_000;

    private EntityFeatureEngine engine;
    private Event[] events;
    private Map<String, EntityState> states;
    private double[] out;
    private int next;

    @Setup
    public void setUp() throws Exception {
        FeatureSpec spec = FeatureSpecParser.parse(SPEC, "benchmark");
        engine = new EntityFeatureEngine(spec.entities().get(0), spec.layout());
        TransactionGenerator generator =
                new TransactionGenerator(
                        new GeneratorSettings(
                                1,
                                CARDS,
                                CARDS / 86_400.0 * 3,
                                0.02,
                                Instant.now().minus(Duration.ofDays(60))));
        EventReader reader =
                new EventReader(
                        spec,
                        WireFormat.AVRO,
                        new EntityKeyHasher("benchmark-secret-of-enough-bytes"),
                        Duration.ofDays(1));
        events = new Event[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            events[i] = reader.read(generator.next().transaction(), System.currentTimeMillis());
        }
        states = new HashMap<>();
        out = new double[engine.size()];
        // Warm state up with the first pass, so measured events see realistic histories.
        for (Event e : events) {
            process(e);
        }
        shiftForward();
    }

    private double process(Event e) {
        EntityState state = states.computeIfAbsent(engine.keyOf(e), k -> engine.newState());
        engine.compute(state, e, out, 0);
        engine.update(state, e);
        return out[0];
    }

    @Benchmark
    public double computeAndUpdate() {
        Event e = events[next];
        if (++next == EVENTS) {
            next = 0;
            shiftForward(); // the stream continues in time instead of repeating the past
        }
        return process(e);
    }

    private void shiftForward() {
        long span = events[EVENTS - 1].eventTime - events[0].eventTime + 1;
        for (Event e : events) {
            e.eventTime += span;
        }
    }
}
