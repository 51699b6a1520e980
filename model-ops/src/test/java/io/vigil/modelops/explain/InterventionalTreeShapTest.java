package io.vigil.modelops.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import io.vigil.modelops.manifest.OutputTransform;
import io.vigil.modelops.manifest.ReasonCodes;
import io.vigil.modelops.manifest.ReferenceProfile;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import io.vigil.modelops.testutils.RandomTrees;
import io.vigil.schemas.Reason;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Interventional TreeSHAP, for tree ensembles exported without training covers: on a real
 * scikit-learn export, and against Shapley values enumerated over every coalition and scored by
 * ONNX Runtime.
 */
class InterventionalTreeShapTest {

    private static final String FOREST = "SklearnBinRandomForestClassifier";

    @Test
    void valuesOnAScikitLearnForestSumToTheScoresDeviationFromTheBackgroundMean() throws Exception {
        List<String> features = List.of("x0", "x1");
        double[][] training = rows(2, 500, 1);
        ModelManifest manifest =
                ModelManifest.fromYaml(resource(FOREST + ".yaml"))
                        .withProfile(
                                ReferenceProfile.of(
                                        features, List.of(training), new double[training.length]))
                        .withReasons(new ReasonCodes(ReasonCodes.TREE_SHAP, 2, null, null, 64));
        byte[] onnx = resource(FOREST + ".model.onnx");
        double[][] rows = rows(2, 200, 2);
        try (OnnxScorer scorer = OnnxScorer.load(onnx, manifest, features, 32)) {
            TreeShapExplainer explainer =
                    (TreeShapExplainer) Explainer.of(manifest, features, onnx);
            explainer.verify(scorer, 2, 0);
            double[] scores = scores(scorer, rows);
            List<Reason>[] reasons = explain(explainer, scorer, rows, scores);
            double[][] background = explainer.background();
            assertThat(background).hasNumberOfRows(64);
            double backgroundMean = mean(scores(scorer, background));

            int moved = 0;
            for (int i = 0; i < rows.length; i++) {
                double sum = reasons[i].stream().mapToDouble(Reason::getContribution).sum();
                // The forest adds up probabilities: the values are in the score itself.
                assertThat(sum).as("row " + i).isCloseTo(scores[i] - backgroundMean, within(1e-6));
                moved += Math.abs(sum) > 0.05 ? 1 : 0;
            }
            assertThat(moved).as("rows whose score is far from the background's").isPositive();
        }
    }

    @Test
    void equalsShapleyValuesEnumeratedOverEveryCoalitionScoredByOnnxRuntime() throws Exception {
        int width = 5;
        List<String> features = List.of("a", "b", "c", "d", "e");
        Map<String, Double> baseline = new LinkedHashMap<>();
        double[] base = rows(width, 1, 3)[0];
        for (int f = 0; f < width; f++) {
            baseline.put(features.get(f), base[f]);
        }
        ModelManifest manifest =
                regressor(features, new ReasonCodes(ReasonCodes.TREE_SHAP, width, baseline, null));
        byte[] onnx = RandomTrees.regressor(width, 30, 4, 7);
        double[][] rows = rows(width, 20, 4);
        for (int i = 0; i < rows.length; i += 4) {
            rows[i][i % width] = Double.NaN; // missing values follow their branch
        }
        try (OnnxScorer scorer = OnnxScorer.load(onnx, manifest, features, 64)) {
            Explainer explainer = Explainer.of(manifest, features, onnx);
            explainer.verify(scorer, width, 0);
            List<Reason>[] reasons = explain(explainer, scorer, rows, scores(scorer, rows));

            for (int i = 0; i < rows.length; i++) {
                double[] expected = enumeratedShapley(scorer, rows[i], base);
                for (Reason reason : reasons[i]) {
                    int f = features.indexOf(reason.getFeature());
                    assertThat(reason.getContribution())
                            .as("row " + i + " feature " + reason.getFeature())
                            .isCloseTo(expected[f], within(1e-4));
                }
                assertThat(reasons[i]).hasSize(width);
            }
        }
    }

    @Test
    void treesWithoutCoversProfileOrBaselineAreRefusedSayingWhatIsMissing() {
        List<String> features = List.of("a", "b");
        ModelManifest manifest = regressor(features, ReasonCodes.treeShap());

        assertThatThrownBy(
                        () -> Explainer.of(manifest, features, RandomTrees.regressor(2, 3, 2, 1)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(
                        "no node covers, no reasons.baseline and no reference profile");
    }

    @Test
    void aClassTheForestDoesNotHaveIsRefused() throws Exception {
        ModelManifest forest = ModelManifest.fromYaml(resource(FOREST + ".yaml"));
        ModelManifest manifest =
                new ModelManifest(
                                forest.name(),
                                forest.version(),
                                forest.threshold(),
                                forest.inputs(),
                                new ModelOutput(forest.output().name(), "C"),
                                Map.of(),
                                Map.of(),
                                null)
                        .withReasons(
                                new ReasonCodes(
                                        ReasonCodes.TREE_SHAP,
                                        2,
                                        Map.of("x0", 0.0, "x1", 0.0),
                                        null));

        assertThatThrownBy(
                        () ->
                                Explainer.of(
                                        manifest,
                                        List.of("x0", "x1"),
                                        resource(FOREST + ".model.onnx")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no class C");
    }

    /** Each feature's Shapley value of the game {@code v(S) = f(x on S, baseline elsewhere)}. */
    private static double[] enumeratedShapley(OnnxScorer scorer, double[] x, double[] base)
            throws Exception {
        int width = x.length;
        double[][] hybrids = new double[1 << width][width];
        for (int s = 0; s < hybrids.length; s++) {
            for (int f = 0; f < width; f++) {
                hybrids[s][f] = (s & (1 << f)) != 0 ? x[f] : base[f];
            }
        }
        double[] value = scores(scorer, hybrids);
        double[] phi = new double[width];
        for (int s = 0; s < hybrids.length; s++) {
            int size = Integer.bitCount(s);
            for (int f = 0; f < width; f++) {
                if ((s & (1 << f)) == 0) {
                    double weight =
                            factorial(size) * factorial(width - size - 1) / factorial(width);
                    phi[f] += weight * (value[s | (1 << f)] - value[s]);
                }
            }
        }
        return phi;
    }

    private static double factorial(int n) {
        return n <= 1 ? 1 : n * factorial(n - 1);
    }

    private static ModelManifest regressor(List<String> features, ReasonCodes reasons) {
        return new ModelManifest(
                "random-trees",
                "1",
                0.0,
                List.of(
                        new ModelInput(
                                "input",
                                features.stream().map(f -> new FeatureInput(f, null)).toList())),
                new ModelOutput("variable", "1", OutputTransform.NONE, List.of(-1e3, 1e3)),
                Map.of(),
                Map.of(),
                null,
                null,
                reasons);
    }

    @SuppressWarnings("unchecked")
    private static List<Reason>[] explain(
            Explainer explainer, OnnxScorer scorer, double[][] rows, double[] scores)
            throws Exception {
        List<Reason>[] reasons = new List[rows.length];
        explainer.explain(scorer, rows, new String[rows.length][0], rows.length, scores, reasons);
        return reasons;
    }

    private static double[] scores(OnnxScorer scorer, double[][] rows) throws Exception {
        double[] scores = new double[rows.length];
        scorer.score(new VectorRows().reset(rows, rows.length), scores);
        return scores;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /** Rows of values around the forests' and random trees' thresholds, in [-1.5, 1.5). */
    private static double[][] rows(int width, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] rows = new double[count][width];
        for (double[] row : rows) {
            for (int f = 0; f < width; f++) {
                row[f] = random.nextDouble() * 3 - 1.5;
            }
        }
        return rows;
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in =
                InterventionalTreeShapTest.class.getResourceAsStream("/conformance/" + name)) {
            return in.readAllBytes();
        }
    }
}
