package io.vigil.modelops.manifest;

/**
 * Which model output holds the score, and of which class.
 *
 * @param name the ONNX output's name
 * @param positiveClass the class whose probability is the score: a key of a ZipMap output ({@code
 *     "1"}, {@code "fraud"}), or a column index of a probability tensor {@code [N,C]}; ignored for
 *     single-column outputs, which are the score itself
 */
public record ModelOutput(String name, String positiveClass) {

    public ModelOutput {
        positiveClass = positiveClass == null ? "1" : positiveClass;
    }
}
