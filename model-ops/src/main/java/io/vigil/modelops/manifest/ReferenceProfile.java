package io.vigil.modelops.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model saw in training: the distribution of every feature and of its own score on the
 * training rows. Stored in the manifest; drift is measured against it.
 *
 * @param rows training rows profiled
 * @param features per feature name
 * @param score the model's scores on the training rows
 */
public record ReferenceProfile(long rows, Map<String, Distribution> features, Distribution score) {

    public ReferenceProfile {
        features =
                features == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    /**
     * @param names the vector's feature names, in order
     * @param vectors training feature vectors (raw, before any model transform)
     * @param scores the model's score of each vector
     */
    public static ReferenceProfile of(List<String> names, List<double[]> vectors, double[] scores) {
        if (vectors.size() != scores.length) {
            throw new IllegalArgumentException(
                    vectors.size() + " vectors but " + scores.length + " scores");
        }
        Map<String, Distribution> features = new LinkedHashMap<>();
        double[] column = new double[vectors.size()];
        for (int f = 0; f < names.size(); f++) {
            for (int r = 0; r < column.length; r++) {
                column[r] = vectors.get(r)[f];
            }
            features.put(names.get(f), Distributions.of(column));
        }
        return new ReferenceProfile(vectors.size(), features, Distributions.of(scores));
    }
}
