package io.vigil.modelops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.schemas.PerformanceStats;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PerformanceAccumulatorTest {

    static LabelledOutcome labelled(double score, boolean fraud, double amount) {
        LabelledOutcome o = new LabelledOutcome();
        o.kind = LabelledOutcome.Kind.LABELLED;
        o.modelName = "fraud";
        o.modelVersion = "1";
        o.score = score;
        o.threshold = 0.5;
        o.fraud = fraud;
        o.amount = amount;
        return o;
    }

    @Test
    void aucMatchesTheExactPairCountAndTheConfusionMatrixIsAtTheThreshold() {
        SplittableRandom random = new SplittableRandom(2);
        PerformanceAccumulator a = new PerformanceAccumulator();
        List<LabelledOutcome> all = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            boolean fraud = random.nextInt(10) == 0;
            double score =
                    Math.min(1, Math.max(0, random.nextGaussian() * 0.2 + (fraud ? 0.65 : 0.3)));
            LabelledOutcome o = labelled(score, fraud, 100);
            all.add(o);
            a.add(o);
        }
        PerformanceStats stats = a.toStats("fraud", "1", 0, 60_000, 0);

        assertThat(stats.getAuc()).isCloseTo(exactAuc(all), within(1e-3));
        long tp = all.stream().filter(o -> o.fraud && o.score >= 0.5).count();
        long fp = all.stream().filter(o -> !o.fraud && o.score >= 0.5).count();
        long frauds = all.stream().filter(o -> o.fraud).count();
        assertThat(stats.getPrecision()).isCloseTo(tp / (double) (tp + fp), within(1e-12));
        assertThat(stats.getRecall()).isCloseTo(tp / (double) frauds, within(1e-12));
        assertThat(stats.getFraudAmountCaught()).isEqualTo(tp * 100.0);
        assertThat(stats.getFraudAmountMissed()).isEqualTo((frauds - tp) * 100.0);
        assertThat(stats.getLabelled()).isEqualTo(3000);
    }

    @Test
    void aRawScoreIsRankedWithinItsRangeAndHasNoCalibration() {
        SplittableRandom random = new SplittableRandom(4);
        PerformanceAccumulator raw = new PerformanceAccumulator();
        List<LabelledOutcome> all = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            boolean fraud = random.nextInt(8) == 0;
            // An anomaly score in [-50, 50], far outside [0, 1], threshold 10 in its units.
            double score =
                    Math.max(-50, Math.min(50, random.nextGaussian() * 15 + (fraud ? 20 : -5)));
            LabelledOutcome o = labelled(score, fraud, 1);
            o.threshold = 10;
            o.scoreMin = -50;
            o.scoreMax = 50;
            all.add(o);
            raw.add(o);
        }
        PerformanceStats stats = raw.toStats("m", "1", 0, 1, 0);

        assertThat(stats.getAuc()).isCloseTo(exactAuc(all), within(2e-3));
        long tp = all.stream().filter(o -> o.fraud && o.score >= 10).count();
        long frauds = all.stream().filter(o -> o.fraud).count();
        assertThat(stats.getRecall()).isCloseTo(tp / (double) frauds, within(1e-12));
        assertThat(stats.getCalibrationError()).as("a raw score is no probability").isNull();
    }

    @Test
    void calibrationErrorIsZeroForCalibratedScoresAndLargeForOverconfidentOnes() {
        PerformanceAccumulator calibrated = new PerformanceAccumulator();
        PerformanceAccumulator overconfident = new PerformanceAccumulator();
        for (int i = 0; i < 1000; i++) {
            calibrated.add(labelled(0.25, i % 4 == 0, 1)); // 25% of 0.25-scores are fraud
            overconfident.add(labelled(0.95, i % 10 == 0, 1)); // 10% of 0.95-scores are fraud
        }

        assertThat(calibrated.toStats("m", "1", 0, 1, 0).getCalibrationError())
                .isCloseTo(0, within(1e-9));
        assertThat(overconfident.toStats("m", "1", 0, 1, 0).getCalibrationError())
                .isCloseTo(0.85, within(1e-9));
    }

    @Test
    void oneClassOnlyLeavesAucNullAndOtherOutcomesAreCountedApart() {
        PerformanceAccumulator a = new PerformanceAccumulator();
        a.add(labelled(0.1, false, 5));
        LabelledOutcome expired = labelled(0.2, false, 5);
        expired.kind = LabelledOutcome.Kind.UNLABELLED;
        a.add(expired);
        PerformanceAccumulator b = new PerformanceAccumulator();
        LabelledOutcome unmatched = labelled(0, true, Double.NaN);
        unmatched.kind = LabelledOutcome.Kind.UNMATCHED_LABEL;
        b.add(unmatched);
        a.merge(b);

        PerformanceStats stats = a.toStats("m", "1", 0, 1, 0);
        assertThat(stats.getAuc()).isNull();
        assertThat(stats.getRecall()).isNull();
        assertThat(stats.getPrecision()).isNull();
        assertThat(stats.getLabelled()).isEqualTo(1);
        assertThat(stats.getUnlabelled()).isEqualTo(1);
        assertThat(stats.getUnmatchedLabels()).isEqualTo(1);
    }

    private static double exactAuc(List<LabelledOutcome> all) {
        double pairs = 0;
        long count = 0;
        for (LabelledOutcome f : all) {
            if (!f.fraud) {
                continue;
            }
            for (LabelledOutcome g : all) {
                if (!g.fraud) {
                    pairs += f.score > g.score ? 1 : f.score == g.score ? 0.5 : 0;
                    count++;
                }
            }
        }
        return pairs / count;
    }
}
