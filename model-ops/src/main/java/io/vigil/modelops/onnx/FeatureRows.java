package io.vigil.modelops.onnx;

/**
 * Rows of feature values to score, addressed by row and by feature index (the position of the
 * feature's name in the list the scorer was created with).
 */
public interface FeatureRows {

    int count();

    /** The numeric value of a feature (for float, double and int64 inputs). */
    double number(int row, int feature);

    /** The text value of a feature (for string inputs). */
    String text(int row, int feature);

    /** Whether {@link #text} is supported; string inputs need it. */
    boolean hasText();
}
