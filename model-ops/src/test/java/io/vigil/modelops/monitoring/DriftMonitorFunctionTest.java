package io.vigil.modelops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.modelops.manifest.ReferenceProfile;
import io.vigil.schemas.Decision;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.Prediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DriftMonitorFunctionTest {

    private static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % 300_000;
    private static final long WINDOW = 300_000;
    private static final ReferenceProfile PROFILE = profile();

    private static ReferenceProfile profile() {
        SplittableRandom random = new SplittableRandom(1);
        List<double[]> vectors = new ArrayList<>();
        double[] scores = new double[5000];
        for (int i = 0; i < scores.length; i++) {
            vectors.add(new double[] {random.nextDouble() * 100, random.nextInt(10) == 0 ? 1 : 0});
            scores[i] = random.nextDouble() * 0.3;
        }
        return ReferenceProfile.of(List.of("amount", "online"), vectors, scores);
    }

    /** A fixed catalog: version 1 has the profile, others none. */
    private static final class TestingProfiles implements ProfileCatalog {
        @Override
        public ReferenceProfile profileOf(String model, String version) {
            return version.equals("1") ? PROFILE : null;
        }
    }

    static Prediction prediction(String version, long time, double amount, double score) {
        return Prediction.newBuilder()
                .setTransactionId("t" + time)
                .setEntityKey("k")
                .setEventTime(Instant.ofEpochMilli(time))
                .setModelName("fraud")
                .setModelVersion(version)
                .setScore(score)
                .setDecision(score >= 0.5 ? Decision.FLAG : Decision.ALLOW)
                .setThreshold(0.5)
                .setFeatures(Map.of("amount", amount, "online", 0.0))
                .setScoringLatencyMicros(1)
                .setScoredAt(Instant.ofEpochMilli(time))
                .build();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Prediction, DriftStats> harness()
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new DriftMonitorFunction(WINDOW, new TestingProfiles())),
                        DriftMonitorFunction.byModelVersion(),
                        Types.STRING);
        h.open();
        return h;
    }

    @Test
    void emitsOneRecordPerVersionAndWindowWhenTheWatermarkPassesAndForgetsIt() throws Exception {
        try (var h = harness()) {
            for (int i = 0; i < 100; i++) {
                h.processElement(
                        new StreamRecord<>(
                                prediction("1", T0 + i * 1000, 50 + i % 40, i < 10 ? 0.9 : 0.1),
                                T0 + i * 1000));
            }
            h.processElement(new StreamRecord<>(prediction("2", T0 + 5, 10, 0.2), T0 + 5));
            h.processElement(
                    new StreamRecord<>(prediction("1", T0 + WINDOW + 1, 5, 0.1), T0 + WINDOW + 1));
            assertThat(h.extractOutputValues()).isEmpty();

            h.processWatermark(new Watermark(T0 + WINDOW - 1));
            List<DriftStats> closed = h.extractOutputValues();
            assertThat(closed).hasSize(2);
            DriftStats v1 =
                    closed.stream()
                            .filter(s -> s.getModelVersion().equals("1"))
                            .findFirst()
                            .orElseThrow();
            assertThat(v1.getPredictions()).isEqualTo(100);
            assertThat(v1.getFlagged()).isEqualTo(10);
            assertThat(v1.getPositiveRate()).isCloseTo(0.1, within(1e-9));
            assertThat(v1.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
            assertThat(v1.getFeatures()).containsOnlyKeys("amount", "online");
            assertThat(v1.getScore().getPsi())
                    .as("scores of 0.9 never seen in training")
                    .isGreaterThan(0.25);
            assertThat(v1.getScore().getOutOfRangeRate()).isCloseTo(0.1, within(1e-9));
            DriftStats v2 =
                    closed.stream()
                            .filter(s -> s.getModelVersion().equals("2"))
                            .findFirst()
                            .orElseThrow();
            assertThat(v2.getScore()).as("no profile: volume only").isNull();
            assertThat(v2.getFeatures()).isEmpty();

            h.processElement(
                    new StreamRecord<>(
                            prediction("1", T0 + 7, 5, 0.1), T0 + 7)); // its window has closed
            h.processWatermark(new Watermark(T0 + 2 * WINDOW));
            assertThat(h.extractOutputValues()).hasSize(3);
            assertThat(h.extractOutputValues().get(2).getPredictions())
                    .as("the late one is left out")
                    .isEqualTo(1);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void accumulatorsOfPartsMergeIntoTheWhole() {
        SplittableRandom random = new SplittableRandom(4);
        DriftAccumulator whole = DriftAccumulator.forProfile(PROFILE);
        DriftAccumulator a = DriftAccumulator.forProfile(PROFILE);
        DriftAccumulator b = DriftAccumulator.forProfile(PROFILE);
        for (int i = 0; i < 1000; i++) {
            Prediction p = prediction("1", T0 + i, random.nextDouble() * 150, random.nextDouble());
            whole.add(PROFILE, p);
            (i % 3 == 0 ? a : b).add(PROFILE, p);
        }
        a.merge(b);

        DriftStats merged = a.toStats(PROFILE, "fraud", "1", T0, T0 + WINDOW, 0);
        DriftStats direct = whole.toStats(PROFILE, "fraud", "1", T0, T0 + WINDOW, 0);
        assertThat(merged.getFeatures()).isEqualTo(direct.getFeatures());
        assertThat(merged.getScore()).isEqualTo(direct.getScore());
        assertThat(merged.getPredictions()).isEqualTo(1000);
        assertThat(merged.getFeatures().get("amount").getOutOfRangeRate())
                .as("amounts above 100 were never seen")
                .isGreaterThan(0.2);
    }
}
