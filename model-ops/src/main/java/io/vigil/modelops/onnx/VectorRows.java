package io.vigil.modelops.onnx;

import io.vigil.features.events.EventFields;

/**
 * Feature vectors as the streaming job computes them, with each row's text features after its
 * numeric ones; reused across batches.
 */
public final class VectorRows implements FeatureRows {

    private static final String[][] NO_TEXT = new String[0][];

    private double[][] vectors;
    private String[][] texts = NO_TEXT;
    private int count;

    /** Points at {@code vectors[0..count)}, which have no text features; no copy. */
    public VectorRows reset(double[][] vectors, int count) {
        return reset(vectors, NO_TEXT, count);
    }

    /**
     * Points at {@code vectors[0..count)} and their text features {@code texts[0..count)}; no copy.
     */
    public VectorRows reset(double[][] vectors, String[][] texts, int count) {
        this.vectors = vectors;
        this.texts = texts;
        this.count = count;
        return this;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public double number(int row, int feature) {
        return vectors[row][feature];
    }

    @Override
    public String text(int row, int feature) {
        double[] numbers = vectors[row];
        return feature < numbers.length
                ? EventFields.format(numbers[feature])
                : texts[row][feature - numbers.length];
    }
}
