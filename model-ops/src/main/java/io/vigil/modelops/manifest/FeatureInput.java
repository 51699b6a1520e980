package io.vigil.modelops.manifest;

/**
 * One model input column: the feature it reads and the transform applied first.
 *
 * @param name feature name as the job computes it (e.g. {@code count_1h})
 * @param transform transform applied before the value reaches the model; {@code NONE} if omitted
 */
public record FeatureInput(String name, FeatureTransform transform) {

    public FeatureInput {
        transform = transform == null ? FeatureTransform.NONE : transform;
    }
}
