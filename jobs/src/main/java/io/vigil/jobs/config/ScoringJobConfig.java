package io.vigil.jobs.config;

import static io.vigil.jobs.config.ScoringOptions.*;

import io.vigil.features.events.EntityKeyHasher;
import io.vigil.features.events.EntityKeySecret;
import io.vigil.features.flink.StateLayout;
import io.vigil.features.spec.FeatureOrder;
import io.vigil.modelops.registry.ModelLocation;
import io.vigil.schemas.codec.WireFormat;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The scoring job's settings, read once from {@link ScoringOptions} and validated: a bad setting
 * fails at startup with a message naming the option to change.
 */
public record ScoringJobConfig(
        KafkaAccess kafka,
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
        String registryStore,
        String featureSpec,
        FeatureOrder featureOrder,
        StateLayout featureState,
        EntityKeySecret entityKeySecret,
        int batchSize,
        Duration batchTimeout,
        Duration maxWait,
        int maxRecordBytes,
        Duration maxFutureSkew,
        Duration outOfOrderness,
        Duration idleness,
        Duration checkpointInterval,
        String checkpointDirectory,
        StateBackend stateBackend,
        Duration lowLatencyBufferTimeout)
        implements Serializable {

    /** Largest value of {@link ScoringOptions#MAX_RECORD_SIZE}. */
    static final long MAX_RECORD_SIZE_LIMIT = 64L << 20;

    /** Reads and validates; the exception lists every problem found. */
    public static ScoringJobConfig fromConfiguration(ReadableConfig config) {
        List<String> problems = new ArrayList<>();
        String bootstrap = required(config, BOOTSTRAP_SERVERS, problems);
        KafkaAccess kafka =
                KafkaAccess.read(bootstrap, config.get(KAFKA_PROPERTIES_FILE), problems);
        String model = config.get(MODEL_PATH);
        String manifest = config.get(MANIFEST_PATH);
        if ((model == null) != (manifest == null)) {
            problems.add(
                    MODEL_PATH.key()
                            + " and "
                            + MANIFEST_PATH.key()
                            + " go together: give both or neither");
        }
        String modelName = config.get(MODEL_NAME);
        if (modelName == null && model == null) {
            problems.add(
                    MODEL_NAME.key()
                            + " (a registry model) or "
                            + MODEL_PATH.key()
                            + " with "
                            + MANIFEST_PATH.key()
                            + " (a model file) is required");
        }
        if (modelName != null && config.get(REGISTRY_STORE) == null) {
            problems.add(
                    REGISTRY_STORE.key()
                            + " is required with "
                            + MODEL_NAME.key()
                            + ": registry versions are read only from the configured artifact"
                            + " store");
        }
        EntityKeySecret secret = entityKeySecret(config, problems);
        if (secret != null && tooShort(secret)) {
            problems.add(
                    ENTITY_KEY_SECRET.key()
                            + " must be at least "
                            + EntityKeyHasher.MIN_SECRET_BYTES
                            + " bytes");
        }
        int batchSize = config.get(BATCH_SIZE);
        if (batchSize < 1 || batchSize > 4096) {
            problems.add(BATCH_SIZE.key() + " must be within 1..4096 (was " + batchSize + ")");
        }
        requirePositive(config, BATCH_TIMEOUT, problems);
        requirePositive(config, MAX_WAIT, problems);
        long maxRecord = config.get(MAX_RECORD_SIZE).getBytes();
        if (maxRecord < 1024 || maxRecord > MAX_RECORD_SIZE_LIMIT) {
            problems.add(
                    MAX_RECORD_SIZE.key()
                            + " must be within 1 kb..64 mb (was "
                            + config.get(MAX_RECORD_SIZE)
                            + ")");
        }
        FlinkSettings flink = FlinkSettings.fromConfiguration(config, problems);
        StateLayout featureState = featureState(config, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "invalid Vigil scoring configuration:\n  - " + String.join("\n  - ", problems));
        }
        return new ScoringJobConfig(
                kafka,
                config.get(GROUP_ID),
                config.get(TRANSACTIONS_TOPIC),
                config.get(PREDICTIONS_TOPIC),
                config.get(DEAD_LETTER_TOPIC),
                config.get(TRANSACTIONS_FORMAT),
                config.get(PREDICTIONS_FORMAT),
                config.get(DEAD_LETTER_FORMAT),
                flink.delivery(),
                flink.transactionTimeout(),
                modelName,
                model == null ? null : new ModelLocation(model, manifest),
                config.get(REGISTRY_TOPIC),
                config.get(REGISTRY_STORE),
                config.get(FEATURE_SPEC),
                config.get(FEATURE_ORDER),
                featureState,
                secret,
                batchSize,
                config.get(BATCH_TIMEOUT),
                config.get(MAX_WAIT),
                (int) config.get(MAX_RECORD_SIZE).getBytes(),
                config.get(MAX_FUTURE_SKEW),
                config.get(OUT_OF_ORDERNESS),
                config.get(IDLENESS),
                flink.checkpointInterval(),
                flink.checkpointDirectory(),
                flink.stateBackend(),
                flink.lowLatencyBufferTimeout());
    }

    /** Flink settings this job needs, on top of {@code base} (see {@link FlinkSettings#apply}). */
    public Configuration flinkConfiguration(Configuration base) {
        return new FlinkSettings(
                        delivery,
                        transactionTimeout,
                        checkpointInterval,
                        checkpointDirectory,
                        stateBackend,
                        lowLatencyBufferTimeout)
                .apply(base);
    }

    /**
     * The entity state's layout. Changes wait for the checkpoint barrier by default on the
     * exactly-once path only: there the output waits for the checkpoint anyway, while on the
     * at-least-once path the writes at each barrier would pause the stages into its latency tail.
     */
    private static StateLayout featureState(ReadableConfig config, List<String> problems) {
        try {
            return new StateLayout(
                    config.get(STATE_FOLD_EVERY),
                    config.get(STATE_CACHE_ENTRIES),
                    config.getOptional(STATE_WRITE_AT_BARRIERS)
                            .orElse(config.get(DELIVERY) == Delivery.EXACTLY_ONCE));
        } catch (IllegalArgumentException e) {
            problems.add(
                    STATE_FOLD_EVERY.key()
                            + " / "
                            + STATE_CACHE_ENTRIES.key()
                            + ": "
                            + e.getMessage());
            return null;
        }
    }

    /** Whether the secret is shorter than an HMAC key may be (read once here, to fail early). */
    private static boolean tooShort(EntityKeySecret secret) {
        try {
            return secret.read().getBytes(StandardCharsets.UTF_8).length
                    < EntityKeyHasher.MIN_SECRET_BYTES;
        } catch (IOException e) {
            return true; // reported by entityKeySecret already
        }
    }

    /**
     * The HMAC secret, given inline or in a file (exactly one of the two). A file is checked here
     * and read again by each TaskManager: only its path travels with the job.
     */
    private static EntityKeySecret entityKeySecret(ReadableConfig config, List<String> problems) {
        String inline = config.get(ENTITY_KEY_SECRET);
        String file = config.get(ENTITY_KEY_SECRET_FILE);
        if (inline != null && file != null) {
            problems.add(
                    "give "
                            + ENTITY_KEY_SECRET.key()
                            + " or "
                            + ENTITY_KEY_SECRET_FILE.key()
                            + ", not both");
            return null;
        }
        if (file == null) {
            String value = required(config, ENTITY_KEY_SECRET, problems);
            return value == null ? null : EntityKeySecret.inline(value);
        }
        try {
            Files.readString(Path.of(file));
            return EntityKeySecret.fromFile(file);
        } catch (IOException e) {
            problems.add(ENTITY_KEY_SECRET_FILE.key() + ": cannot read " + file + " (" + e + ")");
            return null;
        }
    }

    /** The Kafka bootstrap servers. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    private static String required(
            ReadableConfig config, ConfigOption<String> option, List<String> problems) {
        String value = config.get(option);
        if (value == null || value.isBlank()) {
            problems.add(option.key() + " is required");
            return null;
        }
        return value;
    }

    private static void requirePositive(
            ReadableConfig config, ConfigOption<Duration> option, List<String> problems) {
        if (config.get(option).isNegative() || config.get(option).isZero()) {
            problems.add(option.key() + " must be positive (was " + config.get(option) + ")");
        }
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "ScoringJobConfig{kafka="
                + kafka
                + ", transactions="
                + transactionsTopic
                + ", predictions="
                + predictionsTopic
                + ", deadLetters="
                + deadLetterTopic
                + ", delivery="
                + delivery
                + ", model="
                + (modelName == null ? "" : modelName + " ")
                + (model == null ? "" : model)
                + ", registry="
                + registryTopic
                + ", features="
                + featureSpec
                + " ("
                + featureOrder
                + " order, state "
                + featureState
                + ")"
                + ", batch="
                + batchSize
                + "/"
                + batchTimeout
                + ", state="
                + stateBackend
                + ", checkpoints="
                + checkpointInterval
                + " in "
                + checkpointDirectory
                + "}";
    }
}
