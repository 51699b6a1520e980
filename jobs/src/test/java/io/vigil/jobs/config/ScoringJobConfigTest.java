package io.vigil.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.features.flink.StateLayout;
import io.vigil.jobs.local.LocalFlink;
import io.vigil.schemas.codec.WireFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringJobConfigTest {

    private static Configuration minimal() {
        return JobArguments.toConfiguration(
                new String[] {
                    "--vigil.kafka.bootstrap-servers",
                    "127.0.0.1:9092",
                    "--vigil.model.path=file:///m.onnx",
                    "--vigil.model.manifest",
                    "file:///m.yaml",
                    "--vigil.entity-key.secret",
                    "0123456789abcdef0123"
                });
    }

    @Test
    void defaultsAreTheProductionDefaults() {
        ScoringJobConfig config = ScoringJobConfig.fromConfiguration(minimal());

        assertThat(config.delivery()).isEqualTo(Delivery.EXACTLY_ONCE);
        assertThat(config.stateBackend()).isEqualTo(StateBackend.ROCKSDB);
        assertThat(config.transactionsTopic()).isEqualTo("transactions");
        assertThat(config.predictionsTopic()).isEqualTo("predictions");
        assertThat(config.deadLetterTopic()).isEqualTo("dead-letters");
        assertThat(config.transactionsFormat()).isEqualTo(WireFormat.AVRO);
        assertThat(config.batchSize()).isEqualTo(64);
        assertThat(config.transactionTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.model().model()).isEqualTo("file:///m.onnx");
        assertThat(config.featureState()).isEqualTo(StateLayout.DEFAULT);
    }

    @Test
    void flinkSettingsFollowDeliveryAndStateBackend() {
        Configuration exactlyOnce =
                ScoringJobConfig.fromConfiguration(minimal())
                        .flinkConfiguration(new Configuration());
        assertThat(exactlyOnce.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(exactlyOnce.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(exactlyOnce.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE))
                .isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(exactlyOnce.get(PipelineOptions.GENERIC_TYPES)).isFalse();

        Configuration lowLatency = minimal();
        lowLatency.set(ScoringOptions.DELIVERY, Delivery.AT_LEAST_ONCE);
        lowLatency.set(ScoringOptions.STATE_BACKEND, StateBackend.HASHMAP);
        Configuration flink =
                ScoringJobConfig.fromConfiguration(lowLatency)
                        .flinkConfiguration(new Configuration());
        assertThat(flink.get(ExecutionOptions.BUFFER_TIMEOUT)).isEqualTo(Duration.ofMillis(5));
        assertThat(flink.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE))
                .isEqualTo(CheckpointingMode.AT_LEAST_ONCE);
    }

    @Test
    void maxParallelismIsExplicitUnlessFlinksOwnSettingIsGiven() throws Exception {
        Configuration flink =
                ScoringJobConfig.fromConfiguration(minimal())
                        .flinkConfiguration(new Configuration());
        assertThat(flink.get(PipelineOptions.MAX_PARALLELISM)).isEqualTo(128);
        try (StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flink)) {
            assertThat(env.getConfig().getMaxParallelism())
                    .as("what the job's operators get")
                    .isEqualTo(128);
        }

        Configuration base = new Configuration();
        base.set(PipelineOptions.MAX_PARALLELISM, 512);
        assertThat(
                        ScoringJobConfig.fromConfiguration(minimal())
                                .flinkConfiguration(base)
                                .get(PipelineOptions.MAX_PARALLELISM))
                .isEqualTo(512);
    }

    @Test
    void atLeastOnceOnRocksDbUsesTheChangelogWhereTheTaskManagersKeepItInFiles() {
        Configuration lowLatency = minimal();
        lowLatency.set(ScoringOptions.DELIVERY, Delivery.AT_LEAST_ONCE);
        ScoringJobConfig config = ScoringJobConfig.fromConfiguration(lowLatency);

        Configuration durable = new Configuration();
        durable.set(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE, "filesystem");
        assertThat(
                        config.flinkConfiguration(durable)
                                .contains(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG))
                .as("a job's own storage setting is ignored by a real cluster's TaskManagers")
                .isFalse();
        durable.set(DeploymentOptions.TARGET, FlinkSettings.LOCAL_TARGET);
        assertThat(
                        config.flinkConfiguration(durable)
                                .get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG))
                .as("a cluster built from the job's configuration has its storage")
                .isTrue();
        assertThat(
                        config.flinkConfiguration(new Configuration())
                                .contains(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG))
                .as("Flink's default storage keeps the log in memory: plain RocksDB instead")
                .isFalse();
        assertThat(
                        config.flinkConfiguration(LocalFlink.configuration(new Configuration()))
                                .get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG))
                .as("a local cluster's TaskManager keeps it in files")
                .isTrue();
        assertThat(
                        ScoringJobConfig.fromConfiguration(minimal())
                                .flinkConfiguration(durable)
                                .contains(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG))
                .as("exactly-once keeps plain RocksDB")
                .isFalse();

        Configuration off = new Configuration(durable);
        off.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, false);
        assertThat(
                        config.flinkConfiguration(off)
                                .get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG))
                .as("a platform engineer's explicit setting wins")
                .isFalse();
    }

    @Test
    void entityChangesWaitForTheBarrierOnlyOnTheExactlyOncePathUnlessSet() {
        assertThat(ScoringJobConfig.fromConfiguration(minimal()).featureState().writeAtBarriers())
                .isTrue();
        Configuration lowLatency = minimal();
        lowLatency.set(ScoringOptions.DELIVERY, Delivery.AT_LEAST_ONCE);
        assertThat(ScoringJobConfig.fromConfiguration(lowLatency).featureState().writeAtBarriers())
                .as("the writes at each barrier would show in the latency tail")
                .isFalse();
        lowLatency.set(ScoringOptions.STATE_WRITE_AT_BARRIERS, true);
        assertThat(ScoringJobConfig.fromConfiguration(lowLatency).featureState().writeAtBarriers())
                .as("an explicit setting wins")
                .isTrue();
    }

    @Test
    void anExplicitIncrementalCheckpointSettingWins() {
        Configuration base = new Configuration();
        base.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, false);
        Configuration flink =
                ScoringJobConfig.fromConfiguration(minimal()).flinkConfiguration(base);
        assertThat(flink.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(flink.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isFalse();
    }

    @Test
    void listsEveryMissingRequiredOption() {
        assertThatThrownBy(() -> ScoringJobConfig.fromConfiguration(new Configuration()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vigil.kafka.bootstrap-servers is required")
                .hasMessageContaining(
                        "vigil.model.name (a registry model) or vigil.model.path with"
                                + " vigil.model.manifest")
                .hasMessageContaining("vigil.entity-key.secret is required");
    }

    @Test
    void rejectsBadValuesWithTheOptionToChange() {
        Configuration conf = minimal();
        conf.set(ScoringOptions.ENTITY_KEY_SECRET, "short");
        conf.set(ScoringOptions.BATCH_SIZE, 0);
        conf.set(ScoringOptions.TRANSACTION_TIMEOUT, Duration.ofSeconds(10));
        conf.set(ScoringOptions.STATE_FOLD_EVERY, 0);

        assertThatThrownBy(() -> ScoringJobConfig.fromConfiguration(conf))
                .hasMessageContaining("vigil.entity-key.secret must be at least 16 bytes")
                .hasMessageContaining("vigil.scoring.batch-size must be within 1..4096")
                .hasMessageContaining("vigil.kafka.transaction-timeout")
                .hasMessageContaining("vigil.features.state.fold-every")
                .hasMessageContaining("fold-every must be within 1..1000 (was 0)");
    }

    @Test
    void modelPathAndManifestGoTogether() {
        Configuration conf = minimal();
        conf.removeConfig(ScoringOptions.MANIFEST_PATH);

        assertThatThrownBy(() -> ScoringJobConfig.fromConfiguration(conf))
                .hasMessageContaining("vigil.model.path and vigil.model.manifest go together");
    }

    @Test
    void aRegistryModelNeedsNoFileButTheArtifactStore() {
        Configuration conf = minimal();
        conf.removeConfig(ScoringOptions.MODEL_PATH);
        conf.removeConfig(ScoringOptions.MANIFEST_PATH);
        conf.set(ScoringOptions.MODEL_NAME, "fraud-lr");

        assertThatThrownBy(() -> ScoringJobConfig.fromConfiguration(conf))
                .hasMessageContaining("vigil.registry.store is required with vigil.model.name");

        conf.set(ScoringOptions.REGISTRY_STORE, "s3://models/registry");
        ScoringJobConfig config = ScoringJobConfig.fromConfiguration(conf);

        assertThat(config.modelName()).isEqualTo("fraud-lr");
        assertThat(config.model()).isNull();
        assertThat(config.registryTopic()).isEqualTo("model-events");
        assertThat(config.registryStore()).isEqualTo("s3://models/registry");
        assertThat(config.maxWait()).isEqualTo(ScoringOptions.MAX_WAIT.defaultValue());
    }

    @Test
    void secretsComeFromMountedFiles(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "from-a-kubernetes-secret-0123\n");
        Path kafka =
                Files.writeString(
                        dir.resolve("client.properties"),
                        "security.protocol=SASL_SSL\n"
                            + "sasl.mechanism=SCRAM-SHA-512\n"
                            + "sasl.jaas.config=ScramLoginModule required password=\"p4ss\";\n");
        Configuration conf = minimal();
        conf.removeConfig(ScoringOptions.ENTITY_KEY_SECRET);
        conf.set(ScoringOptions.ENTITY_KEY_SECRET_FILE, secret.toString());
        conf.set(ScoringOptions.KAFKA_PROPERTIES_FILE, kafka.toString());

        ScoringJobConfig config = ScoringJobConfig.fromConfiguration(conf);

        assertThat(config.entityKeySecret().toString())
                .as("only the file's path travels with the job")
                .isEqualTo("secret file " + secret);
        assertThat(config.entityKeySecret().read())
                .as("trailing newline of the file dropped")
                .isEqualTo("from-a-kubernetes-secret-0123");
        assertThat(config.kafka().properties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092");
        assertThat(config.toString())
                .doesNotContain("p4ss")
                .doesNotContain("from-a-kubernetes-secret");
    }

    @Test
    void secretsGivenTwiceOrUnreadableAreRefusedWithTheOption(@TempDir Path dir) {
        Configuration both = minimal();
        both.set(ScoringOptions.ENTITY_KEY_SECRET_FILE, dir.resolve("secret").toString());
        Configuration missing = minimal();
        missing.set(
                ScoringOptions.KAFKA_PROPERTIES_FILE, dir.resolve("absent.properties").toString());

        assertThatThrownBy(() -> ScoringJobConfig.fromConfiguration(both))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> ScoringJobConfig.fromConfiguration(missing))
                .hasMessageContaining("vigil.kafka.properties-file: cannot read")
                .hasMessageContaining("absent.properties");
    }

    @Test
    void neverPrintsTheSecret() {
        assertThat(ScoringJobConfig.fromConfiguration(minimal()).toString())
                .doesNotContain("0123456789abcdef0123");
    }

    @Test
    void argumentsMustBeOptions() {
        assertThatThrownBy(() -> JobArguments.toConfiguration(new String[] {"model.onnx"}))
                .hasMessageContaining("unexpected argument 'model.onnx'");
        assertThatThrownBy(() -> JobArguments.toConfiguration(new String[] {"--vigil.delivery"}))
                .hasMessageContaining("has no value");
    }
}
