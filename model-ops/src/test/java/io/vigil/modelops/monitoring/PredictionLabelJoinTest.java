package io.vigil.modelops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.Prediction;
import io.vigil.schemas.TransactionLabel;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PredictionLabelJoinTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long HORIZON = 3_600_000;

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, Prediction, TransactionLabel, LabelledOutcome>
            harness() throws Exception {
        var h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(new PredictionLabelJoin(HORIZON)),
                        Prediction::getTransactionId,
                        TransactionLabel::getTransactionId,
                        Types.STRING);
        h.open();
        return h;
    }

    private static StreamRecord<Prediction> prediction(String id, long time, double score) {
        return new StreamRecord<>(
                Prediction.newBuilder(DriftMonitorFunctionTest.prediction("1", time, 80, score))
                        .setTransactionId(id)
                        .setAmount(80.0)
                        .build(),
                time);
    }

    private static StreamRecord<TransactionLabel> label(
            String id, long eventTime, long labelTime, boolean fraud) {
        return new StreamRecord<>(
                TransactionLabel.newBuilder()
                        .setTransactionId(id)
                        .setFraud(fraud)
                        .setFraudPattern(null)
                        .setEventTime(Instant.ofEpochMilli(eventTime))
                        .setLabelTime(Instant.ofEpochMilli(labelTime))
                        .build(),
                labelTime);
    }

    @Test
    void joinsInEitherOrderOnceAndCountsWhatNeverJoins() throws Exception {
        try (var h = harness()) {
            h.processElement1(prediction("a", T0, 0.9));
            h.processElement2(label("a", T0, T0 + 60_000, true)); // label after prediction
            h.processElement2(label("b", T0, T0 + 1000, false)); // label before prediction
            h.processElement1(prediction("b", T0, 0.2));
            h.processElement1(prediction("a", T0, 0.9)); // repeat: joined already
            h.processElement1(prediction("c", T0, 0.3)); // never labelled
            h.processWatermark1(new Watermark(T0 + HORIZON + 1));
            h.processWatermark2(new Watermark(T0 + HORIZON + 1));
            h.processElement2(label("c", T0, T0 + 2 * HORIZON, true)); // beyond the horizon
            h.processWatermark1(new Watermark(T0 + 4 * HORIZON));
            h.processWatermark2(new Watermark(T0 + 4 * HORIZON));

            List<LabelledOutcome> out = h.extractOutputValues();
            assertThat(out)
                    .extracting(o -> o.kind)
                    .containsExactly(
                            LabelledOutcome.Kind.LABELLED,
                            LabelledOutcome.Kind.LABELLED,
                            LabelledOutcome.Kind.UNLABELLED,
                            LabelledOutcome.Kind.UNMATCHED_LABEL);
            assertThat(out.get(0).fraud).isTrue();
            assertThat(out.get(0).maturedAt)
                    .as("matured when the label came")
                    .isEqualTo(T0 + 60_000);
            assertThat(out.get(0).amount).isEqualTo(80.0);
            assertThat(out.get(1).fraud).isFalse();
            assertThat(out.get(1).score).isEqualTo(0.2);
            assertThat(out.get(2).modelVersion).isEqualTo("1");
            assertThat(out.get(3).modelVersion).isEqualTo(LabelledOutcome.ANY);
            assertThat(h.numKeyedStateEntries()).as("nothing left after the horizons").isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aLabelThatStatesTheAmountAtStakeOverridesThePredictions() throws Exception {
        try (var h = harness()) {
            StreamRecord<TransactionLabel> disputed = label("a", T0, T0 + 1000, true);
            disputed.getValue().setAmount(35.0);
            h.processElement2(disputed); // before its prediction
            h.processElement1(prediction("a", T0, 0.9));
            h.processElement1(prediction("b", T0, 0.8));
            h.processElement2(label("b", T0, T0 + 1000, true)); // states none

            List<LabelledOutcome> out = h.extractOutputValues();
            assertThat(out).extracting(o -> o.amount).containsExactly(35.0, 80.0);
        }
    }

    @Test
    void aRawScoreKeepsItsRangeForThePerformanceBins() throws Exception {
        try (var h = harness()) {
            StreamRecord<Prediction> raw = prediction("a", T0, 12.5);
            raw.getValue().setScoreRange(List.of(-20.0, 20.0));
            h.processElement1(raw);
            h.processElement1(prediction("b", T0, 0.4));
            h.processElement2(label("a", T0, T0 + 1000, true));
            h.processElement2(label("b", T0, T0 + 1000, false));

            List<LabelledOutcome> out = h.extractOutputValues();
            assertThat(out).extracting(o -> o.score).containsExactly(12.5, 0.4);
            assertThat(out).extracting(o -> o.scoreMin).containsExactly(-20.0, 0.0);
            assertThat(out).extracting(o -> o.scoreMax).containsExactly(20.0, 1.0);
        }
    }
}
