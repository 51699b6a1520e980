package io.vigil.modelops.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import io.vigil.modelops.testutils.OnnxGraphs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A model with string, float and int64 inputs scores streamed vectors and text features. */
class MixedInputsTest {

    static final Map<String, Float> RISK = Map.of("NL", -1f, "DE", 0.5f, "FR", 1f);

    static ModelManifest manifest() {
        return new ModelManifest(
                "scorecard",
                "1",
                0.5,
                List.of(
                        new ModelInput("category", List.of(new FeatureInput("country", null))),
                        new ModelInput("amount", List.of(new FeatureInput("amount", null))),
                        new ModelInput("count", List.of(new FeatureInput("count_1h", null)))),
                new ModelOutput("probability", "1"),
                Map.of(),
                Map.of(),
                null);
    }

    @Test
    void feedsEachInputItsTypeAndAnAbsentTextAsEmpty() throws Exception {
        double[][] vectors = {{120, 3}, {10, 0}, {0, 7}, {55.5, 1}};
        String[][] texts = {{"FR"}, {"NL"}, {null}, {"XX"}};
        double[] scores = new double[vectors.length];

        try (OnnxScorer scorer =
                OnnxScorer.load(
                        OnnxGraphs.categoricalScorecard(RISK, 0.01f, 0.2f),
                        manifest(),
                        List.of("amount", "count_1h"),
                        List.of("country"),
                        8)) {
            scorer.score(new VectorRows().reset(vectors, texts, vectors.length), scores);
        }

        for (int i = 0; i < vectors.length; i++) {
            double risk = texts[i][0] == null ? 0 : RISK.getOrDefault(texts[i][0], 0f);
            double logit = risk + 0.01 * vectors[i][0] + 0.2 * vectors[i][1];
            assertThat(scores[i])
                    .as("row " + i)
                    .isCloseTo(1 / (1 + Math.exp(-logit)), within(1e-6));
        }
    }
}
