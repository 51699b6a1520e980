package io.vigil.retrainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.modelops.explain.Explainer;
import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import io.vigil.modelops.manifest.ReasonCodes;
import io.vigil.modelops.onnx.OfflineScoring;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.schemas.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class XGBoostOnnxConverterTest {

    private static final List<String> FEATURES = List.of("a", "b", "c", "d", "e");

    /**
     * Fraud when a and b are both large or c is tiny: trees, not a line; every 20th value missing.
     */
    static List<LabelledVector> rows(long seed, int n, boolean withMissing) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledVector> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] f = new double[FEATURES.size()];
            for (int j = 0; j < f.length; j++) {
                f[j] =
                        withMissing && random.nextInt(20) == 0
                                ? Double.NaN
                                : random.nextDouble() * 10;
            }
            boolean pattern = f[0] > 6 && f[1] > 6 || f[2] < 0.7;
            boolean fraud = random.nextInt(50) == 0 ? !pattern : pattern; // 2% label noise
            rows.add(new LabelledVector(f, fraud));
        }
        return rows;
    }

    @Test
    void theExportScoresLikeXGBoostItselfWithinOneInAHundredThousand() throws Exception {
        List<LabelledVector> training = rows(1, 5000, true);
        List<LabelledVector> probe = rows(2, 3000, true);
        DMatrix train = XGBoostTrainer.matrix(training, FEATURES.size());
        DMatrix test = XGBoostTrainer.matrix(probe, FEATURES.size());
        Map<String, Object> params =
                new HashMap<>(
                        Map.of(
                                "objective",
                                "binary:logistic",
                                "max_depth",
                                4,
                                "eta",
                                0.2,
                                "nthread",
                                1,
                                "seed",
                                3,
                                "base_score",
                                0.5));
        Booster booster = XGBoost.train(train, params, 100, new HashMap<>(), null, null);
        try {
            float[][] expected = booster.predict(test);
            byte[] onnx =
                    XGBoostOnnxConverter.convert(
                            booster.getModelDump((String) null, false, "json"),
                            FEATURES.size(),
                            0f);
            ModelManifest manifest =
                    new ModelManifest(
                            "xgb",
                            "1",
                            0.5,
                            List.of(
                                    new ModelInput(
                                            "input",
                                            FEATURES.stream()
                                                    .map(f -> new FeatureInput(f, null))
                                                    .toList())),
                            new ModelOutput("probabilities", "1"),
                            Map.of(),
                            Map.of(),
                            null);

            double[] actual =
                    OfflineScoring.score(
                            onnx,
                            manifest,
                            FEATURES,
                            probe.stream().map(LabelledVector::features).toList());

            double max = 0;
            for (int i = 0; i < actual.length; i++) {
                max = Math.max(max, Math.abs(actual[i] - expected[i][0]));
            }
            assertThat(max)
                    .as("largest difference over 3,000 rows, missing values included")
                    .isLessThanOrEqualTo(1e-5);
            assertThat(booster.getModelDump((String) null, false, "json")).hasSize(100);
        } finally {
            booster.dispose();
            train.dispose();
            test.dispose();
        }
    }

    @Test
    void treeShapOnTheExportEqualsXGBoostsOwnContributions() throws Exception {
        List<LabelledVector> training = rows(6, 4000, true);
        List<LabelledVector> probe = rows(7, 500, true);
        DMatrix train = XGBoostTrainer.matrix(training, FEATURES.size());
        DMatrix test = XGBoostTrainer.matrix(probe, FEATURES.size());
        Map<String, Object> params =
                new HashMap<>(
                        Map.of(
                                "objective",
                                "binary:logistic",
                                "max_depth",
                                4,
                                "eta",
                                0.2,
                                "nthread",
                                1,
                                "seed",
                                3,
                                "base_score",
                                0.5));
        Booster booster = XGBoost.train(train, params, 100, new HashMap<>(), null, null);
        try {
            float[][] expected = booster.predictContrib(test, 0);
            byte[] onnx =
                    XGBoostOnnxConverter.convert(
                            booster.getModelDump((String) null, true, "json"), FEATURES.size(), 0f);
            ModelManifest manifest =
                    new ModelManifest(
                            "xgb",
                            "1",
                            0.5,
                            List.of(
                                    new ModelInput(
                                            "input",
                                            FEATURES.stream()
                                                    .map(f -> new FeatureInput(f, null))
                                                    .toList())),
                            new ModelOutput("probabilities", "1"),
                            Map.of(),
                            Map.of(),
                            null,
                            null,
                            new ReasonCodes(ReasonCodes.TREE_SHAP, 5, null, null));
            double[][] rows = probe.stream().map(LabelledVector::features).toArray(double[][]::new);
            double[] scores = new double[rows.length];
            @SuppressWarnings("unchecked")
            List<Reason>[] reasons = new List[rows.length];
            try (OnnxScorer scorer = OnnxScorer.load(onnx, manifest, FEATURES, 64)) {
                Explainer explainer = Explainer.of(manifest, FEATURES, onnx);
                explainer.verify(scorer, FEATURES.size(), 0);
                scorer.score(new VectorRows().reset(rows, rows.length), scores);
                explainer.explain(
                        scorer, rows, new String[rows.length][0], rows.length, scores, reasons);
            }

            double max = 0;
            for (int i = 0; i < rows.length; i++) {
                assertThat(reasons[i]).hasSize(FEATURES.size());
                for (Reason reason : reasons[i]) {
                    int column = FEATURES.indexOf(reason.getFeature());
                    max = Math.max(max, Math.abs(reason.getContribution() - expected[i][column]));
                }
            }
            assertThat(max)
                    .as("largest difference from predictContrib over 500 rows, missing included")
                    .isLessThanOrEqualTo(1e-5);
        } finally {
            booster.dispose();
            train.dispose();
            test.dispose();
        }
    }

    @Test
    void aDumpWithNamedFeaturesIsRefusedWithTheFix() {
        String tree =
                "{\"nodeid\": 0, \"split\": \"amount\", \"split_condition\": 1.0, \"yes\": 1,"
                    + " \"no\": 2, \"missing\": 2, \"children\": [{\"nodeid\": 1, \"leaf\": 0.1},"
                    + " {\"nodeid\": 2, \"leaf\": -0.1}]}";
        assertThatThrownBy(() -> XGBoostOnnxConverter.convert(new String[] {tree}, 1, 0f))
                .hasMessageContaining("dump the model without a feature map");
    }

    @Test
    void theTrainerBeatsALineOnTreeShapedFraudAndChecksItsExport() throws Exception {
        List<LabelledVector> training = rows(4, 6000, false);
        List<LabelledVector> holdout = rows(5, 2000, false);

        TrainedModel trees =
                new XGBoostTrainer(100, 4, 0.2, 1)
                        .train(training, holdout, FEATURES, "fraud-xgb", "1");
        TrainedModel line =
                new LogisticRegressionTrainer(5, 1)
                        .train(training, holdout, FEATURES, "fraud-lr", "1");

        assertThat(trees.holdoutAuc()).isGreaterThan(0.95).isGreaterThan(line.holdoutAuc() + 0.05);
        assertThat(trees.manifest().metrics().get("onnxMaxDifference"))
                .isLessThanOrEqualTo(XGBoostTrainer.MAX_EXPORT_DIFFERENCE);
        assertThat(trees.manifest().profile().features()).containsOnlyKeys(FEATURES);
        assertThat(trees.manifest().tags()).containsEntry("trainer", "xgboost");
        assertThat(trees.manifest().reasons().explainer()).isEqualTo(ReasonCodes.TREE_SHAP);
        try (OnnxScorer scorer = OnnxScorer.load(trees.onnx(), trees.manifest(), FEATURES, 64)) {
            // What a job checks before serving it: its TreeSHAP values add up to its scores.
            Explainer.of(trees.manifest(), FEATURES, trees.onnx())
                    .verify(scorer, FEATURES.size(), 0);
        }
        double[] served =
                OfflineScoring.score(
                        trees.onnx(),
                        trees.manifest(),
                        FEATURES,
                        holdout.stream().map(LabelledVector::features).toList());
        boolean[] fraud = new boolean[holdout.size()];
        for (int i = 0; i < fraud.length; i++) {
            fraud[i] = holdout.get(i).fraud();
        }
        assertThat(Auc.of(served, fraud))
                .as("served through the manifest, the same AUC")
                .isCloseTo(trees.holdoutAuc(), Assertions.within(1e-4));
    }
}
