package io.vigil.modelops.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Which model output holds the score, of which class, and on what scale.
 *
 * @param name the ONNX output's name
 * @param positiveClass the class whose probability is the score: a key of a ZipMap output ({@code
 *     "1"}, {@code "fraud"}), or a column index of a probability tensor {@code [N,C]}; ignored for
 *     single-column outputs, which are the score itself
 * @param transform what turns the output into a probability: {@link OutputTransform#NONE} (the
 *     default) for probabilities, {@link OutputTransform#SIGMOID} for a margin or log-odds
 * @param range for a raw score kept in the model's own units (an anomaly score, an uncalibrated
 *     margin), its lowest and highest value {@code [min, max]}: the threshold and decision bands
 *     are in those units; null for probabilities (the range [0, 1])
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelOutput(
        String name, String positiveClass, OutputTransform transform, List<Double> range) {

    @JsonCreator
    public ModelOutput {
        positiveClass = positiveClass == null ? "1" : positiveClass;
        transform = transform == null ? OutputTransform.NONE : transform;
        range = range == null ? null : List.copyOf(range);
    }

    /** An output that holds probabilities. */
    public ModelOutput(String name, String positiveClass) {
        this(name, positiveClass, OutputTransform.NONE, null);
    }

    /** An output that holds probabilities after {@code transform}. */
    public ModelOutput(String name, String positiveClass, OutputTransform transform) {
        this(name, positiveClass, transform, null);
    }

    /** The lowest score: 0 for probabilities. */
    @JsonIgnore
    public double min() {
        return range == null ? 0 : range.get(0);
    }

    /** The highest score: 1 for probabilities. */
    @JsonIgnore
    public double max() {
        return range == null ? 1 : range.get(1);
    }

    /** Whether {@code score} is a score of this output: finite and within its range. */
    public boolean holds(double score) {
        return score >= min() && score <= max();
    }

    /** The range as people read it, e.g. {@code [0, 1]}. */
    @JsonIgnore
    public String rangeText() {
        return "[" + trim(min()) + ", " + trim(max()) + "]";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** The problems with the declared range, if any. */
    List<String> problems() {
        if (range == null) {
            return List.of();
        }
        if (range.size() != 2
                || range.get(0) == null
                || range.get(1) == null
                || !Double.isFinite(range.get(0))
                || !Double.isFinite(range.get(1))
                || range.get(0) >= range.get(1)) {
            return List.of("output.range must be two finite numbers [min, max] with min < max");
        }
        if (transform != OutputTransform.NONE) {
            return List.of(
                    "output.range is for a raw score; a transformed output ("
                            + transform
                            + ") is a probability");
        }
        return List.of();
    }
}
