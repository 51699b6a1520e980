package io.vigil.modelops.monitoring;

import io.vigil.schemas.PerformanceStats;
import java.time.Instant;

/**
 * Counts of one model version's matured outcomes in one window: scores binned in thousandths of
 * their range per class (for AUC), the confusion matrix at the decision threshold, ten calibration
 * bins (probabilities only: a raw score has no calibration), and fraud amounts in cents. All
 * integers, so accumulators merge exactly and in any order. A Flink POJO.
 */
public class PerformanceAccumulator {

    static final int SCORE_BINS = 1000;
    static final int CALIBRATION_BINS = 10;

    public long[] fraudScores = new long[SCORE_BINS];
    public long[] genuineScores = new long[SCORE_BINS];
    public long truePositives;
    public long falsePositives;
    public long falseNegatives;
    public long[] calibrationCounts = new long[CALIBRATION_BINS];
    public long[] calibrationFrauds = new long[CALIBRATION_BINS];
    public long[] calibrationScoreNanos = new long[CALIBRATION_BINS];
    public long caughtCents;
    public long missedCents;
    public long unlabelled;
    public long unmatchedLabels;

    public PerformanceAccumulator() {}

    public void add(LabelledOutcome o) {
        switch (o.kind) {
            case UNLABELLED -> unlabelled++;
            case UNMATCHED_LABEL -> unmatchedLabels++;
            case LABELLED -> addLabelled(o);
        }
    }

    private void addLabelled(LabelledOutcome o) {
        double span = o.scoreMax - o.scoreMin;
        double score = span > 0 ? Math.min(1, Math.max(0, (o.score - o.scoreMin) / span)) : 0;
        int bin = Math.min(SCORE_BINS - 1, (int) (score * SCORE_BINS));
        boolean flagged = o.score >= o.threshold;
        long cents = Double.isNaN(o.amount) ? 0 : Math.round(o.amount * 100);
        if (o.fraud) {
            fraudScores[bin]++;
            truePositives += flagged ? 1 : 0;
            falseNegatives += flagged ? 0 : 1;
            caughtCents += flagged ? cents : 0;
            missedCents += flagged ? 0 : cents;
        } else {
            genuineScores[bin]++;
            falsePositives += flagged ? 1 : 0;
        }
        if (o.scoreMin != 0 || o.scoreMax != 1) {
            return;
        }
        int calibration = Math.min(CALIBRATION_BINS - 1, (int) (score * CALIBRATION_BINS));
        calibrationCounts[calibration]++;
        calibrationFrauds[calibration] += o.fraud ? 1 : 0;
        calibrationScoreNanos[calibration] += Math.round(score * 1e9);
    }

    public void merge(PerformanceAccumulator other) {
        for (int i = 0; i < SCORE_BINS; i++) {
            fraudScores[i] += other.fraudScores[i];
            genuineScores[i] += other.genuineScores[i];
        }
        for (int i = 0; i < CALIBRATION_BINS; i++) {
            calibrationCounts[i] += other.calibrationCounts[i];
            calibrationFrauds[i] += other.calibrationFrauds[i];
            calibrationScoreNanos[i] += other.calibrationScoreNanos[i];
        }
        truePositives += other.truePositives;
        falsePositives += other.falsePositives;
        falseNegatives += other.falseNegatives;
        caughtCents += other.caughtCents;
        missedCents += other.missedCents;
        unlabelled += other.unlabelled;
        unmatchedLabels += other.unmatchedLabels;
    }

    public PerformanceStats toStats(
            String model, String version, long windowStart, long windowEnd, long now) {
        long frauds = 0;
        long genuine = 0;
        for (int i = 0; i < SCORE_BINS; i++) {
            frauds += fraudScores[i];
            genuine += genuineScores[i];
        }
        long labelled = frauds + genuine;
        return PerformanceStats.newBuilder()
                .setModelName(model)
                .setModelVersion(version)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setLabelled(labelled)
                .setFrauds(frauds)
                .setUnlabelled(unlabelled)
                .setUnmatchedLabels(unmatchedLabels)
                .setAuc(
                        frauds == 0 || genuine == 0
                                ? null
                                : BinnedAuc.of(fraudScores, 0, genuineScores, 0, SCORE_BINS))
                .setPrecision(
                        truePositives + falsePositives == 0
                                ? null
                                : truePositives / (double) (truePositives + falsePositives))
                .setRecall(frauds == 0 ? null : truePositives / (double) frauds)
                .setCalibrationError(calibrationError())
                .setFraudAmountCaught(caughtCents / 100.0)
                .setFraudAmountMissed(missedCents / 100.0)
                .setComputedAt(Instant.ofEpochMilli(now))
                .build();
    }

    /** Expected calibration error over the probabilities; null without any. */
    private Double calibrationError() {
        long labelled = 0;
        for (long count : calibrationCounts) {
            labelled += count;
        }
        if (labelled == 0) {
            return null;
        }
        double error = 0;
        for (int i = 0; i < CALIBRATION_BINS; i++) {
            if (calibrationCounts[i] > 0) {
                double meanScore = calibrationScoreNanos[i] / 1e9 / calibrationCounts[i];
                double fraudRate = calibrationFrauds[i] / (double) calibrationCounts[i];
                error += calibrationCounts[i] / (double) labelled * Math.abs(meanScore - fraudRate);
            }
        }
        return error;
    }
}
