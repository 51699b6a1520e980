package io.vigil.modelops.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.modelops.testutils.TestModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxScorerTest {

    private final TrainedModel model = TestModels.logisticRegression();

    /**
     * Scores computed by ONNX Runtime directly, one row per run, with the manifest's inputs by
     * hand.
     */
    private double[] directScores(double[][] rows) throws Exception {
        ModelManifest manifest = model.manifest();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        double[] scores = new double[rows.length];
        try (OrtSession session =
                env.createSession(model.onnx(), new OrtSession.SessionOptions())) {
            for (int r = 0; r < rows.length; r++) {
                List<FeatureInput> features = manifest.inputs().get(0).features();
                float[][] input = new float[1][features.size()];
                for (int c = 0; c < input[0].length; c++) {
                    FeatureInput feature = features.get(c);
                    input[0][c] =
                            (float)
                                    feature.transform()
                                            .apply(
                                                    rows[r][
                                                            TestModels.FEATURES.indexOf(
                                                                    feature.name())]);
                }
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, input);
                        OrtSession.Result result =
                                session.run(Map.of(manifest.inputs().get(0).name(), tensor))) {
                    float[][] probabilities =
                            (float[][]) result.get(manifest.output().name()).get().getValue();
                    scores[r] =
                            probabilities[0][Integer.parseInt(manifest.output().positiveClass())];
                }
            }
        }
        return scores;
    }

    private static double[][] rows(int count) {
        return TestModels.vectors(count, 7).toArray(double[][]::new);
    }

    @Test
    void batchedScoresEqualOnnxRuntimeRunRowByRow() throws Exception {
        double[][] rows = rows(150); // more than two batches of 64, the last one partial
        double[] expected = directScores(rows);
        double[] actual = new double[rows.length];

        try (OnnxScorer scorer =
                OnnxScorer.load(model.onnx(), model.manifest(), TestModels.FEATURES, 64)) {
            scorer.score(new VectorRows().reset(rows, rows.length), actual);
        }

        for (int i = 0; i < rows.length; i++) {
            assertThat(actual[i]).as("row " + i).isCloseTo(expected[i], within(1e-6));
        }
        assertThat(Arrays.stream(actual).distinct().count()).as("scores vary").isGreaterThan(100);
    }

    @Test
    void readsFeaturesByNameWhateverTheirOrderInTheVector() throws Exception {
        double[][] rows = rows(10);
        List<String> reversed = new ArrayList<>(TestModels.FEATURES);
        Collections.reverse(reversed);
        double[][] reversedRows =
                Arrays.stream(rows)
                        .map(r -> new double[] {r[2], r[1], r[0]})
                        .toArray(double[][]::new);
        double[] expected = directScores(rows);
        double[] actual = new double[rows.length];

        try (OnnxScorer scorer = OnnxScorer.load(model.onnx(), model.manifest(), reversed, 8)) {
            scorer.score(new VectorRows().reset(reversedRows, rows.length), actual);
        }

        assertThat(actual).containsExactly(expected, within(1e-6));
    }

    @Test
    void rejectsBytesThatAreNotAModel() {
        assertThatThrownBy(
                        () ->
                                OnnxScorer.load(
                                        new byte[] {1, 2, 3},
                                        model.manifest(),
                                        TestModels.FEATURES,
                                        8))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("not a loadable ONNX model");
    }

    @Test
    void rejectsATruncatedModel() {
        byte[] truncated = Arrays.copyOf(model.onnx(), model.onnx().length / 2);

        assertThatThrownBy(
                        () -> OnnxScorer.load(truncated, model.manifest(), TestModels.FEATURES, 8))
                .isInstanceOf(ModelLoadException.class);
    }

    @Test
    void rejectsAFeatureTheJobDoesNotCompute() {
        assertThatThrownBy(
                        () ->
                                OnnxScorer.load(
                                        model.onnx(),
                                        model.manifest(),
                                        List.of("amount", "mean_amount"),
                                        8))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("count_1h")
                .hasMessageContaining("not available");
    }

    @Test
    void rejectsAManifestWhoseFeaturesDoNotMatchTheModelWidth() {
        ModelManifest m = model.manifest();
        ModelInput input = m.inputs().get(0);
        ModelManifest twoFeatures =
                new ModelManifest(
                        m.name(),
                        m.version(),
                        m.threshold(),
                        List.of(new ModelInput(input.name(), input.features().subList(0, 2))),
                        m.output(),
                        m.metrics(),
                        m.tags(),
                        null);

        assertThatThrownBy(() -> OnnxScorer.load(model.onnx(), twoFeatures, TestModels.FEATURES, 8))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("has shape [-1, 3] but the manifest lists 2 feature(s)");
    }

    @Test
    void rejectsUnknownInputAndOutputNames() {
        ModelManifest m = model.manifest();
        ModelManifest badInput =
                new ModelManifest(
                        m.name(),
                        m.version(),
                        m.threshold(),
                        List.of(new ModelInput("x", m.inputs().get(0).features())),
                        m.output(),
                        m.metrics(),
                        m.tags(),
                        null);
        ModelManifest badOutput =
                new ModelManifest(
                        m.name(),
                        m.version(),
                        m.threshold(),
                        m.inputs(),
                        new ModelOutput("probabilities", "1"),
                        m.metrics(),
                        m.tags(),
                        null);

        assertThatThrownBy(() -> OnnxScorer.load(model.onnx(), badInput, TestModels.FEATURES, 8))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("has no input 'x'");
        assertThatThrownBy(() -> OnnxScorer.load(model.onnx(), badOutput, TestModels.FEATURES, 8))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'probabilities'");
    }
}
