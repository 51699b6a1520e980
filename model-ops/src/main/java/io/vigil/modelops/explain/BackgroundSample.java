package io.vigil.modelops.explain;

import io.vigil.modelops.manifest.Distribution;
import io.vigil.modelops.manifest.ReferenceProfile;
import io.vigil.modelops.onnx.ModelLoadException;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The rows interventional TreeSHAP measures contributions from, in raw feature values: either one
 * row at the manifest's baseline, or a sample of the training distribution drawn from the reference
 * profile. The profile keeps each feature's distribution, not their joint one, so the sample is a
 * Latin hypercube over the features' distributions: each feature's values spread evenly over its
 * quantiles (a missing share drawn as missing), paired at random with the others'. Seeded, so every
 * subtask and the registration check explain with the same rows.
 */
final class BackgroundSample {

    private static final long SEED = 20261129L;

    private BackgroundSample() {}

    /** One row: each feature at its baseline. */
    static double[][] atBaseline(
            List<String> features, Map<String, Double> baseline, String modelId)
            throws ModelLoadException {
        double[] row = new double[features.size()];
        for (int f = 0; f < row.length; f++) {
            Double value = baseline.get(features.get(f));
            if (value == null) {
                throw new ModelLoadException(
                        modelId + "'s reasons.baseline has no value for " + features.get(f));
            }
            row[f] = value;
        }
        return new double[][] {row};
    }

    /** {@code size} rows drawn from {@code profile}'s distributions of {@code features}. */
    static double[][] fromProfile(
            List<String> features, ReferenceProfile profile, int size, String modelId)
            throws ModelLoadException {
        if (profile == null) {
            throw new ModelLoadException(
                    modelId
                            + " carries no node covers, no reasons.baseline and no reference"
                            + " profile: TreeSHAP has nothing to measure contributions from");
        }
        double[][] rows = new double[size][features.size()];
        Random random = new Random(SEED);
        int[] order = new int[size];
        for (int f = 0; f < features.size(); f++) {
            Distribution distribution = profile.features().get(features.get(f));
            if (distribution == null) {
                throw new ModelLoadException(
                        modelId + "'s reference profile has no distribution of " + features.get(f));
            }
            shuffle(order, random);
            for (int r = 0; r < size; r++) {
                rows[r][f] = quantile(distribution, (order[r] + 0.5) / size);
            }
        }
        return rows;
    }

    /**
     * The value at {@code u} of the distribution: missing below its missing share, then linear
     * within each bin between its edges (the outer bins reach the training minimum and maximum).
     */
    static double quantile(Distribution d, double u) {
        double total = d.present() + d.missing();
        if (total == 0 || u * total < d.missing()) {
            return Double.NaN;
        }
        double target = u * total - d.missing();
        long[] counts = d.counts();
        double below = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && (target < below + counts[i] || i == counts.length - 1)) {
                double lower = i == 0 ? d.min() : d.edges()[i - 1];
                double upper = i == counts.length - 1 ? d.max() : d.edges()[i];
                double t = Math.min(1, (target - below) / counts[i]);
                return lower + t * Math.max(0, upper - lower);
            }
            below += counts[i];
        }
        return d.max();
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }
}
