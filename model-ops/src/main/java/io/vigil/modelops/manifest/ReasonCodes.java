package io.vigil.modelops.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model version explains its scores, from its manifest's {@code reasons:} block.
 *
 * @param explainer {@value #LINEAR}: each feature's contribution is how far the score's link (the
 *     log-odds of a probability, a raw score itself) moves when that feature alone goes back to its
 *     baseline; exact for a model additive in its link space (linear and logistic regression, also
 *     over transformed features such as log1p), where it is the weight times the distance from the
 *     baseline; {@value #TREE_SHAP}: exact Shapley values of a tree ensemble read from the ONNX
 *     graph: path-dependent TreeSHAP when the model carries its nodes' training covers (Vigil's
 *     XGBoost export does), else interventional TreeSHAP against the baseline row if one is given,
 *     else against {@code background} rows drawn from the reference profile; {@value #NONE}: no
 *     reasons
 * @param top reasons per prediction, the largest contributions by magnitude (default {@value
 *     #DEFAULT_TOP}); 0 names the explainer without reasons
 * @param baseline per numeric feature, the point contributions are measured from: the mean of the
 *     training rows; features without one (text features) are not explained
 * @param predictions which predictions get reasons: {@value #ALL} (the default) or {@value
 *     #FLAGGED} (FLAG decisions only: the ones an analyst reviews or a customer is told of, at a
 *     fraction of the cost, which is one extra scoring row per feature and prediction explained)
 * @param background for interventional TreeSHAP without a baseline, how many rows to draw from the
 *     reference profile (default {@value #DEFAULT_BACKGROUND}, at most {@value #MAX_BACKGROUND}):
 *     the cost per explained prediction grows with it
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ReasonCodes(
        String explainer,
        Integer top,
        Map<String, Double> baseline,
        String predictions,
        Integer background) {

    public static final String LINEAR = "linear";
    public static final String TREE_SHAP = "tree-shap";
    public static final String NONE = "none";
    public static final int DEFAULT_TOP = 3;
    public static final String ALL = "all";
    public static final String FLAGGED = "flagged";

    /** At most this many reasons: a prediction is not the place for a full attribution. */
    public static final int MAX_TOP = 20;

    public static final int DEFAULT_BACKGROUND = 100;
    public static final int MAX_BACKGROUND = 1000;

    @JsonCreator
    public ReasonCodes {
        top = top == null ? DEFAULT_TOP : top;
        predictions = predictions == null ? ALL : predictions;
        baseline =
                baseline == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(baseline));
    }

    /** Linear reasons measured from {@code baseline}, {@value #DEFAULT_TOP} per prediction. */
    public static ReasonCodes linear(Map<String, Double> baseline) {
        return new ReasonCodes(LINEAR, DEFAULT_TOP, baseline, ALL, null);
    }

    /** Reasons without a background size: the default. */
    public ReasonCodes(
            String explainer, Integer top, Map<String, Double> baseline, String predictions) {
        this(explainer, top, baseline, predictions, null);
    }

    /** The background's size: {@code background}, or its default when not given. */
    public int backgroundRows() {
        return background == null ? DEFAULT_BACKGROUND : background;
    }

    /** Whether only FLAG decisions get reasons. */
    public boolean flaggedOnly() {
        return FLAGGED.equals(predictions);
    }

    /**
     * Tree SHAP reasons, {@value #DEFAULT_TOP} per FLAG decision: walking every tree costs far more
     * than scoring (hundreds of microseconds for 100 trees), so only the decisions people review
     * are explained unless the manifest says {@code predictions: all}.
     */
    public static ReasonCodes treeShap() {
        return new ReasonCodes(TREE_SHAP, DEFAULT_TOP, null, FLAGGED, null);
    }

    /** Whether predictions of this version carry reasons. */
    public boolean explains() {
        return !NONE.equals(explainer) && top > 0;
    }

    /** What is wrong with the block for a model reading {@code features}; empty when valid. */
    List<String> problems(List<String> features) {
        List<String> problems = new ArrayList<>();
        if (!List.of(LINEAR, TREE_SHAP, NONE).contains(explainer)) {
            problems.add("reasons.explainer must be " + LINEAR + ", " + TREE_SHAP + " or " + NONE);
        }
        if (!ALL.equals(predictions) && !FLAGGED.equals(predictions)) {
            problems.add("reasons.predictions must be " + ALL + " or " + FLAGGED);
        }
        if (top < 0 || top > MAX_TOP) {
            problems.add("reasons.top must be from 0 to " + MAX_TOP + " (was " + top + ")");
        }
        if (backgroundRows() < 1 || backgroundRows() > MAX_BACKGROUND) {
            problems.add(
                    "reasons.background must be from 1 to "
                            + MAX_BACKGROUND
                            + " (was "
                            + background
                            + ")");
        }
        if (LINEAR.equals(explainer) && baseline.isEmpty()) {
            problems.add(
                    "reasons.baseline must give the training mean of each numeric feature: the"
                            + " linear explainer measures contributions from it");
        }
        for (Map.Entry<String, Double> value : baseline.entrySet()) {
            if (!features.contains(value.getKey())) {
                problems.add(
                        "reasons.baseline names "
                                + value.getKey()
                                + ", which is not one of the model's features");
            } else if (value.getValue() == null || !Double.isFinite(value.getValue())) {
                problems.add("reasons.baseline." + value.getKey() + " must be a finite number");
            }
        }
        return problems;
    }
}
