package io.vigil.modelops.retraining;

import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.scoring.ModelLoadException;
import io.vigil.modelops.scoring.OnnxScorer;
import io.vigil.modelops.scoring.VectorRows;
import java.util.List;

/** Scores rows with a model through the serving scorer (same code as ScoringJob), and their AUC. */
final class HoldoutScores {

    private static final int BATCH = 256;

    private HoldoutScores() {}

    static double[] score(byte[] onnx, ModelManifest manifest, List<String> features, List<ServedRows.LabelledRow> rows)
            throws ModelLoadException, ai.onnxruntime.OrtException {
        double[] scores = new double[rows.size()];
        try (OnnxScorer scorer = OnnxScorer.load(onnx, manifest, features, BATCH)) {
            double[][] batch = new double[BATCH][];
            double[] out = new double[BATCH];
            VectorRows vectors = new VectorRows();
            for (int from = 0; from < rows.size(); from += BATCH) {
                int n = Math.min(BATCH, rows.size() - from);
                for (int i = 0; i < n; i++) {
                    batch[i] = rows.get(from + i).features();
                }
                scorer.score(vectors.reset(batch, n), out);
                System.arraycopy(out, 0, scores, from, n);
            }
        }
        return scores;
    }

    /** Probability that a fraud outscores a genuine row (ties count half). */
    static double auc(double[] scores, List<ServedRows.LabelledRow> rows) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSum = 0;
        long frauds = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (rows.get(order[k]).fraud()) {
                    rankSum += rank;
                    frauds++;
                }
            }
            i = j + 1;
        }
        long genuine = order.length - frauds;
        if (frauds == 0 || genuine == 0) {
            return Double.NaN;
        }
        return (rankSum - frauds * (frauds + 1) / 2.0) / ((double) frauds * genuine);
    }
}
