package io.vigil.retrainer;

import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.onnx.OfflineScoring;
import io.vigil.retrainer.training.Auc;
import java.util.List;

/**
 * A model's AUC on held-out served rows, scored by the serving scorer (the same code as
 * ScoringJob).
 */
final class HoldoutScores {

    private HoldoutScores() {}

    /** Scores of {@code rows} by the model, as the serving scorer gives them. */
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

    static double auc(
            byte[] onnx,
            ModelManifest manifest,
            List<String> features,
            List<ServedRows.LabelledRow> rows)
            throws Exception {
        double[] scores = scores(onnx, manifest, features, rows);
        boolean[] fraud = new boolean[rows.size()];
        for (int i = 0; i < fraud.length; i++) {
            fraud[i] = rows.get(i).fraud();
        }
        return Auc.of(scores, fraud);
    }
}
