package io.vigil.jobs.config;

import static io.vigil.jobs.config.ScoringOptions.*;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * What every Vigil job sets in Flink: state backend, checkpointing, delivery (and the Kafka
 * transaction timeout it needs), no Kryo, and a short buffer timeout on the at-least-once path.
 */
public record FlinkSettings(
        Delivery delivery,
        Duration transactionTimeout,
        Duration checkpointInterval,
        String checkpointDirectory,
        StateBackend stateBackend,
        Duration lowLatencyBufferTimeout)
        implements Serializable {

    /**
     * Checkpoints that may fail in a row before the job restarts (unless set in Flink's options).
     */
    public static final int TOLERABLE_FAILED_CHECKPOINTS = 5;

    /**
     * Key groups of keyed state (unless set in Flink's options): the most subtasks a job can be
     * rescaled to. Fixed for the life of the state (a savepoint restores only with the same value);
     * 128 is what Flink derives for any parallelism up to 85, so jobs started before it was
     * explicit keep their savepoints.
     */
    public static final int DEFAULT_MAX_PARALLELISM = 128;

    /** Reads the shared options; adds what is wrong to {@code problems}. */
    public static FlinkSettings fromConfiguration(ReadableConfig config, List<String> problems) {
        Duration interval = config.get(CHECKPOINT_INTERVAL);
        if (interval.isNegative() || interval.isZero()) {
            problems.add(CHECKPOINT_INTERVAL.key() + " must be positive (was " + interval + ")");
        }
        Duration txTimeout = config.get(TRANSACTION_TIMEOUT);
        if (txTimeout.compareTo(interval.multipliedBy(3)) < 0) {
            problems.add(
                    TRANSACTION_TIMEOUT.key()
                            + " ("
                            + txTimeout
                            + ") must be well above "
                            + CHECKPOINT_INTERVAL.key()
                            + " ("
                            + interval
                            + "): at least 3 times");
        }
        return new FlinkSettings(
                config.get(DELIVERY),
                txTimeout,
                interval,
                config.get(CHECKPOINT_DIRECTORY),
                config.get(STATE_BACKEND),
                config.get(LOW_LATENCY_BUFFER_TIMEOUT));
    }

    /**
     * {@code base} plus: state backend, checkpointing (with {@value #TOLERABLE_FAILED_CHECKPOINTS}
     * failed checkpoints in a row tolerated), max parallelism {@value #DEFAULT_MAX_PARALLELISM}
     * unless set, no Kryo ({@code pipeline.generic-types: false}), object reuse between chained
     * operators, and for AT_LEAST_ONCE a short network buffer timeout.
     */
    public Configuration apply(Configuration base) {
        Configuration flink = new Configuration(base);
        flink.set(StateBackendOptions.STATE_BACKEND, stateBackend.flinkName());
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDirectory);
        if (!base.contains(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)) {
            // A platform engineer's explicit Flink setting wins (e.g. full checkpoints where the
            // checkpoint storage cannot share files between checkpoints).
            flink.set(
                    CheckpointingOptions.INCREMENTAL_CHECKPOINTS,
                    stateBackend == StateBackend.ROCKSDB);
        }
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        if (!base.contains(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER)) {
            // A checkpoint storage that fails for a moment (S3 throttling, a full disk freed
            // again) must not restart the job and replay since its last checkpoint; storage that
            // stays broken fails the job after this many checkpoints in a row.
            flink.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, TOLERABLE_FAILED_CHECKPOINTS);
        }
        flink.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                delivery == Delivery.EXACTLY_ONCE
                        ? CheckpointingMode.EXACTLY_ONCE
                        : CheckpointingMode.AT_LEAST_ONCE);
        if (!base.contains(PipelineOptions.MAX_PARALLELISM)) {
            // Explicit, so a job's rescaling bound never depends on the parallelism it first ran
            // with (Flink derives 256 from a first parallelism of 86, and then the savepoint only
            // restores with 256).
            flink.set(PipelineOptions.MAX_PARALLELISM, DEFAULT_MAX_PARALLELISM);
        }
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        // Records pass between chained operators by reference instead of a deep copy per operator
        // (an Avro deep copy of every prediction showed in the profile). Safe because no Vigil
        // function changes a record after emitting it or keeps one it was given beyond the call,
        // except in state, which copies.
        flink.set(PipelineOptions.OBJECT_REUSE, true);
        if (delivery == Delivery.AT_LEAST_ONCE) {
            flink.set(ExecutionOptions.BUFFER_TIMEOUT, lowLatencyBufferTimeout);
        }
        return flink;
    }
}
