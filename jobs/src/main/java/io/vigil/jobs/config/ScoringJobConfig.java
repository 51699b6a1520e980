package io.vigil.jobs.config;

import static io.vigil.jobs.config.ScoringOptions.*;

import io.vigil.features.entity.EntityKeyHasher;
import io.vigil.features.spec.FeatureOrder;
import io.vigil.modelops.scoring.ModelLocation;
import io.vigil.schemas.codec.WireFormat;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * The scoring job's settings, read once from {@link ScoringOptions} and validated: a bad setting
 * fails at startup with a message naming the option to change.
 */
public record ScoringJobConfig(
        String bootstrapServers,
        String groupId,
        String transactionsTopic,
        String predictionsTopic,
        String deadLetterTopic,
        WireFormat transactionsFormat,
        WireFormat predictionsFormat,
        WireFormat deadLetterFormat,
        Delivery delivery,
        Duration transactionTimeout,
        String modelName,
        ModelLocation model,
        String registryTopic,
        String featureSpec,
        FeatureOrder featureOrder,
        String entityKeySecret,
        int batchSize,
        Duration batchTimeout,
        Duration maxFutureSkew,
        Duration outOfOrderness,
        Duration idleness,
        Duration checkpointInterval,
        String checkpointDirectory,
        StateBackend stateBackend,
        Duration lowLatencyBufferTimeout)
        implements Serializable {

    /** Reads and validates; the exception lists every problem found. */
    public static ScoringJobConfig fromConfiguration(ReadableConfig config) {
        List<String> problems = new ArrayList<>();
        String bootstrap = required(config, BOOTSTRAP_SERVERS, problems);
        String model = config.get(MODEL_PATH);
        String manifest = config.get(MANIFEST_PATH);
        if ((model == null) != (manifest == null)) {
            problems.add(MODEL_PATH.key() + " and " + MANIFEST_PATH.key() + " go together: give both or neither");
        }
        String modelName = config.get(MODEL_NAME);
        if (modelName == null && model == null) {
            problems.add(MODEL_NAME.key() + " (a registry model) or " + MODEL_PATH.key() + " with " + MANIFEST_PATH.key()
                    + " (a model file) is required");
        }
        String secret = required(config, ENTITY_KEY_SECRET, problems);
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < EntityKeyHasher.MIN_SECRET_BYTES) {
            problems.add(ENTITY_KEY_SECRET.key() + " must be at least " + EntityKeyHasher.MIN_SECRET_BYTES + " bytes");
        }
        int batchSize = config.get(BATCH_SIZE);
        if (batchSize < 1 || batchSize > 4096) {
            problems.add(BATCH_SIZE.key() + " must be within 1..4096 (was " + batchSize + ")");
        }
        requirePositive(config, BATCH_TIMEOUT, problems);
        requirePositive(config, CHECKPOINT_INTERVAL, problems);
        Duration txTimeout = config.get(TRANSACTION_TIMEOUT);
        if (txTimeout.compareTo(config.get(CHECKPOINT_INTERVAL).multipliedBy(3)) < 0) {
            problems.add(TRANSACTION_TIMEOUT.key() + " (" + txTimeout + ") must be well above "
                    + CHECKPOINT_INTERVAL.key() + " (" + config.get(CHECKPOINT_INTERVAL) + "): at least 3 times");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid Vigil scoring configuration:\n  - " + String.join("\n  - ", problems));
        }
        return new ScoringJobConfig(bootstrap, config.get(GROUP_ID),
                config.get(TRANSACTIONS_TOPIC), config.get(PREDICTIONS_TOPIC), config.get(DEAD_LETTER_TOPIC),
                config.get(TRANSACTIONS_FORMAT), config.get(PREDICTIONS_FORMAT), config.get(DEAD_LETTER_FORMAT),
                config.get(DELIVERY), txTimeout, modelName, model == null ? null : new ModelLocation(model, manifest),
                config.get(REGISTRY_TOPIC), config.get(FEATURE_SPEC), config.get(FEATURE_ORDER), secret,
                batchSize, config.get(BATCH_TIMEOUT), config.get(MAX_FUTURE_SKEW),
                config.get(OUT_OF_ORDERNESS), config.get(IDLENESS), config.get(CHECKPOINT_INTERVAL),
                config.get(CHECKPOINT_DIRECTORY), config.get(STATE_BACKEND), config.get(LOW_LATENCY_BUFFER_TIMEOUT));
    }

    /**
     * Flink settings this job needs, on top of {@code base}: state backend, checkpointing, no Kryo
     * ({@code pipeline.generic-types: false}), and for AT_LEAST_ONCE a short network buffer timeout.
     */
    public Configuration flinkConfiguration(Configuration base) {
        Configuration flink = new Configuration(base);
        flink.set(StateBackendOptions.STATE_BACKEND, stateBackend.flinkName());
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDirectory);
        flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, stateBackend == StateBackend.ROCKSDB);
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        flink.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                delivery == Delivery.EXACTLY_ONCE ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        if (delivery == Delivery.AT_LEAST_ONCE) {
            flink.set(org.apache.flink.configuration.ExecutionOptions.BUFFER_TIMEOUT, lowLatencyBufferTimeout);
        }
        return flink;
    }

    private static String required(ReadableConfig config, org.apache.flink.configuration.ConfigOption<String> option, List<String> problems) {
        String value = config.get(option);
        if (value == null || value.isBlank()) {
            problems.add(option.key() + " is required");
            return null;
        }
        return value;
    }

    private static void requirePositive(ReadableConfig config, org.apache.flink.configuration.ConfigOption<Duration> option, List<String> problems) {
        if (config.get(option).isNegative() || config.get(option).isZero()) {
            problems.add(option.key() + " must be positive (was " + config.get(option) + ")");
        }
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "ScoringJobConfig{bootstrap=" + bootstrapServers + ", transactions=" + transactionsTopic
                + ", predictions=" + predictionsTopic + ", deadLetters=" + deadLetterTopic + ", delivery=" + delivery
                + ", model=" + (modelName == null ? "" : modelName + " ") + (model == null ? "" : model) + ", registry=" + registryTopic
                + ", features=" + featureSpec + " (" + featureOrder + " order)" + ", batch=" + batchSize + "/" + batchTimeout + ", state=" + stateBackend
                + ", checkpoints=" + checkpointInterval + " in " + checkpointDirectory + "}";
    }
}
