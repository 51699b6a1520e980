package io.vigil.modelops.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What Vigil needs to know to serve an ONNX model, stored beside it as YAML (format in the README).
 *
 * @param name model name, named in every prediction
 * @param version model version, named in every prediction
 * @param threshold scores at or above it are decided {@code FLAG}; within the output's range ([0,
 *     1] for probabilities); with decision bands, the first band's bound (and may be omitted)
 * @param inputs the model's inputs and the features filling them
 * @param output the output holding the score, and the positive class
 * @param metrics training metrics (e.g. {@code holdoutAuc}), for people; not used to score
 * @param tags free-form labels (owner, data window, ticket, ...)
 * @param profile the training data's feature and score distributions, for drift monitoring; null
 *     for models registered without one (they are monitored for volume and positive rate only)
 * @param decisions the decision bands, lowest scores first (e.g. ALLOW below 0.3, REVIEW below 0.7,
 *     DECLINE); empty for the two of every model: ALLOW below the threshold, FLAG from it
 * @param reasons how the version explains its scores; null for a version without an explainer (its
 *     predictions say {@code explainer: none})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ModelManifest(
        String name,
        String version,
        Double threshold,
        List<ModelInput> inputs,
        ModelOutput output,
        Map<String, Double> metrics,
        Map<String, String> tags,
        ReferenceProfile profile,
        List<DecisionBand> decisions,
        ReasonCodes reasons) {

    /**
     * Model names and versions (and aliases): a letter or digit, then letters, digits, {@code .},
     * {@code _} or {@code -}; they name files in the artifact store, so nothing else is accepted.
     */
    public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private static final ObjectMapper YAML =
            new ObjectMapper(
                            new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    @JsonCreator
    public ModelManifest {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
        if (threshold == null && !decisions.isEmpty() && decisions.get(0) != null) {
            threshold = decisions.get(0).below(); // FLAG is every band above the first
        }
    }

    /** A manifest without reason codes. */
    public ModelManifest(
            String name,
            String version,
            Double threshold,
            List<ModelInput> inputs,
            ModelOutput output,
            Map<String, Double> metrics,
            Map<String, String> tags,
            ReferenceProfile profile,
            List<DecisionBand> decisions) {
        this(name, version, threshold, inputs, output, metrics, tags, profile, decisions, null);
    }

    /** A manifest with ALLOW/FLAG decisions only. */
    public ModelManifest(
            String name,
            String version,
            Double threshold,
            List<ModelInput> inputs,
            ModelOutput output,
            Map<String, Double> metrics,
            Map<String, String> tags,
            ReferenceProfile profile) {
        this(name, version, threshold, inputs, output, metrics, tags, profile, null, null);
    }

    /** Parses and validates a manifest; a failure lists every field to fix. */
    public static ModelManifest fromYaml(byte[] yaml) {
        ModelManifest manifest;
        try {
            manifest = YAML.readValue(yaml, ModelManifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid model manifest: " + e.getMessage(), e);
        }
        if (manifest == null) {
            throw new IllegalArgumentException("not a valid model manifest: the document is empty");
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

    /** The same model under another version (e.g. when registering). */
    public ModelManifest withVersion(String newVersion) {
        return new ModelManifest(
                name,
                newVersion,
                threshold,
                inputs,
                output,
                metrics,
                tags,
                profile,
                decisions,
                reasons);
    }

    /**
     * The same model with {@code moreMetrics} and {@code moreTags} added (replacing same-named
     * ones).
     */
    public ModelManifest withAdded(Map<String, Double> moreMetrics, Map<String, String> moreTags) {
        Map<String, Double> allMetrics = new LinkedHashMap<>(metrics);
        allMetrics.putAll(moreMetrics);
        Map<String, String> allTags = new LinkedHashMap<>(tags);
        allTags.putAll(moreTags);
        return new ModelManifest(
                name,
                version,
                threshold,
                inputs,
                output,
                allMetrics,
                allTags,
                profile,
                decisions,
                reasons);
    }

    /** The same model with a reference profile of its training data. */
    public ModelManifest withProfile(ReferenceProfile newProfile) {
        return new ModelManifest(
                name,
                version,
                threshold,
                inputs,
                output,
                metrics,
                tags,
                newProfile,
                decisions,
                reasons);
    }

    /** The same model explained by {@code newReasons}. */
    public ModelManifest withReasons(ReasonCodes newReasons) {
        return new ModelManifest(
                name,
                version,
                threshold,
                inputs,
                output,
                metrics,
                tags,
                profile,
                decisions,
                newReasons);
    }

    /** Names of every feature the model reads, each once, in input order. */
    @JsonIgnore
    public List<String> featureNames() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        inputs.forEach(input -> input.features().forEach(f -> names.add(f.name())));
        return new ArrayList<>(names);
    }

    /**
     * The declared band of {@code score} (see {@link DecisionBands#bandOf}), or null for a model
     * without decision bands.
     */
    public String bandOf(double score) {
        return decisions.isEmpty() ? null : DecisionBands.bandOf(decisions, score, output);
    }

    /**
     * Whether {@code score} is decided FLAG: at or above the threshold (every band above the
     * first), or not a score the model can give (NaN, outside its output's range): a transaction
     * the model could not judge is not let through unexamined.
     */
    public boolean flags(double score) {
        return !output.holds(score) || score >= threshold;
    }

    /** {@code name:version}, as in logs and events. */
    @JsonIgnore
    public String id() {
        return name + ":" + version;
    }

    private void validate() {
        List<String> problems = new ArrayList<>();
        requireIdentifier(name, "name", problems);
        requireIdentifier(version, "version", problems);
        ModelOutput scale = output == null ? new ModelOutput(null, null) : output;
        problems.addAll(scale.problems());
        boolean rangeValid = scale.problems().isEmpty();
        if (threshold == null) {
            problems.add("threshold is required: scores at or above it are decided FLAG");
        } else if (rangeValid && !scale.holds(threshold)) {
            problems.add(
                    "threshold must be within "
                            + scale.rangeText()
                            + " (was "
                            + threshold
                            + ")"
                            + (scale.range() == null
                                    ? "; a raw score declares its range in output.range"
                                    : ""));
        }
        if (rangeValid) {
            problems.addAll(DecisionBands.problems(decisions, threshold, scale));
        }
        if (inputs.isEmpty()) {
            problems.add("inputs must list the model's inputs and the features filling them");
        }
        for (int i = 0; i < inputs.size(); i++) {
            ModelInput input = inputs.get(i);
            if (input == null || input.name() == null || input.name().isBlank()) {
                problems.add("inputs[" + i + "] has no name");
            } else if (input.features().isEmpty()) {
                problems.add("inputs[" + i + "] (" + input.name() + ") lists no features");
            } else {
                for (int j = 0; j < input.features().size(); j++) {
                    FeatureInput feature = input.features().get(j);
                    if (feature == null || feature.name() == null || feature.name().isBlank()) {
                        problems.add("inputs[" + i + "].features[" + j + "] has no name");
                    }
                }
            }
        }
        if (output == null || output.name() == null || output.name().isBlank()) {
            problems.add("output.name is required: the model output holding the probabilities");
        }
        if (reasons != null) {
            problems.addAll(reasons.problems(featureNames()));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "invalid model manifest: " + String.join("; ", problems));
        }
    }

    private static void requireIdentifier(String value, String field, List<String> problems) {
        requireText(value, field, problems);
        if (value != null && !value.isBlank() && !IDENTIFIER.matcher(value).matches()) {
            problems.add(
                    field
                            + " must be a letter or digit followed by up to 99 letters, digits,"
                            + " '.', '_' or '-' (it names files in the artifact store)");
        }
    }

    private static void requireText(String value, String field, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is required");
        }
    }
}
