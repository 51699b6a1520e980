package io.vigil.modelops.explain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import io.vigil.modelops.manifest.ReasonCodes;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.testutils.OnnxGraphs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What TreeSHAP refuses to explain; its values against XGBoost's own are checked where Vigil's
 * XGBoost export is made (the retrainer's {@code XGBoostOnnxConverterTest}).
 */
class TreeShapExplainerTest {

    private static final List<String> FEATURES = List.of("a", "b");

    @Test
    void aModelWithoutATreeEnsembleIsRefusedNamingWhatIsMissing() {
        assertThatThrownBy(
                        () ->
                                Explainer.of(
                                        manifest(),
                                        FEATURES,
                                        OnnxGraphs.logistic(new float[] {1f, 2f}, 0f)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("has no TreeEnsembleClassifier or TreeEnsembleRegressor");
    }

    @Test
    void bytesThatAreNoModelAreRefused() {
        assertThatThrownBy(() -> Explainer.of(manifest(), FEATURES, new byte[] {1, 2, 3}))
                .isInstanceOf(ModelLoadException.class);
    }

    private static ModelManifest manifest() {
        return new ModelManifest(
                "trees",
                "1",
                0.5,
                List.of(
                        new ModelInput(
                                "input",
                                FEATURES.stream().map(f -> new FeatureInput(f, null)).toList())),
                new ModelOutput("output", "1"),
                Map.of(),
                Map.of(),
                null,
                null,
                ReasonCodes.treeShap());
    }
}
