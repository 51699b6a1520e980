package io.vigil.modelops.monitoring;

import io.vigil.modelops.manifest.Distribution;
import io.vigil.modelops.manifest.ReferenceProfile;
import io.vigil.schemas.Decision;
import io.vigil.schemas.DistributionDrift;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.Prediction;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts of one model version's predictions in one window, binned by the version's reference
 * profile. Counts add up, so accumulators of parts of a window merge into the accumulator of the
 * whole, in any grouping: the statistics do not depend on how the work was split. A Flink POJO;
 * without a profile only volume, positive rate and mean score are kept.
 */
public class DriftAccumulator {

    public long predictions;
    public long flagged;

    /**
     * Sum of scores in billionths: an integer, so the sum does not depend on the order of addition.
     */
    public long scoreSumNanos;

    /** Per profiled feature (profile order), its bins, laid end to end. */
    public long[] featureBins = new long[0];

    public long[] featureMissing = new long[0];
    public long[] featureOutOfRange = new long[0];
    public long[] scoreBins = new long[0];
    public long scoreOutOfRange;

    public DriftAccumulator() {}

    /** An empty accumulator laid out for {@code profile} (null: volume only). */
    public static DriftAccumulator forProfile(ReferenceProfile profile) {
        DriftAccumulator a = new DriftAccumulator();
        if (profile != null) {
            a.featureBins =
                    new long
                            [profile.features().values().stream()
                                    .mapToInt(Distribution::bins)
                                    .sum()];
            a.featureMissing = new long[profile.features().size()];
            a.featureOutOfRange = new long[profile.features().size()];
            a.scoreBins = new long[profile.score().bins()];
        }
        return a;
    }

    /**
     * Whether this accumulator is laid out for {@code profile} (it may have been started without
     * one, before the profile could be read: that window is then counted for volume only).
     */
    public boolean isLaidOutFor(ReferenceProfile profile) {
        return profile != null
                && scoreBins.length == profile.score().bins()
                && featureMissing.length == profile.features().size();
    }

    /** Counts one prediction; {@code profile} must be the one this accumulator was laid out for. */
    public void add(ReferenceProfile profile, Prediction prediction) {
        predictions++;
        flagged += prediction.getDecision() == Decision.FLAG ? 1 : 0;
        scoreSumNanos += Math.round(prediction.getScore() * 1e9);
        if (profile == null) {
            return;
        }
        Map<String, Double> served = prediction.getFeatures();
        int feature = 0;
        int offset = 0;
        for (Map.Entry<String, Distribution> entry : profile.features().entrySet()) {
            Distribution d = entry.getValue();
            Double value = served.get(entry.getKey());
            if (value == null || Double.isNaN(value)) {
                featureMissing[feature]++;
            } else {
                featureBins[offset + d.binOf(value)]++;
                featureOutOfRange[feature] += d.outOfRange(value) ? 1 : 0;
            }
            feature++;
            offset += d.bins();
        }
        scoreBins[profile.score().binOf(prediction.getScore())]++;
        scoreOutOfRange += profile.score().outOfRange(prediction.getScore()) ? 1 : 0;
    }

    /** Adds {@code other}'s counts (same layout) to this. */
    public void merge(DriftAccumulator other) {
        predictions += other.predictions;
        flagged += other.flagged;
        scoreSumNanos += other.scoreSumNanos;
        addInto(featureBins, other.featureBins);
        addInto(featureMissing, other.featureMissing);
        addInto(featureOutOfRange, other.featureOutOfRange);
        addInto(scoreBins, other.scoreBins);
        scoreOutOfRange += other.scoreOutOfRange;
    }

    /** The window's statistics against {@code profile} (null: volume only). */
    public DriftStats toStats(
            ReferenceProfile profile,
            String model,
            String version,
            long windowStart,
            long windowEnd,
            long now) {
        DriftStats.Builder stats =
                DriftStats.newBuilder()
                        .setModelName(model)
                        .setModelVersion(version)
                        .setWindowStart(Instant.ofEpochMilli(windowStart))
                        .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                        .setPredictions(predictions)
                        .setFlagged(flagged)
                        .setPositiveRate(predictions == 0 ? 0 : flagged / (double) predictions)
                        .setMeanScore(predictions == 0 ? 0 : scoreSumNanos / 1e9 / predictions)
                        .setComputedAt(Instant.ofEpochMilli(now));
        if (profile == null) {
            return stats.setScore(null).setFeatures(Map.of()).build();
        }
        Map<String, DistributionDrift> features = new HashMap<>();
        String worst = null;
        double worstPsi = Double.NEGATIVE_INFINITY;
        int feature = 0;
        int offset = 0;
        for (Map.Entry<String, Distribution> entry : profile.features().entrySet()) {
            Distribution d = entry.getValue();
            long[] bins = Arrays.copyOfRange(featureBins, offset, offset + d.bins());
            DistributionDrift drift =
                    drift(d, bins, featureMissing[feature], featureOutOfRange[feature]);
            features.put(entry.getKey(), drift);
            if (drift.getPsi() > worstPsi) {
                worstPsi = drift.getPsi();
                worst = entry.getKey();
            }
            feature++;
            offset += d.bins();
        }
        return stats.setScore(drift(profile.score(), scoreBins, 0, scoreOutOfRange))
                .setFeatures(features)
                .setMaxFeaturePsi(worst == null ? null : worstPsi)
                .setMostDriftedFeature(worst)
                .build();
    }

    private static DistributionDrift drift(
            Distribution reference, long[] bins, long missing, long outOfRange) {
        DriftStatistics s = DriftStatistics.of(reference, bins);
        long present = 0;
        for (long c : bins) {
            present += c;
        }
        long all = present + missing;
        return DistributionDrift.newBuilder()
                .setPsi(s.psi())
                .setKs(s.ks())
                .setJs(s.js())
                .setMissingRate(all == 0 ? 0 : missing / (double) all)
                .setOutOfRangeRate(present == 0 ? 0 : outOfRange / (double) present)
                .build();
    }

    private static void addInto(long[] target, long[] source) {
        for (int i = 0; i < target.length; i++) {
            target[i] += source[i];
        }
    }
}
