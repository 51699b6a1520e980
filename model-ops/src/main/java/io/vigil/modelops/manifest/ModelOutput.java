package io.vigil.modelops.manifest;

/**
 * Which model output holds the score, and of which class.
 *
 * @param name the ONNX output's name
 * @param positiveClass the class whose probability is the score: a key of a ZipMap output ({@code
 *     "1"}, {@code "fraud"}), or a column index of a probability tensor {@code [N,C]}; ignored for
 *     single-column outputs, which are the score itself
 * @param transform what turns the output into a probability: {@link OutputTransform#NONE} (the
 *     default) for probabilities, {@link OutputTransform#SIGMOID} for a margin or log-odds
 */
public record ModelOutput(String name, String positiveClass, OutputTransform transform) {

    public ModelOutput {
        positiveClass = positiveClass == null ? "1" : positiveClass;
        transform = transform == null ? OutputTransform.NONE : transform;
    }

    /** An output that holds probabilities. */
    public ModelOutput(String name, String positiveClass) {
        this(name, positiveClass, OutputTransform.NONE);
    }
}
