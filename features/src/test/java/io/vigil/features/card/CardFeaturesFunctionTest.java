package io.vigil.features.card;

import static io.vigil.features.testutils.CardEvents.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.features.CardEvent;
import io.vigil.features.FeaturizedEvent;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CardFeaturesFunctionTest {

    private KeyedOneInputStreamOperatorTestHarness<String, CardEvent, FeaturizedEvent> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, CardEvent, FeaturizedEvent> newHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CardFeaturesFunction()), e -> e.entityKey, Types.STRING);
    }

    private void send(CardEvent event) throws Exception {
        harness.processElement(new StreamRecord<>(event, event.eventTime));
    }

    private List<FeaturizedEvent> outputs() {
        return harness.extractOutputValues();
    }

    @Test
    void emitsOneFeatureVectorPerEventWithPerCardHistory() throws Exception {
        send(event("a1", "card-a", T0, 10, "m1"));
        send(event("b1", "card-b", T0 + MINUTE, 99, "m1"));
        send(event("a2", "card-a", T0 + 2 * MINUTE, 20, "m2"));

        List<FeaturizedEvent> out = outputs();
        assertThat(out).extracting(e -> e.transactionId).containsExactly("a1", "b1", "a2");
        FeaturizedEvent a2 = out.get(2);
        assertThat(a2.entityKey).isEqualTo("card-a");
        assertThat(a2.features[CardFeatureSchema.COUNT_1H]).as("card b does not leak into card a").isEqualTo(1);
        assertThat(a2.features[CardFeatureSchema.SUM_AMOUNT_1H]).isEqualTo(10);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    }

    @Test
    void stateAndTimersGoBackToZeroOnceEveryWindowHasPassed() throws Exception {
        send(event("a1", "card-a", T0, 10, "m1"));
        send(event("a2", "card-a", T0 + HOUR, 10, "m1"));
        send(event("b1", "card-b", T0 + 3 * DAY, 10, "m1"));
        assertThat(harness.numEventTimeTimers()).as("one cleanup timer per card").isEqualTo(2);

        harness.processWatermark(new Watermark(CardFeatureCalculator.expiryOf(T0 + HOUR)));
        assertThat(harness.numKeyedStateEntries()).as("card a expired, card b kept").isEqualTo(1);

        harness.processWatermark(new Watermark(CardFeatureCalculator.expiryOf(T0 + 3 * DAY)));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void newEventsPostponeCleanup() throws Exception {
        send(event("a1", "card-a", T0, 10, "m1"));
        send(event("a2", "card-a", T0 + 10 * DAY, 10, "m1"));

        harness.processWatermark(new Watermark(CardFeatureCalculator.expiryOf(T0)));

        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void historySurvivesSnapshotAndRestore() throws Exception {
        send(event("a1", "card-a", T0, 10, "m1"));
        send(event("a2", "card-a", T0 + MINUTE, 30, "m2"));
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        send(event("a3", "card-a", T0 + 2 * MINUTE, 5, "m3"));

        FeaturizedEvent a3 = outputs().get(0);
        assertThat(a3.features[CardFeatureSchema.COUNT_1H]).isEqualTo(2);
        assertThat(a3.features[CardFeatureSchema.SUM_AMOUNT_1H]).isEqualTo(40);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void matchesTheCalculatorRunOffline() throws Exception {
        List<CardEvent> events = List.of(
                event("a1", "card-a", T0, 10, "m1", 52.0, 4.0),
                event("a2", "card-a", T0 + 5 * MINUTE, 700, "m9", 40.7, -74.0),
                event("a3", "card-a", T0 + 2 * HOUR, 12, "m1", 52.0, 4.0));
        for (CardEvent e : events) {
            send(e);
        }
        CardFeatureReplay offline = new CardFeatureReplay();
        List<double[]> expected = events.stream().map(offline::next).collect(Collectors.toList());

        assertThat(outputs()).extracting(e -> e.features).containsExactlyElementsOf(expected);
    }
}
