package io.vigil.modelops.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.FeatureTransform;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import io.vigil.modelops.manifest.OutputTransform;
import io.vigil.modelops.testutils.OnnxGraphs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A model that outputs a margin (a decision function) serves when its manifest declares SIGMOID.
 */
class OutputTransformTest {

    private static final List<String> FEATURES = List.of("a", "b");
    private static final byte[] MARGIN = OnnxGraphs.sumsItsInputs(2);

    private static ModelManifest manifest(OutputTransform transform) {
        return new ModelManifest(
                "svm",
                "1",
                0.5,
                List.of(
                        new ModelInput(
                                "input",
                                List.of(
                                        new FeatureInput("a", FeatureTransform.NONE),
                                        new FeatureInput("b", FeatureTransform.NONE)))),
                new ModelOutput("output", "1", transform),
                Map.of(),
                Map.of(),
                null);
    }

    private static FeatureRows rows(double[]... rows) {
        return new VectorRows().reset(rows, rows.length);
    }

    @Test
    void aMarginWithoutADeclaredTransformIsRefusedWithWhatToDeclare() throws Exception {
        try (OnnxScorer scorer =
                OnnxScorer.load(MARGIN, manifest(OutputTransform.NONE), FEATURES, 8)) {
            assertThatThrownBy(() -> scorer.warmUp(rows(new double[] {2, 3})))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("gave the score 5.0")
                    .hasMessageContaining("declares output.transform: SIGMOID")
                    .hasMessageContaining("a raw score in its own units declares output.range");
        }
    }

    @Test
    void aDeclaredRangeServesTheRawScoreAndRefusesOneBeyondIt() throws Exception {
        ModelManifest raw =
                new ModelManifest(
                        "svm",
                        "1",
                        0.0,
                        manifest(OutputTransform.NONE).inputs(),
                        new ModelOutput("output", "1", OutputTransform.NONE, List.of(-10.0, 10.0)),
                        Map.of(),
                        Map.of(),
                        null);
        try (OnnxScorer scorer = OnnxScorer.load(MARGIN, raw, FEATURES, 8)) {
            scorer.warmUp(rows(new double[] {2, 3}));
            double[] scores = new double[2];
            scorer.score(rows(new double[] {2, 3}, new double[] {-1, -2}), scores);
            assertThat(scores).containsExactly(5, -3);

            assertThatThrownBy(() -> scorer.warmUp(rows(new double[] {20, 3})))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining(
                            "gave the score 23.0 in its warm-up run; scores must be finite and"
                                    + " within its output.range [-10, 10]");
        }
    }

    @Test
    void aDeclaredSigmoidTurnsTheMarginIntoAProbability() throws Exception {
        try (OnnxScorer scorer =
                OnnxScorer.load(MARGIN, manifest(OutputTransform.SIGMOID), FEATURES, 8)) {
            scorer.warmUp(rows(new double[] {2, 3}));
            double[] scores = new double[3];
            scorer.score(
                    rows(new double[] {2, 3}, new double[] {-1, -2}, new double[] {0, 0}), scores);

            assertThat(scores[0]).isCloseTo(1 / (1 + Math.exp(-5)), within(1e-6));
            assertThat(scores[1]).isCloseTo(1 / (1 + Math.exp(3)), within(1e-6));
            assertThat(scores[2]).isCloseTo(0.5, within(1e-9));
        }
    }

    @Test
    void theManifestDeclaresItInYamlAndProbabilitiesNeedNothing() {
        String yaml =
                """
                name: svm
                version: "1"
                threshold: 0.5
                inputs:
                  - {name: input, features: [{name: a}, {name: b}]}
                output: {name: output, transform: SIGMOID}
                """;
        assertThat(
                        ModelManifest.fromYaml(yaml.getBytes(StandardCharsets.UTF_8))
                                .output()
                                .transform())
                .isEqualTo(OutputTransform.SIGMOID);
        assertThat(
                        ModelManifest.fromYaml(
                                        yaml.replace(", transform: SIGMOID", "")
                                                .getBytes(StandardCharsets.UTF_8))
                                .output()
                                .transform())
                .isEqualTo(OutputTransform.NONE);
    }
}
