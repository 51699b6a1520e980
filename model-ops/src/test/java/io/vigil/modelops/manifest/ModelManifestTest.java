package io.vigil.modelops.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class ModelManifestTest {

    @Test
    void roundTripsThroughYaml() {
        ModelManifest manifest =
                new ModelManifest(
                        "fraud-lr",
                        "3",
                        0.42,
                        List.of(
                                new ModelInput(
                                        "input",
                                        List.of(
                                                new FeatureInput("amount", FeatureTransform.LOG1P),
                                                new FeatureInput("count_1h", null)))),
                        new ModelOutput("output", "1"),
                        Map.of("holdoutAuc", 0.91),
                        Map.of("owner", "fraud-team"),
                        null);

        ModelManifest read = ModelManifest.fromYaml(manifest.toYaml());

        assertThat(read).isEqualTo(manifest);
        assertThat(read.inputs().get(0).features().get(1).transform())
                .isEqualTo(FeatureTransform.NONE);
        assertThat(read.featureNames()).containsExactly("amount", "count_1h");
    }

    @Test
    void keepsTheReferenceProfileThroughYaml() {
        ReferenceProfile profile =
                ReferenceProfile.of(
                        List.of("amount", "online"),
                        List.of(
                                new double[] {10, 0},
                                new double[] {250, 1},
                                new double[] {40, 0},
                                new double[] {Double.NaN, 0}),
                        new double[] {0.1, 0.9, 0.2, 0.3});
        ModelManifest manifest =
                new ModelManifest(
                        "fraud-lr",
                        "3",
                        0.42,
                        List.of(
                                new ModelInput(
                                        "input",
                                        List.of(
                                                new FeatureInput("amount", null),
                                                new FeatureInput("online", null)))),
                        new ModelOutput("output", "1"),
                        Map.of(),
                        Map.of(),
                        profile);

        ModelManifest read = ModelManifest.fromYaml(manifest.toYaml());

        assertThat(read.profile()).isEqualTo(profile);
        assertThat(read.profile().features().get("amount").missing()).isEqualTo(1);
        assertThat(read.profile().features().keySet()).containsExactly("amount", "online");
        assertThat(read.withVersion("4").profile()).isEqualTo(profile);
    }

    @Test
    void readsHandWrittenYaml() {
        String yaml =
                """
                name: titanic
                version: "7"
                threshold: 0.5
                inputs:
                  - name: pclass
                    features: [{name: pclass}]
                  - name: age
                    features:
                      - name: age
                        transform: LOG1P
                output:
                  name: probabilities
                  positiveClass: "1"
                """;

        ModelManifest manifest = ModelManifest.fromYaml(yaml.getBytes(StandardCharsets.UTF_8));

        assertThat(manifest.version()).isEqualTo("7");
        assertThat(manifest.output().positiveClass()).isEqualTo("1");
        assertThat(manifest.inputs()).extracting(ModelInput::name).containsExactly("pclass", "age");
        assertThat(manifest.featureNames()).containsExactly("pclass", "age");
    }

    @Test
    void listsEveryProblemOfAnInvalidManifest() {
        String yaml =
                """
                name: fraud-lr
                threshold: 1.5
                inputs:
                  - name: input
                """;

        assertThatThrownBy(() -> ModelManifest.fromYaml(yaml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version is required")
                .hasMessageContaining("threshold must be within [0, 1]")
                .hasMessageContaining("inputs[0] (input) lists no features")
                .hasMessageContaining("output.name is required");
    }

    @Test
    void rejectsYamlThatIsNotAManifest() {
        assertThatThrownBy(
                        () ->
                                ModelManifest.fromYaml(
                                        "- just\n- a list\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid model manifest");
    }

    @Test
    void requiresAThreshold() {
        String yaml =
                "name: m\n"
                        + "version: \"1\"\n"
                        + "inputs: [{name: input, features: [{name: a}]}]\n"
                        + "output: {name: output}\n";

        assertThatThrownBy(() -> ModelManifest.fromYaml(yaml.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("threshold is required");
    }

    @Test
    void log1pTransformClampsNegatives() {
        assertThat(FeatureTransform.LOG1P.apply(Math.E - 1))
                .isCloseTo(1.0, Assertions.within(1e-12));
        assertThat(FeatureTransform.LOG1P.apply(-5)).isZero();
        assertThat(FeatureTransform.NONE.apply(-5)).isEqualTo(-5.0);
    }
}
