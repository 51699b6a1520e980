package io.vigil.retrainer.report;

import io.vigil.modelops.explain.Explainer;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ReasonCodes;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import io.vigil.schemas.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ModelEvaluation} of a model on held-out rows, scored by the serving scorer; its feature
 * importance is the mean absolute contribution its declared explainer gives each feature, over at
 * most {@value #EXPLAINED} rows (explaining costs far more than scoring).
 */
public final class ModelEvaluations {

    static final int EXPLAINED = 2000;
    private static final int BATCH = 256;

    private ModelEvaluations() {}

    /**
     * @param features the rows' columns, in order
     * @param rows held-out feature vectors
     * @param positives each row's label
     * @param scores each row's score by the model (e.g. {@code OfflineScoring.score})
     */
    public static ModelEvaluation of(
            String label,
            byte[] onnx,
            ModelManifest manifest,
            List<String> features,
            List<double[]> rows,
            boolean[] positives,
            double[] scores)
            throws Exception {
        return new ModelEvaluation(
                label,
                scores,
                positives,
                manifest.threshold(),
                importance(onnx, manifest, features, rows));
    }

    private static List<Map.Entry<String, Double>> importance(
            byte[] onnx, ModelManifest manifest, List<String> features, List<double[]> rows)
            throws Exception {
        ReasonCodes declared = manifest.reasons();
        if (declared == null || !declared.explains()) {
            return List.of();
        }
        ModelManifest every =
                manifest.withReasons(
                        new ReasonCodes(
                                declared.explainer(),
                                ReasonCodes.MAX_TOP,
                                declared.baseline(),
                                ReasonCodes.ALL,
                                declared.background()));
        Explainer explainer = Explainer.of(every, features, onnx);
        Map<String, Double> sums = new LinkedHashMap<>();
        int n = Math.min(EXPLAINED, rows.size());
        try (OnnxScorer scorer = OnnxScorer.load(onnx, every, features, BATCH)) {
            for (int start = 0; start < n; start += BATCH) {
                int count = Math.min(BATCH, n - start);
                double[][] batch = rows.subList(start, start + count).toArray(double[][]::new);
                double[] scores = new double[count];
                scorer.score(new VectorRows().reset(batch, count), scores);
                @SuppressWarnings("unchecked")
                List<Reason>[] reasons = new List[count];
                explainer.explain(scorer, batch, new String[count][0], count, scores, reasons);
                for (List<Reason> row : reasons) {
                    for (Reason r : row) {
                        sums.merge(r.getFeature(), Math.abs(r.getContribution()) / n, Double::sum);
                    }
                }
            }
        }
        List<Map.Entry<String, Double>> ranked = new ArrayList<>(sums.entrySet());
        ranked.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        return ranked;
    }
}
