package io.vigil.modelops.serving;

import ai.onnxruntime.OrtException;
import io.vigil.modelops.onnx.ModelLoadException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores one micro-batch whose rows may be served by different versions (a swap inside the batch, a
 * canary share, a shadow): rows are grouped by model so each model runs once per batch.
 */
final class BatchScoring {

    private final IdentityHashMap<ServedModel, List<Integer>> groups = new IdentityHashMap<>();
    private double[][] groupRows = new double[0][];
    private String[][] groupTexts = new String[0][];
    private double[] groupScores = new double[0];

    /**
     * Scores {@code rows[i]} (with text features {@code texts[i]}) with {@code models[i]} into
     * {@code scores[i]} for {@code i < count}; rows whose model is null are skipped.
     */
    void score(double[][] rows, String[][] texts, ServedModel[] models, int count, double[] scores)
            throws OrtException, ModelLoadException {
        groups.clear();
        for (int i = 0; i < count; i++) {
            if (models[i] != null) {
                groups.computeIfAbsent(models[i], m -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<ServedModel, List<Integer>> group : groups.entrySet()) {
            List<Integer> indexes = group.getValue();
            int n = indexes.size();
            if (groupRows.length < n) {
                groupRows = new double[Math.max(n, 2 * groupRows.length)][];
                groupTexts = new String[groupRows.length][];
                groupScores = new double[groupRows.length];
            }
            for (int j = 0; j < n; j++) {
                groupRows[j] = rows[indexes.get(j)];
                groupTexts[j] = texts[indexes.get(j)];
            }
            ServedModel model = group.getKey();
            long start = System.nanoTime();
            try {
                model.scorer().score(model.rows.reset(groupRows, groupTexts, n), groupScores);
            } catch (OrtException | ModelLoadException | RuntimeException e) {
                model.metrics().error();
                throw e;
            }
            model.metrics().scored(n, (System.nanoTime() - start) / 1000 / n);
            for (int j = 0; j < n; j++) {
                scores[indexes.get(j)] = groupScores[j];
                model.metrics().score(groupScores[j]);
                if (!model.manifest().output().holds(groupScores[j])) {
                    // A score outside the output's range (not a probability) is an error, counted
                    // per version.
                    model.metrics().error();
                }
                groupRows[j] = null;
                groupTexts[j] = null;
            }
        }
    }
}
