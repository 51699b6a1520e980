package io.vigil.modelops.scoring;

import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.FeatureTransform;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Picks and transforms, for each model input column, the feature it reads from a computed feature
 * vector. Resolved once per model, so the per-event path is index lookups only.
 */
final class FeatureMapping {

    private final int[] sourceIndex;
    private final FeatureTransform[] transforms;

    private FeatureMapping(int[] sourceIndex, FeatureTransform[] transforms) {
        this.sourceIndex = sourceIndex;
        this.transforms = transforms;
    }

    /**
     * @param inputs the manifest's input columns
     * @param available names of the computed features, in vector order
     * @throws ModelLoadException if the model reads a feature that is not computed
     */
    static FeatureMapping resolve(List<FeatureInput> inputs, List<String> available) throws ModelLoadException {
        int[] index = new int[inputs.size()];
        FeatureTransform[] transforms = new FeatureTransform[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            index[i] = available.indexOf(inputs.get(i).name());
            if (index[i] < 0) {
                throw new ModelLoadException("the model reads feature '" + inputs.get(i).name()
                        + "', which the job does not compute; computed features: " + available);
            }
            transforms[i] = inputs.get(i).transform();
        }
        return new FeatureMapping(index, transforms);
    }

    int width() {
        return sourceIndex.length;
    }

    /** Appends the model input row for {@code features} to {@code target}. */
    void write(double[] features, FloatBuffer target) {
        for (int i = 0; i < sourceIndex.length; i++) {
            target.put(transforms[i].apply(features[sourceIndex[i]]));
        }
    }
}
