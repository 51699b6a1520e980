package io.vigil.retrainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.features.testutils.PaymentEvents;
import io.vigil.jobs.config.JobArguments;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrainerConfigTest {

    @TempDir Path dir;

    @Test
    void readsTheDeploymentsArgumentsWithTheJobsTopicDefaults() {
        RetrainerConfig config =
                RetrainerConfig.fromConfiguration(
                        JobArguments.toConfiguration(
                                new String[] {
                                    "--vigil.kafka.bootstrap-servers", "kafka:9093",
                                            "--vigil.registry.store", "s3://models/registry",
                                    "--vigil.retrainer.training-window", "7d",
                                            "--vigil.retrainer.min-auc-gain", "0.05"
                                }));

        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:9093");
        assertThat(config.artifactStore()).isEqualTo("s3://models/registry");
        assertThat(config.registryTopic()).isEqualTo("model-events");
        assertThat(config.requestsTopic()).isEqualTo("retrain-requests");
        assertThat(config.predictionsTopic()).isEqualTo("predictions");
        assertThat(config.labelsTopic()).isEqualTo("labels");
        assertThat(config.policy().trainingWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(config.policy().minAucGain()).isEqualTo(0.05);
        assertThat(config.policy().minRows()).isEqualTo(PromotionPolicy.DEFAULTS.minRows());
        assertThat(config.spec().labels()).as("the bundled spec: Vigil's own labels").isNull();
    }

    @Test
    void readsLabelsInTheShapeTheConfiguredSpecDeclares() throws Exception {
        Path spec = PaymentEvents.writeSpec(dir);

        RetrainerConfig config =
                RetrainerConfig.fromConfiguration(
                        JobArguments.toConfiguration(
                                new String[] {
                                    "--vigil.kafka.bootstrap-servers", "kafka:9093",
                                    "--vigil.registry.store", "s3://models/registry",
                                    "--vigil.features.spec", spec.toUri().toString()
                                }));

        assertThat(config.spec().labels().labelField()).isEqualTo("outcome");
    }

    @Test
    void namesEveryMissingOrInvalidOptionAtOnce() {
        assertThatThrownBy(
                        () ->
                                RetrainerConfig.fromConfiguration(
                                        JobArguments.toConfiguration(
                                                new String[] {
                                                    "--vigil.retrainer.holdout-share",
                                                    "1.5",
                                                    "--vigil.kafka.properties-file",
                                                    "/no/such/client.properties",
                                                    "--vigil.features.spec",
                                                    "file:///no/such/spec.yaml"
                                                })))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vigil.kafka.bootstrap-servers is required")
                .hasMessageContaining("vigil.registry.store is required")
                .hasMessageContaining("holdoutShare must be within (0, 1)")
                .hasMessageContaining("/no/such/client.properties")
                .hasMessageContaining("vigil.features.spec: ");
    }
}
