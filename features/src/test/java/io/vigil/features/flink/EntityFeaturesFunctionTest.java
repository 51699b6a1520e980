package io.vigil.features.flink;

import static io.vigil.features.testutils.CardEvents.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.features.engine.EnrichedEvent;
import io.vigil.features.engine.EntityFeatureEngine;
import io.vigil.features.engine.EntityState;
import io.vigil.features.events.Event;
import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.FeatureOrder;
import io.vigil.features.spec.FeatureSpecParser;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class EntityFeaturesFunctionTest {

    private static final String SPEC =
            """
            entities:
              - name: device
                key: deviceId
                features:
                  - {name: device_count_1h, aggregation: count, window: 1h}
                  - {name: device_accounts_24h, aggregation: distinct_count, field: accountId, window: 24h}
            """;

    private static EntitySpec device() throws Exception {
        return FeatureSpecParser.parse(SPEC, "s.yaml").entities().get(0);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, EnrichedEvent>
            harness(EntitySpec spec) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new EntityFeaturesFunction(spec, LAYOUT, 1)),
                        EntityStage.keyOf(spec, LAYOUT),
                        Types.STRING);
        h.open();
        return h;
    }

    private static StreamRecord<EnrichedEvent> record(
            String id, String device, String account, long time) {
        Event e = event(id, "card-" + account, time, 10, "m");
        set(e, "deviceId", device);
        set(e, "accountId", account);
        return new StreamRecord<>(new EnrichedEvent(e, 3), time);
    }

    @Test
    void fillsItsSliceFromPerEntityStateAndCleansUp() throws Exception {
        try (var h = harness(device())) {
            h.processElement(record("t1", "dev-1", "a1", T0));
            h.processElement(record("t2", "dev-1", "a2", T0 + MINUTE));
            h.processElement(record("t3", "dev-2", "a3", T0 + 2 * MINUTE));
            h.processElement(record("t4", "dev-1", "a3", T0 + 3 * MINUTE));

            List<EnrichedEvent> out = h.extractOutputValues();
            assertThat(out.get(3).features)
                    .as("slot 0 untouched, then this entity's two features")
                    .containsExactly(0, 2, 2);
            assertThat(out.get(2).features).containsExactly(0, 0, 0);
            assertThat(h.numKeyedStateEntries())
                    .as("one value per device, its expiry inside (heap state: no deltas)")
                    .isEqualTo(2);

            h.processWatermark(new Watermark(T0 + 2 * DAY));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void anActiveEntityKeepsItsStateAndOneTimerUntilItsLatestEventLeavesTheLongestWindow()
            throws Exception {
        try (var h = harness(device())) {
            h.processElement(record("t1", "dev-1", "a1", T0));
            h.processElement(
                    record("t2", "dev-1", "a2", T0 + 20 * HOUR)); // before the first event's expiry
            assertThat(h.numEventTimeTimers())
                    .as("later events set no timer of their own")
                    .isEqualTo(1);

            h.processWatermark(
                    new Watermark(T0 + 26 * HOUR)); // past t1's expiry, inside t2's window
            assertThat(h.numKeyedStateEntries()).as("still active: kept").isEqualTo(1);
            assertThat(h.numEventTimeTimers()).as("the timer moved to t2's expiry").isEqualTo(1);
            h.processElement(record("t3", "dev-1", "a3", T0 + 27 * HOUR));
            assertThat(h.extractOutputValues().get(2).features)
                    .as("t2 still counted over 24 h")
                    .containsExactly(0, 0, 1);

            h.processWatermark(new Watermark(T0 + 3 * DAY));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void inEventTimeOrderEventsWaitForTheWatermarkAndApplyInTimeOrder() throws Exception {
        EntitySpec spec = device();
        InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
        try (MockEnvironment environment = environmentReportingTo(metrics);
                var h =
                        new KeyedOneInputStreamOperatorTestHarness<>(
                                new KeyedProcessOperator<>(
                                        new EntityFeaturesFunction(
                                                spec,
                                                LAYOUT,
                                                1,
                                                FeatureOrder.EVENT_TIME,
                                                StateLayout.DEFAULT)),
                                EntityStage.keyOf(spec, LAYOUT),
                                Types.STRING,
                                environment)) {
            h.open();
            Gauge<?> waiting = (Gauge<?>) metrics.get(EntityStage.ORDERING_BUFFER);
            h.processElement(record("t3", "dev-1", "a3", T0 + 2 * MINUTE));
            h.processElement(record("t1", "dev-1", "a1", T0));
            h.processElement(record("t2b", "dev-1", "a2", T0 + MINUTE));
            h.processElement(record("t2a", "dev-1", "a4", T0 + MINUTE));
            assertThat(h.extractOutputValues()).as("nothing before the watermark").isEmpty();
            assertThat(waiting.getValue()).as("events waiting").isEqualTo(4L);

            h.processWatermark(new Watermark(T0 + MINUTE));
            assertThat(waiting.getValue()).as("t3 still waiting").isEqualTo(1L);
            h.processElement(
                    record(
                            "t0",
                            "dev-1",
                            "a5",
                            T0 - MINUTE)); // behind the watermark: applied at once
            h.processWatermark(new Watermark(T0 + 2 * MINUTE));
            assertThat(waiting.getValue()).as("none waiting").isEqualTo(0L);

            List<EnrichedEvent> out = h.extractOutputValues();
            assertThat(out)
                    .extracting(e -> e.event.id)
                    .containsExactly("t1", "t2a", "t2b", "t0", "t3");
            assertThat(out.get(0).features).containsExactly(0, 0, 0);
            assertThat(out.get(1).features).as("t1 only").containsExactly(0, 1, 1);
            assertThat(out.get(2).features)
                    .as("t1 and t2a of the same instant, in transaction-id order")
                    .containsExactly(0, 2, 2);
            assertThat(out.get(3).features)
                    .as("late: sees no event after it")
                    .containsExactly(0, 0, 0);
            assertThat(out.get(4).features)
                    .as("all four before it, four accounts")
                    .containsExactly(0, 4, 4);
            assertThat(out)
                    .extracting(e -> e.event.eventTime)
                    .as("emitted at their own time")
                    .containsExactly(T0, T0 + MINUTE, T0 + MINUTE, T0 - MINUTE, T0 + 2 * MINUTE);

            h.processWatermark(new Watermark(T0 + 2 * DAY));
            assertThat(h.numKeyedStateEntries()).as("pending and entity state gone").isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /** A task environment whose operator metrics land in {@code metrics}. */
    static MockEnvironment environmentReportingTo(InterceptingOperatorMetricGroup metrics) {
        return new MockEnvironmentBuilder()
                .setMetricGroup(
                        new UnregisteredMetricGroups.UnregisteredTaskMetricGroup() {
                            @Override
                            public InternalOperatorMetricGroup getOrAddOperator(
                                    OperatorID id, String name, Map<String, String> variables) {
                                return metrics;
                            }
                        })
                .build();
    }

    @Test
    void eventsWithoutAKeyGetEmptyHistoryAndNoState() throws Exception {
        try (var h = harness(device())) {
            h.processElement(record("t1", null, "a1", T0));
            h.processElement(record("t2", null, "a2", T0 + MINUTE));

            assertThat(h.extractOutputValues())
                    .allSatisfy(e -> assertThat(e.features).containsExactly(0, 0, 0));
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void stateSurvivesSnapshotAndRestore() throws Exception {
        EntitySpec spec = device();
        OperatorSubtaskState snapshot;
        try (var h = harness(spec)) {
            h.processElement(record("t1", "dev-1", "a1", T0));
            snapshot = h.snapshot(1, 1);
        }
        var restored =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new EntityFeaturesFunction(spec, LAYOUT, 1)),
                        EntityStage.keyOf(spec, LAYOUT),
                        Types.STRING);
        restored.initializeState(snapshot);
        restored.open();
        restored.processElement(record("t2", "dev-1", "a2", T0 + MINUTE));

        assertThat(restored.extractOutputValues().get(0).features).containsExactly(0, 1, 1);
        restored.close();
    }

    /**
     * The spec changes across a savepoint: a feature is added (a new window: starts empty), one is
     * removed (its state is dropped), and one that stays keeps its history.
     */
    @Test
    void aChangedSpecKeepsWhatStillAppliesAfterRestore() throws Exception {
        EntitySpec before = device();
        EntitySpec after =
                FeatureSpecParser.parse(
                                """
                                entities:
                                  - name: device
                                    key: deviceId
                                    features:
                                      - {name: device_count_1h, aggregation: count, window: 1h}
                                      - {name: device_amount_7d, aggregation: sum, field: amount, window: 7d}
                                """,
                                "s2.yaml")
                        .entities()
                        .get(0);
        OperatorSubtaskState snapshot;
        try (var h = harness(before)) {
            h.processElement(record("t1", "dev-1", "a1", T0));
            h.processElement(record("t2", "dev-1", "a2", T0 + MINUTE));
            snapshot = h.snapshot(1, 1);
        }
        var restored =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new EntityFeaturesFunction(after, LAYOUT, 1)),
                        EntityStage.keyOf(after, LAYOUT),
                        Types.STRING);
        restored.initializeState(snapshot);
        restored.open();
        restored.processElement(record("t3", "dev-1", "a3", T0 + 2 * MINUTE));
        restored.processElement(record("t4", "dev-1", "a4", T0 + 3 * MINUTE));

        List<EnrichedEvent> out = restored.extractOutputValues();
        assertThat(out.get(0).features)
                .as("count kept its history; the new sum starts empty")
                .containsExactly(0, 2, 0);
        assertThat(out.get(1).features)
                .as("the new sum counts from the restore on")
                .containsExactly(0, 3, 10);
        restored.close();
    }

    @Test
    void adaptingKeepsMatchingWindowsAndDescribesTheChange() throws Exception {
        EntityFeatureEngine old = new EntityFeatureEngine(device(), LAYOUT);
        EntityState state = old.newState();
        old.update(state, record("t1", "dev-1", "a1", T0).getValue().event);
        EntityFeatureEngine changed =
                new EntityFeatureEngine(
                        FeatureSpecParser.parse(
                                        """
                                        entities:
                                          - name: device
                                            key: deviceId
                                            features:
                                              - {name: device_count_1h, aggregation: count, window: 1h}
                                        """,
                                        "s3.yaml")
                                .entities()
                                .get(0),
                        LAYOUT);

        EntityState adapted = changed.adapt(state);

        assertThat(changed.adapt(adapted)).isSameAs(adapted);
        assertThat(changed.describeChange(state))
                .contains("windows kept [3600000|null|null]")
                .contains("dropped [86400000|null|accountId]");
    }
}
