package io.vigil.modelops.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelManifestTest {

    @Test
    void roundTripsThroughYaml() {
        ModelManifest manifest = new ModelManifest("fraud-lr", "3", "input", "output", "1", 0.42,
                List.of(new FeatureInput("amount", FeatureTransform.LOG1P), new FeatureInput("count_1h", null)),
                Map.of("holdoutAuc", 0.91));

        ModelManifest read = ModelManifest.fromYaml(manifest.toYaml());

        assertThat(read).isEqualTo(manifest);
        assertThat(read.features().get(1).transform()).isEqualTo(FeatureTransform.NONE);
        assertThat(read.featureNames()).containsExactly("amount", "count_1h");
    }

    @Test
    void readsHandWrittenYaml() {
        String yaml = """
                name: fraud-lr
                version: "7"
                input: input
                output: output
                positiveClass: "1"
                threshold: 0.5
                features:
                  - name: amount
                    transform: LOG1P
                  - name: count_1h
                """;

        ModelManifest manifest = ModelManifest.fromYaml(yaml.getBytes(StandardCharsets.UTF_8));

        assertThat(manifest.version()).isEqualTo("7");
        assertThat(manifest.positiveClassColumn()).isEqualTo(1);
        assertThat(manifest.features()).hasSize(2);
    }

    @Test
    void listsEveryProblemOfAnInvalidManifest() {
        String yaml = """
                name: fraud-lr
                positiveClass: fraud
                threshold: 1.5
                features: []
                """;

        assertThatThrownBy(() -> ModelManifest.fromYaml(yaml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version is required")
                .hasMessageContaining("input is required")
                .hasMessageContaining("positiveClass")
                .hasMessageContaining("threshold must be within [0, 1]")
                .hasMessageContaining("features must list");
    }

    @Test
    void rejectsYamlThatIsNotAManifest() {
        assertThatThrownBy(() -> ModelManifest.fromYaml("- just\n- a list\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid model manifest");
    }

    @Test
    void log1pTransformClampsNegatives() {
        assertThat(FeatureTransform.LOG1P.apply(Math.E - 1)).isEqualTo(1.0f);
        assertThat(FeatureTransform.LOG1P.apply(-5)).isZero();
        assertThat(FeatureTransform.NONE.apply(-5)).isEqualTo(-5f);
    }
}
