package io.vigil.modelops.manifest;

import java.util.List;

/**
 * One input tensor of the model and the features that fill its columns.
 *
 * @param name the ONNX input's name
 * @param features its columns in order: one for an {@code [N,1]} input, F for an {@code [N,F]}
 *     input
 */
public record ModelInput(String name, List<FeatureInput> features) {

    public ModelInput {
        features = features == null ? List.of() : List.copyOf(features);
    }
}
