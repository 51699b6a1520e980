package io.vigil.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.testutils.CliRun;
import io.vigil.cli.testutils.TestModelFiles;
import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import io.vigil.modelops.manifest.ReasonCodes;
import io.vigil.modelops.testutils.OnnxGraphs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model register --spec}: a feature the job does not compute is caught before any rollout.
 */
class ModelRegisterSpecCheckTest {

    @TempDir Path dir;

    @Test
    void refusesAManifestThatReadsAFeatureTheSpecDoesNotCompute() throws Exception {
        Path[] model = TestModelFiles.write(dir, "1", 1);
        Path cardOnly =
                Files.writeString(
                        dir.resolve("card-only.yaml"),
                        """
                        entities:
                          - name: card
                            key: cardNumber
                            features:
                              - {name: amount, aggregation: current, field: amount}
                              - {name: count_1h, aggregation: count, window: 1h}
                        """);

        // Nothing listens on port 1: the check must fail before any connection is tried.
        CliRun run =
                CliRun.of(
                        "model",
                        "register",
                        "--model",
                        model[0].toString(),
                        "--manifest",
                        model[1].toString(),
                        "--spec",
                        cardOnly.toString(),
                        "--bootstrap",
                        "127.0.0.1:1");

        assertThat(run.status()).as(run.printed()).isEqualTo(1);
        assertThat(run.err())
                .contains("fraud-lr:1 not registered: its manifest reads features [")
                .contains("card_not_present")
                .contains("that " + cardOnly + " does not compute")
                .doesNotContain("cannot reach Kafka");
    }

    @Test
    void refusesAModelItsDeclaredExplainerCannotExplainBeforeStoringIt() throws Exception {
        List<String> features = List.of("amount", "count_1h");
        ModelManifest manifest =
                new ModelManifest(
                                "interacting",
                                "1",
                                0.5,
                                List.of(
                                        new ModelInput(
                                                "input",
                                                features.stream()
                                                        .map(f -> new FeatureInput(f, null))
                                                        .toList())),
                                new ModelOutput("output", "1"),
                                Map.of(),
                                Map.of(),
                                null)
                        .withReasons(ReasonCodes.linear(Map.of("amount", 1.0, "count_1h", 1.0)));
        Path onnx =
                Files.write(
                        dir.resolve("m.onnx"),
                        OnnxGraphs.squaredMargin(new float[] {0.5f, -0.3f}, 0f));
        Path yaml = Files.write(dir.resolve("m.yaml"), manifest.toYaml());

        CliRun run =
                CliRun.of(
                        "model",
                        "register",
                        "--model",
                        onnx.toString(),
                        "--manifest",
                        yaml.toString(),
                        "--bootstrap",
                        "127.0.0.1:1");

        assertThat(run.status()).as(run.printed()).isEqualTo(1);
        assertThat(run.err())
                .contains("interacting:1 not registered: its reasons block cannot explain it")
                .contains("do not add up")
                .doesNotContain("cannot reach Kafka");
    }

    @Test
    void acceptsAManifestWhoseFeaturesTheSpecComputes() throws Exception {
        Path[] model = TestModelFiles.write(dir, "2", 2);

        // The spec check passes, so the command goes on to the broker, which is not there.
        CliRun run =
                CliRun.of(
                        "model",
                        "register",
                        "--model",
                        model[0].toString(),
                        "--manifest",
                        model[1].toString(),
                        "--spec",
                        "../features/src/main/resources/specs/card-fraud.yaml",
                        "--bootstrap",
                        "127.0.0.1:1");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach Kafka at 127.0.0.1:1");
    }
}
