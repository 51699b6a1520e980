package io.vigil.retrainer.training;

import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.FeatureTransform;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import io.vigil.modelops.manifest.ReasonCodes;
import io.vigil.modelops.manifest.ReferenceProfile;
import io.vigil.modelops.onnx.OfflineScoring;
import io.vigil.modelops.registry.TrainedModel;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains gradient-boosted trees with XGBoost (binary logistic, one thread) and exports them to ONNX
 * with Vigil's own {@link XGBoostOnnxConverter}, with a manifest (raw features, no transform; the
 * probability tensor's class 1), a threshold maximising F1 on the training set, the holdout AUC and
 * the reference profile. The base score is fixed at 0.5 (base margin 0) so the export is exact; the
 * export is scored by ONNX Runtime on the holdout and refused unless it matches XGBoost within
 * {@value #MAX_EXPORT_DIFFERENCE}.
 */
public final class XGBoostTrainer {

    /** Largest difference allowed between the export's scores and XGBoost's. */
    public static final double MAX_EXPORT_DIFFERENCE = 1e-5;

    private final int rounds;
    private final int maxDepth;
    private final double eta;
    private final long seed;

    public XGBoostTrainer(int rounds, int maxDepth, double eta, long seed) {
        this.rounds = rounds;
        this.maxDepth = maxDepth;
        this.eta = eta;
        this.seed = seed;
    }

    public TrainedModel train(
            List<LabelledVector> training,
            List<LabelledVector> holdout,
            List<String> featureNames,
            String name,
            String version)
            throws IOException {
        DMatrix trainSet = null;
        DMatrix holdoutSet = null;
        Booster booster = null;
        try {
            trainSet = matrix(training, featureNames.size());
            holdoutSet = matrix(holdout, featureNames.size());
            Map<String, Object> params = new HashMap<>();
            params.put("objective", "binary:logistic");
            params.put("max_depth", maxDepth);
            params.put("eta", eta);
            params.put("nthread", 1);
            params.put("seed", seed);
            params.put("base_score", 0.5);
            params.put("tree_method", "hist");
            booster = XGBoost.train(trainSet, params, rounds, new HashMap<>(), null, null);
            byte[] onnx =
                    XGBoostOnnxConverter.convert(
                            // With statistics: each node's cover travels with the model, for
                            // TreeSHAP.
                            booster.getModelDump((String) null, true, "json"),
                            featureNames.size(),
                            0f);
            double[] trainingScores = column(booster.predict(trainSet));
            double[] holdoutScores = column(booster.predict(holdoutSet));
            double auc = Auc.of(holdoutScores, labels(holdout));
            double difference = exportDifference(onnx, featureNames, holdout, holdoutScores);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("holdoutAuc", auc);
            metrics.put("trainingRows", (double) training.size());
            metrics.put("holdoutRows", (double) holdout.size());
            metrics.put("onnxMaxDifference", difference);
            ModelManifest manifest =
                    new ModelManifest(
                            name,
                            version,
                            ThresholdChooser.maximisingF1(trainingScores, labels(training)),
                            List.of(
                                    new ModelInput(
                                            XGBoostOnnxConverter.INPUT,
                                            featureNames.stream()
                                                    .map(
                                                            f ->
                                                                    new FeatureInput(
                                                                            f,
                                                                            FeatureTransform.NONE))
                                                    .toList())),
                            new ModelOutput(XGBoostOnnxConverter.PROBABILITIES, "1"),
                            metrics,
                            Map.of(
                                    "trainer",
                                    "xgboost",
                                    "trees",
                                    String.valueOf(rounds),
                                    "maxDepth",
                                    String.valueOf(maxDepth)),
                            ReferenceProfile.of(
                                    featureNames,
                                    training.stream().map(LabelledVector::features).toList(),
                                    trainingScores),
                            null,
                            ReasonCodes.treeShap());
            return new TrainedModel(onnx, manifest, auc);
        } catch (XGBoostError e) {
            throw new IOException(
                    "XGBoost failed to train " + name + ":" + version + ": " + e.getMessage(), e);
        } finally {
            if (booster != null) {
                booster.dispose();
            }
            if (trainSet != null) {
                trainSet.dispose();
            }
            if (holdoutSet != null) {
                holdoutSet.dispose();
            }
        }
    }

    /**
     * Largest difference between ONNX Runtime's scores of the export and XGBoost's own on the
     * holdout.
     *
     * @throws IOException when it exceeds {@value #MAX_EXPORT_DIFFERENCE}: such an export must not
     *     serve
     */
    private static double exportDifference(
            byte[] onnx, List<String> features, List<LabelledVector> rows, double[] expected)
            throws IOException {
        ModelManifest probe =
                new ModelManifest(
                        "export-check",
                        "0",
                        0.5,
                        List.of(
                                new ModelInput(
                                        XGBoostOnnxConverter.INPUT,
                                        features.stream()
                                                .map(
                                                        f ->
                                                                new FeatureInput(
                                                                        f, FeatureTransform.NONE))
                                                .toList())),
                        new ModelOutput(XGBoostOnnxConverter.PROBABILITIES, "1"),
                        Map.of(),
                        Map.of(),
                        null);
        double[] actual;
        try {
            actual =
                    OfflineScoring.score(
                            onnx,
                            probe,
                            features,
                            rows.stream().map(LabelledVector::features).toList());
        } catch (Exception e) {
            throw new IOException(
                    "ONNX Runtime cannot score the XGBoost export: " + e.getMessage(), e);
        }
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        if (max > MAX_EXPORT_DIFFERENCE) {
            throw new IOException(
                    "the ONNX export differs from XGBoost by up to "
                            + max
                            + " (limit "
                            + MAX_EXPORT_DIFFERENCE
                            + ")");
        }
        return max;
    }

    static DMatrix matrix(List<LabelledVector> rows, int features) throws XGBoostError {
        float[] data = new float[rows.size() * features];
        float[] labels = new float[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            double[] f = rows.get(r).features();
            for (int c = 0; c < features; c++) {
                data[r * features + c] = (float) f[c];
            }
            labels[r] = rows.get(r).fraud() ? 1 : 0;
        }
        DMatrix matrix = new DMatrix(data, rows.size(), features, Float.NaN);
        matrix.setLabel(labels);
        return matrix;
    }

    private static double[] column(float[][] predictions) {
        double[] out = new double[predictions.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = predictions[i][0];
        }
        return out;
    }

    private static boolean[] labels(List<LabelledVector> rows) {
        boolean[] out = new boolean[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i).fraud();
        }
        return out;
    }
}
