package io.vigil.modelops.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A manifest guessed from the model itself and a table's column names, for checking an export
 * before anyone has written its manifest: a single-input model reads the columns in order; a
 * multi-input model reads, for each input, the column of the same name. The score comes from the
 * output holding probabilities (a ZipMap or a float tensor; one named like "prob" when several).
 */
public final class ManifestInference {

    private ManifestInference() {}

    /**
     * @throws ModelLoadException if the columns cannot fill the model's inputs, or no output holds
     *     probabilities
     */
    public static ModelManifest infer(OnnxModel model, List<String> columns, String positiveClass)
            throws ModelLoadException {
        List<ModelInput> inputs = new ArrayList<>();
        if (model.inputs().size() == 1) {
            String name = model.inputs().keySet().iterator().next();
            inputs.add(
                    new ModelInput(
                            name, columns.stream().map(c -> new FeatureInput(c, null)).toList()));
        } else {
            for (String name : model.inputs().keySet()) {
                if (!columns.contains(name)) {
                    throw new ModelLoadException(
                            "the model has inputs "
                                    + model.inputs().keySet()
                                    + "; without a manifest the input file needs a column named"
                                    + " after each, and '"
                                    + name
                                    + "' is missing");
                }
                inputs.add(new ModelInput(name, List.of(new FeatureInput(name, null))));
            }
        }
        return new ModelManifest(
                "unregistered",
                "0",
                0.5,
                inputs,
                new ModelOutput(probabilityOutput(model.outputs()), positiveClass),
                Map.of(),
                Map.of(),
                null);
    }

    private static String probabilityOutput(Map<String, NodeInfo> outputs)
            throws ModelLoadException {
        List<String> candidates = new ArrayList<>();
        outputs.forEach(
                (name, node) -> {
                    boolean zipMap =
                            node.getInfo() instanceof SequenceInfo sequence
                                    && sequence.isSequenceOfMaps();
                    boolean probabilities =
                            node.getInfo() instanceof TensorInfo tensor
                                    && (tensor.type == OnnxJavaType.FLOAT
                                            || tensor.type == OnnxJavaType.DOUBLE);
                    if (zipMap || probabilities) {
                        candidates.add(name);
                    }
                });
        if (candidates.isEmpty()) {
            throw new ModelLoadException(
                    "no output of the model holds probabilities (outputs: "
                            + outputs.keySet()
                            + "); write a manifest naming the output to read");
        }
        return candidates.stream()
                .filter(n -> n.toLowerCase(Locale.ROOT).contains("prob"))
                .findFirst()
                .orElse(candidates.get(0));
    }
}
