package io.vigil.modelops.onnx;

import ai.onnxruntime.OrtException;
import io.vigil.modelops.manifest.ModelManifest;
import java.util.List;

/**
 * Scores many feature vectors at once, outside Flink, through the same {@link OnnxScorer} that
 * serves.
 */
public final class OfflineScoring {

    private static final int BATCH = 256;

    private OfflineScoring() {}

    /** Scores of {@code rows} (values in the order of {@code features}), in row order. */
    public static double[] score(
            byte[] onnx, ModelManifest manifest, List<String> features, List<double[]> rows)
            throws ModelLoadException, OrtException {
        double[] scores = new double[rows.size()];
        try (OnnxScorer scorer = OnnxScorer.load(onnx, manifest, features, BATCH)) {
            double[][] batch = new double[BATCH][];
            double[] out = new double[BATCH];
            VectorRows vectors = new VectorRows();
            for (int from = 0; from < rows.size(); from += BATCH) {
                int n = Math.min(BATCH, rows.size() - from);
                for (int i = 0; i < n; i++) {
                    batch[i] = rows.get(from + i);
                }
                scorer.score(vectors.reset(batch, n), out);
                System.arraycopy(out, 0, scores, from, n);
            }
        }
        return scores;
    }
}
