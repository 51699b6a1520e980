package io.vigil.jobs.scoring;

import static io.vigil.features.testutils.CardEvents.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.features.engine.EnrichedEvent;
import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.features.flink.EntityStage;
import io.vigil.features.flink.StateLayout;
import io.vigil.features.spec.FeatureOrder;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecParser;
import io.vigil.modelops.registry.ModelEvents;
import io.vigil.modelops.serving.ModelServingOperator;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

class LastEntityStageOperatorTest {

    private static final String SPEC =
            """
            entities:
              - name: card
                key: cardNumber
                features:
                  - {name: card_count_1h, aggregation: count, window: 1h}
            """;

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, EnrichedEvent, ModelEvent, Either<FeaturizedEvent, ModelEvent>>
            harness() throws Exception {
        return harness(null);
    }

    /** On RocksDB, restored from {@code snapshot} unless null. */
    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, EnrichedEvent, ModelEvent, Either<FeaturizedEvent, ModelEvent>>
            harness(OperatorSubtaskState snapshot) throws Exception {
        FeatureSpec spec = FeatureSpecParser.parse(SPEC, "s.yaml");
        var operator =
                new LastEntityStageOperator(
                        new LastEntityStageFunction(
                                new EntityStage(
                                        spec.entities().get(0),
                                        spec.layout(),
                                        0,
                                        FeatureOrder.EVENT_TIME,
                                        StateLayout.DEFAULT),
                                new ToFeaturized(spec)));
        var h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        operator,
                        EntityStage.keyOf(spec.entities().get(0), spec.layout()),
                        null,
                        Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        h.setup(ModelServingOperator.INPUT.createSerializer(new SerializerConfigImpl()));
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        return h;
    }

    private static StreamRecord<EnrichedEvent> transaction(String id, long time) {
        return transaction(id, "card-1", time);
    }

    private static StreamRecord<EnrichedEvent> transaction(String id, String card, long time) {
        return new StreamRecord<>(new EnrichedEvent(event(id, card, time, 10, "m"), 1), time);
    }

    private static ModelEvent registryEvent() {
        return ModelEvents.base(ModelEventType.ALIAS_MOVED, "fraud", "test", Instant.EPOCH)
                .setVersion("1")
                .setAlias("champion")
                .build();
    }

    @Test
    void theTransactionsWatermarkAloneReleasesEventsAndMovesTime() throws Exception {
        try (var h = harness()) {
            h.processElement1(transaction("t2", T0 + MINUTE));
            h.processElement1(transaction("t1", T0));
            assertThat(h.extractOutputValues()).as("waiting for the watermark").isEmpty();

            // The registry's input never sends a watermark, as its source does not.
            h.processWatermark1(new Watermark(T0 + 2 * MINUTE));

            List<FeaturizedEvent> out = h.extractOutputValues().stream().map(Either::left).toList();
            assertThat(out).extracting(e -> e.transactionId).containsExactly("t1", "t2");
            assertThat(out).extracting(e -> e.features[0]).containsExactly(0.0, 1.0);
            assertThat(out).extracting(e -> e.entityKey).containsOnly("card-1");
            assertThat(h.getOutput())
                    .filteredOn(Watermark.class::isInstance)
                    .containsExactly(new Watermark(T0 + 2 * MINUTE));
        }
    }

    @Test
    void passesEveryRegistryEventOnToTheScoring() throws Exception {
        try (var h = harness()) {
            ModelEvent event = registryEvent();
            h.processElement2(new StreamRecord<>(event));
            h.processElement1(transaction("t1", T0));
            h.processWatermark1(new Watermark(T0));

            List<Either<FeaturizedEvent, ModelEvent>> out = h.extractOutputValues();
            assertThat(out).hasSize(2);
            assertThat(out.get(0).isRight()).isTrue();
            assertThat(out.get(0).right()).isEqualTo(event);
            assertThat(out.get(1).left().transactionId).isEqualTo("t1");
        }
    }

    @Test
    void writesTheStagesWaitingChangesBeforeTheBarrier() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.processElement1(transaction("t0", "card-0", T0)); // the first entity: written at once
            for (int i = 1; i <= 3; i++) {
                h.processElement1(transaction("t" + i, T0 + i * MINUTE)); // card-1 waits
            }
            h.processWatermark1(new Watermark(T0 + 3 * MINUTE));
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(snapshot)) {
            h.processElement1(transaction("t4", T0 + 4 * MINUTE));
            h.processWatermark1(new Watermark(T0 + 4 * MINUTE));
            assertThat(h.extractOutputValues().get(0).left().features[0])
                    .as("card-1's three events restored")
                    .isEqualTo(3.0);
        }
    }
}
