package io.vigil.modelops.onnx;

/** Numeric feature vectors, as the streaming job computes them; reused across batches. */
public final class VectorRows implements FeatureRows {

    private double[][] vectors;
    private int count;

    /** Points at {@code vectors[0..count)}; no copy. */
    public VectorRows reset(double[][] vectors, int count) {
        this.vectors = vectors;
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
        throw new UnsupportedOperationException("numeric feature vectors have no text values");
    }

    @Override
    public boolean hasText() {
        return false;
    }
}
