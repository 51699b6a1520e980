package io.vigil.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.modelops.monitoring.RetrainThresholds;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.junit.jupiter.api.Test;

class MonitoringJobConfigTest {

    @Test
    void defaultsAreTheProductionDefaults() {
        MonitoringJobConfig config =
                MonitoringJobConfig.fromConfiguration(
                        JobArguments.toConfiguration(
                                new String[] {
                                    "--vigil.kafka.bootstrap-servers", "127.0.0.1:9092"
                                }));

        assertThat(config.predictionsTopic()).isEqualTo("predictions");
        assertThat(config.labelsTopic()).isEqualTo("labels");
        assertThat(config.driftStatsTopic()).isEqualTo("drift-stats");
        assertThat(config.performanceStatsTopic()).isEqualTo("performance-stats");
        assertThat(config.retrainRequestsTopic()).isEqualTo("retrain-requests");
        assertThat(config.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.labelHorizon()).isEqualTo(Duration.ofDays(30));
        assertThat(config.retrainThresholds()).isEqualTo(RetrainThresholds.DEFAULTS);
        assertThat(config.ignoreBeforeMillis()).isEqualTo(Long.MIN_VALUE);
        assertThat(config.groupId()).isEqualTo("vigil-monitoring");
        assertThat(
                        config.flinkConfiguration(new Configuration())
                                .get(PipelineOptions.GENERIC_TYPES))
                .isFalse();
    }

    @Test
    void everyProblemIsListedWithTheOptionToChange() {
        assertThatThrownBy(
                        () ->
                                MonitoringJobConfig.fromConfiguration(
                                        JobArguments.toConfiguration(
                                                new String[] {
                                                    "--vigil.monitoring.window",
                                                    "0 s",
                                                    "--vigil.monitoring.label-horizon",
                                                    "0 s",
                                                    "--vigil.retrain.persistence",
                                                    "0"
                                                })))
                .hasMessageContaining("vigil.kafka.bootstrap-servers is required")
                .hasMessageContaining("vigil.monitoring.window must be at least 1 s")
                .hasMessageContaining("vigil.monitoring.label-horizon must be positive")
                .hasMessageContaining("persistence must be at least 1 window");
    }

    @Test
    void aMinimumAucOfZeroTurnsThePerformanceTriggerOff() {
        MonitoringJobConfig config =
                MonitoringJobConfig.fromConfiguration(
                        JobArguments.toConfiguration(
                                new String[] {
                                    "--vigil.kafka.bootstrap-servers",
                                    "127.0.0.1:9092",
                                    "--vigil.retrain.min-auc",
                                    "0"
                                }));

        assertThat(config.retrainThresholds().minAuc()).isNull();
    }
}
