package io.vigil.modelops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.modelops.manifest.ReferenceProfile;
import io.vigil.schemas.Decision;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.PerformanceStats;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.RetrainRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetrainPolicyTest {

    private static final long WINDOW = Duration.ofMinutes(5).toMillis();
    private static final long T0 = 1_800_000_000_000L;
    private static final RetrainThresholds THRESHOLDS =
            new RetrainThresholds(0.25, 0.25, 0.8, 500, 200, 3, Duration.ofHours(6));

    /** Traffic like the training data: amount ~ lognormal, score ~ uniform below 0.4. */
    private static final class Traffic {
        private final SplittableRandom random;
        private final double amountScale;

        Traffic(long seed, double amountScale) {
            this.random = new SplittableRandom(seed);
            this.amountScale = amountScale;
        }

        double amount() {
            return Math.exp(random.nextGaussian() * 0.8 + 3.5) * amountScale;
        }

        double score() {
            return random.nextDouble() * 0.4;
        }
    }

    private static final ReferenceProfile PROFILE = profile();

    private static ReferenceProfile profile() {
        Traffic training = new Traffic(1, 1);
        List<double[]> vectors = new ArrayList<>();
        double[] scores = new double[20_000];
        for (int i = 0; i < scores.length; i++) {
            vectors.add(new double[] {training.amount()});
            scores[i] = training.score();
        }
        return ReferenceProfile.of(List.of("amount"), vectors, scores);
    }

    /** One window's drift stats of {@code n} predictions of version {@code version}. */
    private static DriftStats window(Traffic traffic, String version, int index, int n) {
        DriftAccumulator a = DriftAccumulator.forProfile(PROFILE);
        for (int i = 0; i < n; i++) {
            double score = traffic.score();
            a.add(
                    PROFILE,
                    Prediction.newBuilder()
                            .setTransactionId("t")
                            .setEntityKey("k")
                            .setEventTime(Instant.ofEpochMilli(T0))
                            .setModelName("fraud")
                            .setModelVersion(version)
                            .setScore(score)
                            .setDecision(Decision.ALLOW)
                            .setThreshold(0.5)
                            .setFeatures(Map.of("amount", traffic.amount()))
                            .setScoringLatencyMicros(1)
                            .setScoredAt(Instant.ofEpochMilli(T0))
                            .build());
        }
        long start = T0 + index * WINDOW;
        return a.toStats(PROFILE, "fraud", version, start, start + WINDOW, 0);
    }

    private static PerformanceStats performance(
            String version, int index, long labelled, double auc) {
        long start = T0 + index * WINDOW;
        return PerformanceStats.newBuilder()
                .setModelName("fraud")
                .setModelVersion(version)
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + WINDOW))
                .setLabelled(labelled)
                .setFrauds(labelled / 10)
                .setUnlabelled(0)
                .setAuc(auc)
                .setFraudAmountCaught(0)
                .setFraudAmountMissed(0)
                .setComputedAt(Instant.EPOCH)
                .build();
    }

    @Test
    void aLongStationaryStreamRaisesNothing() {
        RetrainPolicy policy = new RetrainPolicy(THRESHOLDS);
        PolicyState state = new PolicyState();
        Traffic traffic = new Traffic(2, 1);
        SplittableRandom random = new SplittableRandom(3);
        List<RetrainRequest> requests = new ArrayList<>();
        for (int w = 0; w < 2000; w++) { // about a week of 5-minute windows
            add(
                    requests,
                    policy.onDrift(state, window(traffic, "1", w, 600 + random.nextInt(400)), 0));
            add(
                    requests,
                    policy.onPerformance(
                            state,
                            performance("1", w, 300, 0.86 + random.nextGaussian() * 0.02),
                            0));
        }
        assertThat(requests).isEmpty();
    }

    @Test
    void aPersistentShiftRaisesExactlyOneRequestWithItsEvidence() {
        RetrainPolicy policy = new RetrainPolicy(THRESHOLDS);
        PolicyState state = new PolicyState();
        List<RetrainRequest> requests = new ArrayList<>();
        Traffic normal = new Traffic(4, 1);
        Traffic shifted = new Traffic(5, 4); // amounts four times larger
        for (int w = 0; w < 50; w++) {
            add(requests, policy.onDrift(state, window(normal, "1", w, 800), 0));
        }
        add(requests, policy.onDrift(state, window(shifted, "1", 50, 800), 0));
        add(
                requests,
                policy.onDrift(
                        state,
                        window(shifted, "1", 51, 100),
                        0)); // too small: neither counts nor breaks the run
        for (int w = 52; w < 120; w++) { // 68 windows < the 72 of the 6 h cool-down
            add(requests, policy.onDrift(state, window(shifted, "1", w, 800), 0));
        }

        assertThat(requests)
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.getTrigger()).isEqualTo(RetrainPolicy.DRIFT);
                            assertThat(r.getModelVersion()).isEqualTo("1");
                            assertThat(r.getEvidence())
                                    .hasSize(3)
                                    .allSatisfy(
                                            e ->
                                                    assertThat(e.getMetric())
                                                            .isEqualTo("featurePsi:amount"));
                            assertThat(r.getEvidence().get(0).getWindowStart())
                                    .isEqualTo(Instant.ofEpochMilli(T0 + 50 * WINDOW));
                            assertThat(r.getWindowEnd())
                                    .isEqualTo(Instant.ofEpochMilli(T0 + 54 * WINDOW));
                            assertThat(r.getReason())
                                    .contains("featurePsi:amount of fraud:1")
                                    .contains("3 windows in a row");
                        });
    }

    @Test
    void afterTheCoolDownAStillDegradedModelIsAskedForAgain() {
        RetrainThresholds quick =
                new RetrainThresholds(0.25, 0.25, 0.8, 500, 200, 2, Duration.ofMinutes(30));
        RetrainPolicy policy = new RetrainPolicy(quick);
        PolicyState state = new PolicyState();
        List<RetrainRequest> requests = new ArrayList<>();
        for (int w = 0; w < 20; w++) {
            add(
                    requests,
                    policy.onPerformance(state, performance(w < 10 ? "1" : "2", w, 400, 0.7), 0));
        }
        assertThat(requests)
                .extracting(RetrainRequest::getTrigger)
                .containsOnly(RetrainPolicy.PERFORMANCE);
        assertThat(requests)
                .extracting(r -> r.getWindowEnd().toEpochMilli())
                .as("after window 2, then every 6 windows (30 min)")
                .containsExactly(
                        T0 + 2 * WINDOW, T0 + 8 * WINDOW, T0 + 14 * WINDOW, T0 + 20 * WINDOW);
        assertThat(requests.get(2).getModelVersion()).isEqualTo("2");
    }

    private static void add(List<RetrainRequest> requests, RetrainRequest request) {
        if (request != null) {
            requests.add(request);
        }
    }
}
