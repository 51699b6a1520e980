package io.vigil.retrainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.modelops.explain.Explainer;
import io.vigil.modelops.manifest.FeatureTransform;
import io.vigil.modelops.manifest.ReasonCodes;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.modelops.testutils.TestModels;
import io.vigil.schemas.Reason;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class LogisticRegressionTrainerTest {

    @Test
    void learnsTheSignalAndExportsAServableModel() throws Exception {
        LogisticRegressionTrainer.Fitted fitted =
                new LogisticRegressionTrainer(5, 42)
                        .fit(
                                labelled(TestModels.rows(4000, 1)),
                                labelled(TestModels.rows(1000, 2)),
                                TestModels.FEATURES,
                                "test-lr",
                                "1");
        TrainedModel model = fitted.trained();

        assertThat(model.holdoutAuc()).isGreaterThan(0.9);
        assertThat(model.manifest().featureNames())
                .containsExactlyInAnyOrderElementsOf(TestModels.FEATURES);
        assertThat(model.manifest().inputs().get(0).features())
                .as("raw features: the graph applies log1p itself")
                .allMatch(f -> f.transform() == FeatureTransform.NONE);
        assertThat(model.manifest().threshold()).isBetween(0.0, 1.0);
        assertThat(model.manifest().metrics()).containsKey("holdoutAuc");

        List<LabelledVector> holdout = labelled(TestModels.rows(1000, 2));
        double[][] rows = holdout.stream().map(LabelledVector::features).toArray(double[][]::new);
        double[] scores = new double[rows.length];
        try (OnnxScorer scorer =
                OnnxScorer.load(model.onnx(), model.manifest(), TestModels.FEATURES, 64)) {
            scorer.score(new VectorRows().reset(rows, rows.length), scores);
        }
        double[] tribuo = fitted.tribuoScores(holdout, TestModels.FEATURES);
        for (int i = 0; i < rows.length; i++) {
            assertThat(scores[i])
                    .as("row %d: the exported ONNX model scores as Tribuo does", i)
                    .isCloseTo(tribuo[i], Assertions.within(1e-5));
        }
        assertThat(Auc.of(scores, holdout)).isCloseTo(model.holdoutAuc(), Assertions.within(1e-3));

        assertThat(model.manifest().reasons().explainer()).isEqualTo(ReasonCodes.LINEAR);
        assertThat(model.manifest().reasons().baseline())
                .as("the training rows' means")
                .isEqualTo(
                        LogisticRegressionTrainer.means(
                                labelled(TestModels.rows(4000, 1)), TestModels.FEATURES));
        try (OnnxScorer scorer =
                OnnxScorer.load(model.onnx(), model.manifest(), TestModels.FEATURES, 64)) {
            Explainer explainer = Explainer.of(model.manifest(), TestModels.FEATURES, model.onnx());
            // Additive in its log-odds (log1p then a weighted sum): the contributions add up.
            explainer.verify(scorer, TestModels.FEATURES.size(), 0);
            assertThat(explainer)
                    .as("log1p in the graph, then weights: found by the explainer's probes")
                    .hasToString("linear reasons from probed weights");
            @SuppressWarnings("unchecked")
            List<Reason>[] reasons = new List[rows.length];
            explainer.explain(
                    scorer, rows, new String[rows.length][0], rows.length, scores, reasons);
            assertThat(reasons).allSatisfy(r -> assertThat(r).hasSize(3));
        }

        double[][] negative = {rows[0].clone(), rows[0].clone()};
        Arrays.fill(negative[0], -3.5); // a z-score can be negative: the transform clamps at 0
        Arrays.fill(negative[1], 0.0);
        double[] clamped = new double[2];
        try (OnnxScorer scorer =
                OnnxScorer.load(model.onnx(), model.manifest(), TestModels.FEATURES, 64)) {
            scorer.score(new VectorRows().reset(negative, 2), clamped);
        }
        assertThat(clamped[0])
                .as("negative values score as zeros, like FeatureTransform.LOG1P")
                .isFinite()
                .isEqualTo(clamped[1]);
    }

    @Test
    void thresholdMaximisesF1() {
        double[] scores = {0.9, 0.8, 0.7, 0.3, 0.2, 0.1};
        boolean[] fraud = {true, true, false, true, false, false};

        assertThat(ThresholdChooser.maximisingF1(scores, fraud)).isEqualTo(0.3);
    }

    @Test
    void refusesASetWithOneClass() {
        List<LabelledVector> genuineOnly =
                List.of(new LabelledVector(new double[] {1, 2, 3}, false));

        assertThatThrownBy(
                        () ->
                                new LogisticRegressionTrainer(1, 1)
                                        .train(
                                                genuineOnly,
                                                genuineOnly,
                                                TestModels.FEATURES,
                                                "m",
                                                "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both fraud and genuine");
    }

    /** Rank-based AUC (Mann-Whitney), independent of Tribuo's implementation. */
    static final class Auc {
        static double of(double[] scores, List<LabelledVector> rows) {
            long pairs = 0;
            double wins = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (!rows.get(i).fraud()) {
                    continue;
                }
                for (int j = 0; j < rows.size(); j++) {
                    if (rows.get(j).fraud()) {
                        continue;
                    }
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
            return wins / pairs;
        }
    }

    static List<LabelledVector> labelled(List<TestModels.Row> rows) {
        return rows.stream().map(r -> new LabelledVector(r.features(), r.fraud())).toList();
    }
}
