package io.vigil.modelops.onnx;

/**
 * Rows of feature values to score, addressed by row and by feature index (the position of the
 * feature's name in the lists the scorer was created with: numeric-capable features first, then
 * text-only ones).
 */
public interface FeatureRows {

    int count();

    /**
     * The numeric value of a feature (for float, double and int64 inputs); only asked of the
     * numeric-capable features.
     */
    double number(int row, int feature);

    /** The text value of any feature (for string inputs); numbers as text. */
    String text(int row, int feature);
}
