package io.vigil.retrainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.jobs.config.JobArguments;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetrainerConfigTest {

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
                                                    "/no/such/client.properties"
                                                })))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vigil.kafka.bootstrap-servers is required")
                .hasMessageContaining("vigil.registry.store is required")
                .hasMessageContaining("holdoutShare must be within (0, 1)")
                .hasMessageContaining("/no/such/client.properties");
    }
}
