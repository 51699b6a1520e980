package io.vigil.retrainer;

import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.onnx.OfflineScoring;
import java.util.List;

/**
 * A model's scores on held-out served rows, by the serving scorer (the same code as ScoringJob),
 * with the rows' labels: computed once per model and judged by AUC, disparity and the report alike.
 */
final class HoldoutScores {

    private HoldoutScores() {}

    static double[] scores(
            byte[] onnx,
            ModelManifest manifest,
            List<String> features,
            List<ServedRows.LabelledRow> rows)
            throws Exception {
        return OfflineScoring.score(
                onnx,
                manifest,
                features,
                rows.stream().map(ServedRows.LabelledRow::features).toList());
    }

    /** Whether each row is labelled positive (fraud). */
    static boolean[] positives(List<ServedRows.LabelledRow> rows) {
        boolean[] positives = new boolean[rows.size()];
        for (int i = 0; i < positives.length; i++) {
            positives[i] = rows.get(i).fraud();
        }
        return positives;
    }
}
