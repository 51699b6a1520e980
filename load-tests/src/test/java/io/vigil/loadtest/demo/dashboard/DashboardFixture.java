package io.vigil.loadtest.demo.dashboard;

import io.vigil.modelops.monitoring.LabelledOutcome;
import io.vigil.modelops.monitoring.SegmentAccumulator;
import io.vigil.modelops.monitoring.SegmentReport;
import io.vigil.modelops.monitoring.SegmentRules;
import io.vigil.schemas.DistributionDrift;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import io.vigil.schemas.PerformanceStats;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A dashboard state as a drift demo leaves it: ticks, a drifted window, a performance window,
 * decisions by segment (one value an attacker chose: markup), a promotion with its reason.
 */
final class DashboardFixture {

    static final String HOSTILE = "<img src=x onerror=\"document.title='owned'\">";
    static final Instant WINDOW = Instant.parse("2026-12-05T12:00:00Z");

    private DashboardFixture() {}

    static DashboardState state() {
        DashboardState state = new DashboardState("fraud-lr, drift scenario");
        for (int i = 1; i <= 5; i++) {
            state.tick(
                    new DashboardState.Tick(
                            System.currentTimeMillis(),
                            1000L * i,
                            990L * i,
                            245 + i,
                            850,
                            1320,
                            3,
                            41,
                            7,
                            12,
                            "fraud-lr:1",
                            "RUNNING"));
        }
        state.drift(drift());
        state.performance(performance());
        state.segments(segments());
        state.registry(promotion());
        return state;
    }

    private static DriftStats drift() {
        return DriftStats.newBuilder()
                .setModelName("fraud-lr")
                .setModelVersion("1")
                .setWindowStart(WINDOW)
                .setWindowEnd(WINDOW.plusSeconds(43_200))
                .setPredictions(400)
                .setFlagged(4)
                .setPositiveRate(0.01)
                .setMeanScore(0.05)
                .setScore(drift(0.04))
                .setFeatures(Map.of("amount_zscore_30d", drift(0.558), "amount", drift(0.02)))
                .setMaxFeaturePsi(0.558)
                .setMostDriftedFeature("amount_zscore_30d")
                .setComputedAt(Instant.now())
                .build();
    }

    private static DistributionDrift drift(double psi) {
        return DistributionDrift.newBuilder()
                .setPsi(psi)
                .setKs(psi / 2)
                .setJs(psi / 4)
                .setMissingRate(0)
                .setOutOfRangeRate(0)
                .build();
    }

    private static PerformanceStats performance() {
        return PerformanceStats.newBuilder()
                .setModelName("fraud-lr")
                .setModelVersion("1")
                .setWindowStart(WINDOW)
                .setWindowEnd(WINDOW.plusSeconds(43_200))
                .setLabelled(412)
                .setFrauds(14)
                .setUnlabelled(0)
                .setUnmatchedLabels(0)
                .setAuc(0.6432)
                .setPrecision(0.5)
                .setRecall(0.21)
                .setCalibrationError(0.02)
                .setFraudAmountCaught(701)
                .setFraudAmountMissed(302)
                .setComputedAt(Instant.now())
                .build();
    }

    private static io.vigil.schemas.SegmentStats segments() {
        String[] names = {"country"};
        SegmentAccumulator window = new SegmentAccumulator();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 4000; i++) {
            LabelledOutcome o = new LabelledOutcome();
            o.kind = LabelledOutcome.Kind.LABELLED;
            o.fraud = i % 20 == 0;
            o.score = (o.fraud ? 0.4 : 0) + random.nextDouble() * 0.6;
            o.threshold = 0.5;
            o.segments = new String[] {i % 2 == 0 ? "FR" : HOSTILE};
            window.add(names, o);
        }
        return new SegmentReport(SegmentRules.DEFAULTS, names)
                .of(
                        window,
                        "fraud-lr",
                        "1",
                        WINDOW.toEpochMilli(),
                        WINDOW.toEpochMilli() + 43_200_000,
                        0);
    }

    private static ModelEvent promotion() {
        return ModelEvent.newBuilder()
                .setEventId("e1")
                .setType(ModelEventType.ALIAS_MOVED)
                .setModelName("fraud-lr")
                .setVersion("2")
                .setAlias("champion")
                .setActivationTime(WINDOW)
                .setActor("retrainer")
                .setReason("promoted fraud-lr:2 to champion: wins on 1,204 live transactions")
                .setCreatedAt(Instant.parse("2026-11-29T19:00:00Z"))
                .build();
    }
}
