package io.vigil.modelops.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Vigil needs to know to serve an ONNX model, stored beside it as YAML.
 *
 * @param name model name, named in every prediction
 * @param version model version, named in every prediction
 * @param input name of the model's float input tensor {@code [N, F]}
 * @param output name of the output to read: a probability tensor {@code [N, C]} or a score {@code [N]}/{@code [N,1]}
 * @param positiveClass column of the output tensor holding the probability of fraud (e.g. {@code "1"})
 * @param threshold scores at or above it are decided {@code FLAG}
 * @param features model input columns in order: which feature each reads, and its transform
 * @param metrics training metrics (e.g. {@code auc}), for people; not used to score
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
        String name,
        String version,
        String input,
        String output,
        String positiveClass,
        double threshold,
        List<FeatureInput> features,
        Map<String, Double> metrics) {

    private static final ObjectMapper YAML = new ObjectMapper(
                    new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Parses and validates a manifest; the message of a failure says which field to fix. */
    public static ModelManifest fromYaml(byte[] yaml) {
        ModelManifest manifest;
        try {
            manifest = YAML.readValue(yaml, ModelManifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid model manifest: " + e.getMessage(), e);
        }
        manifest.validate();
        return manifest;
    }

    public byte[] toYaml() {
        try {
            return YAML.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write manifest of " + name, e);
        }
    }

    /** Column of the positive class in a probability tensor. */
    public int positiveClassColumn() {
        return Integer.parseInt(positiveClass);
    }

    /** Names of the features the model reads, in input order. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(features.size());
        features.forEach(f -> names.add(f.name()));
        return names;
    }

    private void validate() {
        List<String> problems = new ArrayList<>();
        requireText(name, "name", problems);
        requireText(version, "version", problems);
        requireText(input, "input", problems);
        requireText(output, "output", problems);
        if (positiveClass == null || !positiveClass.matches("\\d+")) {
            problems.add("positiveClass must be the output column of the fraud class, e.g. \"1\" (was " + positiveClass + ")");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            problems.add("threshold must be within [0, 1] (was " + threshold + ")");
        }
        if (features == null || features.isEmpty()) {
            problems.add("features must list the model's input columns in order");
        } else {
            for (int i = 0; i < features.size(); i++) {
                if (features.get(i) == null || features.get(i).name() == null) {
                    problems.add("features[" + i + "] has no name");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid model manifest: " + String.join("; ", problems));
        }
    }

    private static void requireText(String value, String field, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is required");
        }
    }
}
