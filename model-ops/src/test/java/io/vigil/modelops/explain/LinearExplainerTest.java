package io.vigil.modelops.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.FeatureTransform;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import io.vigil.modelops.manifest.ReasonCodes;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import io.vigil.modelops.testutils.OnnxGraphs;
import io.vigil.schemas.Reason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinearExplainerTest {

    private static final List<String> FEATURES = List.of("amount", "velocity", "age", "distance");
    private static final float[] WEIGHTS = {0.8f, -1.5f, 0.05f, 0.3f};
    private static final Map<String, Double> BASELINE = baseline(1.0, 2.0, 30.0, 0.5);

    @Test
    void contributionsAreTheWeightTimesTheDistanceFromTheBaselineLargestFirst() throws Exception {
        ModelManifest manifest = manifest(ReasonCodes.linear(BASELINE));
        try (OnnxScorer scorer =
                OnnxScorer.load(OnnxGraphs.logistic(WEIGHTS, -2f), manifest, FEATURES, 64)) {
            Explainer explainer = Explainer.of(manifest, FEATURES, new byte[0]);
            explainer.verify(scorer, FEATURES.size(), 0);
            double[][] rows = {{3.0, 1.0, 45.0, 0.5}, {1.0, 4.0, 20.0, 2.5}};
            double[] scores = new double[2];
            scorer.score(new VectorRows().reset(rows, 2), scores);
            @SuppressWarnings("unchecked")
            List<Reason>[] reasons = new List[2];

            explainer.explain(scorer, rows, new String[2][0], 2, scores, reasons);

            // Row 0: amount +1.6, velocity +1.5, age +0.75, distance 0.
            assertThat(reasons[0])
                    .extracting(Reason::getFeature)
                    .containsExactly("amount", "velocity", "age");
            assertThat(reasons[0].get(0).getContribution()).isCloseTo(0.8 * 2.0, within(1e-4));
            assertThat(reasons[0].get(1).getContribution()).isCloseTo(-1.5 * -1.0, within(1e-4));
            assertThat(reasons[0].get(2).getContribution()).isCloseTo(0.05 * 15, within(1e-4));
            assertThat(reasons[0].get(0).getValue()).isEqualTo(3.0);
            // Row 1: velocity -3.0 outweighs distance +0.6 and age -0.5.
            assertThat(reasons[1])
                    .extracting(Reason::getFeature)
                    .containsExactly("velocity", "distance", "age");
            assertThat(reasons[1].get(0).getContribution()).isCloseTo(-3.0, within(1e-4));
        }
    }

    @Test
    void aVerifiedAffineModelIsExplainedFromProbedWeightsAsAblationExplainsIt() throws Exception {
        ModelManifest manifest = manifest(ReasonCodes.linear(BASELINE));
        try (OnnxScorer scorer =
                OnnxScorer.load(OnnxGraphs.logistic(WEIGHTS, -2f), manifest, FEATURES, 64)) {
            LinearExplainer verified = verified(manifest, scorer);
            Explainer ablating = Explainer.of(manifest, FEATURES, new byte[0]);

            assertThat(verified.hasWeights()).isTrue();
            double[][] rows = randomRows(200, 1.0);
            List<Reason>[] reasons = assertSameReasons(scorer, verified, ablating, rows);
            for (int i = 0; i < rows.length; i++) {
                for (Reason reason : reasons[i]) {
                    int f = FEATURES.indexOf(reason.getFeature());
                    assertThat(reason.getContribution())
                            .as("row %d, %s: the weight times the distance", i, reason.getFeature())
                            .isCloseTo(
                                    WEIGHTS[f] * (rows[i][f] - BASELINE.get(reason.getFeature())),
                                    within(1e-4));
                }
            }
        }
    }

    @Test
    void aManifestTransformIsExplainedFromTheWeightOfTheTransformedValue() throws Exception {
        // ln(1 + max(0, x)) of the amount: the weight applies to the transformed value, whether
        // the baseline is where log1p curves (1) or where it is flat (-4).
        for (double amountBaseline : new double[] {1.0, -4.0}) {
            Map<String, Double> baseline = baseline(amountBaseline, 2.0, 30.0, 0.5);
            ModelManifest manifest = manifest(ReasonCodes.linear(baseline), FeatureTransform.LOG1P);
            try (OnnxScorer scorer =
                    OnnxScorer.load(OnnxGraphs.logistic(WEIGHTS, -2f), manifest, FEATURES, 64)) {
                LinearExplainer verified = verified(manifest, scorer);

                assertThat(verified.hasWeights()).as("baseline %s", amountBaseline).isTrue();
                double[][] rows = randomRows(100, 1.0);
                List<Reason>[] reasons =
                        assertSameReasons(
                                scorer,
                                verified,
                                Explainer.of(manifest, FEATURES, new byte[0]),
                                rows);
                for (int i = 0; i < rows.length; i++) {
                    for (Reason reason : reasons[i]) {
                        if (reason.getFeature().equals("amount")) {
                            assertThat(reason.getContribution())
                                    .isCloseTo(
                                            WEIGHTS[0]
                                                    * (FeatureTransform.LOG1P.apply(rows[i][0])
                                                            - FeatureTransform.LOG1P.apply(
                                                                    amountBaseline)),
                                            within(1e-4));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aGraphThatTakesLog1pOfItsInputsIsExplainedFromWeightsOnTheLog1p() throws Exception {
        ModelManifest manifest = manifest(ReasonCodes.linear(BASELINE));
        try (OnnxScorer scorer =
                OnnxScorer.load(OnnxGraphs.logisticOfLog1p(WEIGHTS, -2f), manifest, FEATURES, 64)) {
            LinearExplainer verified = verified(manifest, scorer);

            assertThat(verified.hasWeights()).isTrue();
            assertThat(verified).hasToString("linear reasons from probed weights");
            double[][] rows = randomRows(100, 3.0);
            List<Reason>[] reasons =
                    assertSameReasons(
                            scorer, verified, Explainer.of(manifest, FEATURES, new byte[0]), rows);
            for (int i = 0; i < rows.length; i++) {
                for (Reason reason : reasons[i]) {
                    int f = FEATURES.indexOf(reason.getFeature());
                    assertThat(reason.getContribution())
                            .isCloseTo(
                                    WEIGHTS[f]
                                            * (FeatureTransform.LOG1P.apply(rows[i][f])
                                                    - FeatureTransform.LOG1P.apply(
                                                            BASELINE.get(reason.getFeature()))),
                                    within(1e-4));
                }
            }
        }
    }

    @Test
    void aRowBeyondWhereTheProbesFoundTheModelAffineIsAblated() throws Exception {
        // The graph clips every input at 10: affine around the baseline, flat above 10, so the
        // probed weights are wrong for rows beyond; their contributions do not add up, and they
        // are ablated.
        ModelManifest manifest = manifest(ReasonCodes.linear(BASELINE));
        try (OnnxScorer scorer =
                OnnxScorer.load(
                        OnnxGraphs.clippedLogistic(WEIGHTS, -2f, 10f), manifest, FEATURES, 64)) {
            LinearExplainer verified = verified(manifest, scorer);
            assertThat(verified.hasWeights()).isTrue();

            double[][] rows = {{25.0, 1.0, 45.0, 0.5}, {3.0, 1.0, 5.0, 0.5}};
            List<Reason>[] reasons =
                    assertSameReasons(
                            scorer, verified, Explainer.of(manifest, FEATURES, new byte[0]), rows);
            assertThat(reasons[0].get(0).getFeature()).isEqualTo("amount");
            assertThat(reasons[0].get(0).getContribution())
                    .as("the amount counts up to the clip only")
                    .isCloseTo(0.8 * (10 - 1.0), within(1e-3));
        }
    }

    /** The linear explainer of {@code manifest}, verified as the scoring operator does. */
    private static LinearExplainer verified(ModelManifest manifest, OnnxScorer scorer)
            throws Exception {
        LinearExplainer explainer = (LinearExplainer) Explainer.of(manifest, FEATURES, new byte[0]);
        explainer.verify(scorer, FEATURES.size(), 0);
        return explainer;
    }

    /** Both explainers give the same reasons to every row; returns the first's. */
    private static List<Reason>[] assertSameReasons(
            OnnxScorer scorer, Explainer explainer, Explainer reference, double[][] rows)
            throws Exception {
        double[] scores = new double[rows.length];
        scorer.score(new VectorRows().reset(rows, rows.length), scores);
        @SuppressWarnings("unchecked")
        List<Reason>[] reasons = new List[rows.length];
        @SuppressWarnings("unchecked")
        List<Reason>[] expected = new List[rows.length];
        String[][] texts = new String[rows.length][0];
        explainer.explain(scorer, rows, texts, rows.length, scores, reasons);
        reference.explain(scorer, rows, texts, rows.length, scores, expected);
        for (int i = 0; i < rows.length; i++) {
            assertThat(reasons[i]).hasSameSizeAs(expected[i]);
            for (int r = 0; r < reasons[i].size(); r++) {
                Reason reason = reasons[i].get(r);
                Reason ablated = expected[i].get(r);
                // Ablation reads log-odds off float probabilities, which far from the baseline
                // round to a few parts in 10,000.
                assertThat(reason.getContribution())
                        .as("row %d reason %d", i, r)
                        .isCloseTo(
                                ablated.getContribution(),
                                within(1e-3 * (1 + Math.abs(ablated.getContribution()))));
                if (Math.abs(ablated.getContribution()) > 1e-3) {
                    assertThat(reason.getFeature()).isEqualTo(ablated.getFeature());
                }
            }
        }
        return reasons;
    }

    private static double[][] randomRows(int n, double scale) {
        java.util.Random random = new java.util.Random(n);
        double[][] rows = new double[n][FEATURES.size()];
        for (double[] row : rows) {
            for (int f = 0; f < row.length; f++) {
                row[f] = random.nextGaussian() * scale * (f == 2 ? 20 : 2);
            }
        }
        return rows;
    }

    @Test
    void onlyFlaggedPredictionsAreExplainedWhenTheManifestSaysSo() throws Exception {
        ModelManifest manifest =
                manifest(new ReasonCodes(ReasonCodes.LINEAR, 3, BASELINE, ReasonCodes.FLAGGED));
        try (OnnxScorer scorer =
                OnnxScorer.load(OnnxGraphs.logistic(WEIGHTS, -2f), manifest, FEATURES, 64)) {
            Explainer explainer = Explainer.of(manifest, FEATURES, new byte[0]);
            double[][] rows = {{3.0, 1.0, 45.0, 0.5}, {1.0, 4.0, 20.0, 2.5}};
            double[] scores = new double[2];
            scorer.score(new VectorRows().reset(rows, 2), scores);
            @SuppressWarnings("unchecked")
            List<Reason>[] reasons = new List[2];

            explainer.explain(scorer, rows, new String[2][0], 2, scores, reasons);

            assertThat(manifest.flags(scores[0])).isTrue();
            assertThat(manifest.flags(scores[1])).isFalse();
            assertThat(reasons[0])
                    .extracting(Reason::getFeature)
                    .containsExactly("amount", "velocity", "age");
            assertThat(reasons[1]).as("an ALLOW decision is not explained").isNull();
        }
    }

    @Test
    void aModelWhoseFeaturesInteractInItsLogOddsIsRefused() throws Exception {
        ModelManifest manifest = manifest(ReasonCodes.linear(BASELINE));
        try (OnnxScorer scorer =
                OnnxScorer.load(OnnxGraphs.squaredMargin(WEIGHTS, -2f), manifest, FEATURES, 64)) {
            Explainer explainer = Explainer.of(manifest, FEATURES, new byte[0]);

            assertThatThrownBy(() -> explainer.verify(scorer, FEATURES.size(), 0))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("do not add up")
                    .hasMessageContaining("declare explainer none");
        }
    }

    @Test
    void aBaselineFeatureTheJobLacksCannotBeExplained() {
        ModelManifest manifest = manifest(ReasonCodes.linear(BASELINE));

        assertThatThrownBy(() -> Explainer.of(manifest, List.of("amount", "velocity"), new byte[0]))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("age");
    }

    @Test
    void noExplainerIsBuiltForAVersionThatAsksForNoReasons() throws Exception {
        assertThat(Explainer.of(manifest(null), FEATURES, new byte[0])).isNull();
        assertThat(
                        Explainer.of(
                                manifest(new ReasonCodes(ReasonCodes.LINEAR, 0, BASELINE, null)),
                                FEATURES,
                                new byte[0]))
                .isNull();
    }

    @Test
    void aManifestWithAnInvalidReasonsBlockIsRefusedNamingEachProblem() {
        ModelManifest invalid =
                manifest(
                        new ReasonCodes(
                                "shap", -1, Map.of("amount", 1.0, "colour", 2.0), "sometimes", 0));

        assertThatThrownBy(() -> ModelManifest.fromYaml(invalid.toYaml()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reasons.explainer must be linear, tree-shap or none")
                .hasMessageContaining("reasons.top must be from 0 to 20 (was -1)")
                .hasMessageContaining("reasons.baseline names colour")
                .hasMessageContaining("reasons.predictions must be all or flagged")
                .hasMessageContaining("reasons.background must be from 1 to 1000 (was 0)");
    }

    @Test
    void theReasonsBlockSurvivesTheManifestsYaml() {
        ModelManifest manifest = manifest(ReasonCodes.linear(BASELINE));

        ModelManifest read = ModelManifest.fromYaml(manifest.toYaml());

        assertThat(read.reasons()).isEqualTo(manifest.reasons());
        assertThat(read.reasons().top()).isEqualTo(3);
    }

    private static ModelManifest manifest(ReasonCodes reasons) {
        return manifest(reasons, FeatureTransform.NONE);
    }

    /** A manifest whose first feature (the amount) goes through {@code amount}. */
    private static ModelManifest manifest(ReasonCodes reasons, FeatureTransform amount) {
        return new ModelManifest(
                "fraud-lr",
                "1",
                0.5,
                List.of(
                        new ModelInput(
                                "input",
                                FEATURES.stream()
                                        .map(
                                                f ->
                                                        new FeatureInput(
                                                                f,
                                                                f.equals("amount")
                                                                        ? amount
                                                                        : FeatureTransform.NONE))
                                        .toList())),
                new ModelOutput("output", "1"),
                Map.of(),
                Map.of(),
                null,
                null,
                reasons);
    }

    private static Map<String, Double> baseline(double... values) {
        Map<String, Double> baseline = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            baseline.put(FEATURES.get(i), values[i]);
        }
        return baseline;
    }
}
