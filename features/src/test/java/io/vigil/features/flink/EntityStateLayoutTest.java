package io.vigil.features.flink;

import static io.vigil.features.testutils.CardEvents.DAY;
import static io.vigil.features.testutils.CardEvents.HOUR;
import static io.vigil.features.testutils.CardEvents.LAYOUT;
import static io.vigil.features.testutils.CardEvents.MINUTE;
import static io.vigil.features.testutils.CardEvents.T0;
import static io.vigil.features.testutils.CardEvents.event;
import static io.vigil.features.testutils.CardEvents.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.features.engine.EnrichedEvent;
import io.vigil.features.engine.EntityDelta;
import io.vigil.features.engine.EntityFeatureEngine;
import io.vigil.features.engine.EntityState;
import io.vigil.features.events.Event;
import io.vigil.features.serialization.EntityDeltaSerializer;
import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.FeatureOrder;
import io.vigil.features.spec.FeatureSpecParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@link StateLayout} computes the same features as the engine replayed in memory, on RocksDB
 * and on heap state (which hands out its stored objects: every event writes the whole state there):
 * whether an entity's whole state is written on every event or once every few with deltas in
 * between, with or without the heap cache, across a snapshot restored into another layout (the
 * whole value of earlier versions into deltas and back), and across a spec change with deltas
 * pending. Deltas are folded into the whole state as configured, and nothing is left once the
 * entity expires.
 */
class EntityStateLayoutTest {

    private static final String SPEC =
            """
            entities:
              - name: card
                key: cardNumber
                features:
                  - {name: count_1h, aggregation: count, window: 1h}
                  - {name: sum_24h, aggregation: sum, field: amount, window: 24h}
                  - {name: max_24h, aggregation: max, field: amount, window: 24h}
                  - {name: zscore_30d, aggregation: zscore, field: amount, window: 30d}
                  - {name: merchants_24h, aggregation: distinct_count, field: merchantId, window: 24h}
                  - {name: new_merchant_90d, aggregation: first_seen, field: merchantId, window: 90d}
                  - {name: since_previous, aggregation: time_since_previous}
                  - {name: speed, aggregation: geo_velocity}
                  - name: big_1h
                    aggregation: count
                    window: 1h
                    filter: {field: amount, ">": 100}
            """;

    private static final List<StateLayout> LAYOUTS =
            List.of(
                    StateLayout.WHOLE_VALUE,
                    new StateLayout(8, 0),
                    StateLayout.DEFAULT, // changes written at barriers
                    new StateLayout(3, 2), // a cache smaller than the entities: evictions
                    new StateLayout(8, 4, true)); // more changed entities than may wait

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyLayoutComputesTheFeaturesOfTheInMemoryReplay(boolean rocksDb) throws Exception {
        EntitySpec spec = spec(SPEC);
        List<Event> events = traffic(600, 7);
        List<double[]> expected = replay(spec, events);

        for (int l = 0; l < LAYOUTS.size(); l++) {
            StateLayout layout = LAYOUTS.get(l);
            // Restored into the next layout: state written by each restores into another, the
            // whole value of earlier versions included.
            StateLayout restoredAs = LAYOUTS.get((l + 1) % LAYOUTS.size());
            List<double[]> actual = new ArrayList<>();
            OperatorSubtaskState snapshot;
            try (var h = harness(spec, layout, null, rocksDb)) {
                for (int i = 0; i < 300; i++) {
                    Event e = events.get(i);
                    h.processElement(new StreamRecord<>(new EnrichedEvent(e, 10), e.eventTime));
                    if (i % 70 == 69) {
                        h.prepareSnapshotPreBarrier(i); // a checkpoint now and then
                    }
                }
                h.extractOutputValues().forEach(o -> actual.add(o.features));
                h.prepareSnapshotPreBarrier(1); // as Flink does before each snapshot
                snapshot = h.snapshot(1, 1);
            }
            try (var h = harness(spec, restoredAs, snapshot, rocksDb)) {
                for (Event e : events.subList(300, events.size())) {
                    h.processElement(new StreamRecord<>(new EnrichedEvent(e, 10), e.eventTime));
                }
                h.extractOutputValues().forEach(o -> actual.add(o.features));
                h.processWatermark(new Watermark(Long.MAX_VALUE - 1));
                assertThat(keys(h, EntityStage.STATE) + keys(h, EntityStage.DELTAS))
                        .as("%s: all expired", restoredAs)
                        .isZero();
                assertThat(h.numEventTimeTimers()).isZero();
            }
            assertThat(actual).as("%s", layout).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(i))
                        .as("%s, event %d", layout, i)
                        .containsExactly(expected.get(i));
            }
        }
    }

    @Test
    void theWholeStateIsWrittenOnceEveryFoldAndDeltasAreAppendedInBetween() throws Exception {
        EntitySpec spec = spec(SPEC);
        try (var h = harness(spec, new StateLayout(4, 0), null, true)) {
            h.processElement(record("t1", T0));
            assertThat(keys(h, EntityStage.STATE)).as("a new entity").isEqualTo(1);
            assertThat(deltas(h, spec)).as("its whole state, no deltas").isZero();
            h.processElement(record("t2", T0 + MINUTE));
            h.processElement(record("t3", T0 + 2 * MINUTE));
            h.processElement(record("t4", T0 + 3 * MINUTE));
            assertThat(deltas(h, spec)).as("three events appended").isEqualTo(3);
            h.processElement(record("t5", T0 + 4 * MINUTE));
            assertThat(deltas(h, spec))
                    .as("the fourth since the whole state folded them into it")
                    .isZero();
            h.processElement(record("t6", T0 + 5 * MINUTE));
            assertThat(deltas(h, spec)).isEqualTo(1);
            assertThat(h.extractOutputValues().get(5).features[1])
                    .as("count_1h of t6 sees t1-t5, folded and appended")
                    .isEqualTo(5);
        }
    }

    @Test
    void cachedEntitiesAreNotReadFromRocksDb() throws Exception {
        EntitySpec spec = spec(SPEC);
        for (StateLayout layout : List.of(StateLayout.DEFAULT, StateLayout.WHOLE_VALUE)) {
            InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
            try (MockEnvironment environment =
                            EntityFeaturesFunctionTest.environmentReportingTo(metrics);
                    var h =
                            new KeyedOneInputStreamOperatorTestHarness<>(
                                    new EntityStageOperator(
                                            new EntityFeaturesFunction(
                                                    spec, LAYOUT, 1, FeatureOrder.ARRIVAL, layout)),
                                    EntityStage.keyOf(spec, LAYOUT),
                                    Types.STRING,
                                    environment)) {
                h.setStateBackend(new EmbeddedRocksDBStateBackend());
                h.open();
                for (int i = 0; i < 5; i++) {
                    h.processElement(record("t" + i, T0 + i * MINUTE));
                }
                Counter reads = (Counter) metrics.get(EntityStage.STATE_READS);
                assertThat(reads.getCount())
                        .as("%s: reads of card-1's state", layout)
                        .isEqualTo(layout.cacheEntries() > 0 ? 1 : 5);
            }
        }
    }

    /** Deltas written under one spec, restored under another: what still applies is applied. */
    @Test
    void pendingDeltasCarryOverASpecChange() throws Exception {
        EntitySpec before = spec(SPEC);
        EntitySpec after =
                spec(
                        """
                        entities:
                          - name: card
                            key: cardNumber
                            features:
                              - {name: sum_24h, aggregation: sum, field: amount, window: 24h}
                              - {name: sum_7d, aggregation: sum, field: amount, window: 7d}
                        """);
        OperatorSubtaskState snapshot;
        try (var h = harness(before, new StateLayout(8, 0), null, true)) {
            for (int i = 0; i < 4; i++) {
                h.processElement(record("t" + i, T0 + i * MINUTE));
            }
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(after, new StateLayout(8, 0), snapshot, true)) {
            h.processElement(record("t4", T0 + 4 * MINUTE));
            assertThat(Arrays.copyOf(h.extractOutputValues().get(0).features, 3))
                    .as(
                            "the 24 h sum kept all four events, three of them from deltas;"
                                    + " the new 7 d sum starts empty")
                    .containsExactly(0, 40, 0);
        }
    }

    @Test
    void aCachedEntitysEventsWriteNothingUntilTheBarrierWritesItsWholeStateOnce() throws Exception {
        EntitySpec spec = spec(SPEC);
        try (var h = harness(spec, new StateLayout(4, 10, true), null, true)) {
            Event first = event("t0", "card-0", T0, 10, "m-0");
            h.processElement(new StreamRecord<>(new EnrichedEvent(first, 10), T0));
            assertThat(keys(h, EntityStage.STATE)).as("the first entity, written at once").isOne();
            for (int i = 1; i <= 6; i++) {
                h.processElement(record("t" + i, T0 + i * MINUTE));
            }
            assertThat(keys(h, EntityStage.STATE)).as("card-1 waits for the barrier").isOne();
            assertThat(deltas(h, spec)).as("no delta either").isZero();

            h.prepareSnapshotPreBarrier(1);
            assertThat(keys(h, EntityStage.STATE)).as("written at the barrier").isEqualTo(2);
            assertThat(deltas(h, spec)).isZero();
            OperatorSubtaskState snapshot = h.snapshot(1, 1);

            try (var restored = harness(spec, StateLayout.WHOLE_VALUE, snapshot, true)) {
                restored.processElement(record("t7", T0 + 7 * MINUTE));
                assertThat(restored.extractOutputValues().get(0).features[1])
                        .as("count_1h after the restore: the six events before it")
                        .isEqualTo(6);
            }
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, EnrichedEvent>
            harness(
                    EntitySpec spec,
                    StateLayout layout,
                    OperatorSubtaskState restore,
                    boolean rocksDb)
                    throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new EntityStageOperator(
                                new EntityFeaturesFunction(
                                        spec, LAYOUT, 1, FeatureOrder.ARRIVAL, layout)),
                        EntityStage.keyOf(spec, LAYOUT),
                        Types.STRING);
        if (rocksDb) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    private static KeyedStateBackend<String> backend(
            KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, EnrichedEvent> h) {
        return ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
    }

    /** Keys with a value in state {@code name}. */
    private static long keys(
            KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, EnrichedEvent> h,
            String name) {
        try (Stream<String> keys = backend(h).getKeys(name, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    /** Deltas held for card-1. */
    private static int deltas(
            KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, EnrichedEvent> h,
            EntitySpec spec)
            throws Exception {
        EntityFeatureEngine engine = new EntityFeatureEngine(spec, LAYOUT);
        backend(h).setCurrentKey("card-1");
        ListState<EntityDelta> list =
                backend(h)
                        .getPartitionedState(
                                VoidNamespace.INSTANCE,
                                VoidNamespaceSerializer.INSTANCE,
                                new ListStateDescriptor<>(
                                        EntityStage.DELTAS,
                                        new EntityDeltaSerializer(
                                                engine.groupKeys(), engine.distinctKeys())));
        int count = 0;
        Iterable<EntityDelta> held = list.get();
        if (held != null) {
            for (EntityDelta ignored : held) {
                count++;
            }
        }
        return count;
    }

    private static StreamRecord<EnrichedEvent> record(String id, long time) {
        Event e = event(id, "card-1", time, 10, "m-" + id);
        return new StreamRecord<>(new EnrichedEvent(e, 10), time);
    }

    /**
     * Payments of 20 cards over 40 days, a few out of order, at 30 merchants, some far away, some
     * large: every kind of feature of {@link #SPEC} moves.
     */
    private static List<Event> traffic(int count, long seed) {
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>();
        long time = T0;
        for (int i = 0; i < count; i++) {
            time += (long) (random.nextDouble() * 2 * HOUR);
            long at = random.nextInt(10) == 0 ? time - random.nextInt((int) DAY) : time;
            Event e =
                    event(
                            "t" + i,
                            "card-" + random.nextInt(20),
                            at,
                            random.nextInt(8) == 0 ? 500 : 5 + random.nextInt(60),
                            "m-" + random.nextInt(30),
                            40 + random.nextDouble() * 10,
                            random.nextDouble() * 10);
            set(e, "deviceId", "d");
            events.add(e);
        }
        return events;
    }

    /** The features of every event by the engine alone, one state per card in memory. */
    private static List<double[]> replay(EntitySpec spec, List<Event> events) {
        EntityFeatureEngine engine = new EntityFeatureEngine(spec, LAYOUT);
        Map<String, EntityState> states = new HashMap<>();
        List<double[]> out = new ArrayList<>();
        for (Event e : events) {
            EntityState s = states.computeIfAbsent(engine.keyOf(e), k -> engine.newState());
            double[] features = new double[10];
            engine.compute(s, e, features, 1);
            engine.update(s, e);
            out.add(features);
        }
        return out;
    }

    private static EntitySpec spec(String yaml) throws Exception {
        return FeatureSpecParser.parse(yaml, "layout-test.yaml").entities().get(0);
    }
}
