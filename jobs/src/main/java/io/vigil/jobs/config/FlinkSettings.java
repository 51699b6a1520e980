package io.vigil.jobs.config;

import static io.vigil.jobs.config.ScoringOptions.*;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.flink.changelog.fs.FsStateChangelogOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every Vigil job sets in Flink: state backend, checkpointing, delivery (and the Kafka
 * transaction timeout it needs), no Kryo, and on the at-least-once path a short buffer timeout and
 * Flink's changelog state backend.
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

    /** The changelog storage that survives a TaskManager (Flink's default keeps it in memory). */
    public static final String DURABLE_CHANGELOG_STORAGE = "filesystem";

    /**
     * Flink's {@code execution.target} of a job that runs on a cluster built from its own
     * configuration.
     */
    public static final String LOCAL_TARGET = "local";

    private static final Logger LOG = LoggerFactory.getLogger(FlinkSettings.class);

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
     * operators, and for AT_LEAST_ONCE a short network buffer timeout and, on RocksDB, the
     * changelog state backend where its storage is durable (see {@link #lowLatencyState}).
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
        // except in state, which copies, and in the scoring's micro-batch, which keeps vectors the
        // last entity stage made for it, one new object per event.
        flink.set(PipelineOptions.OBJECT_REUSE, true);
        if (delivery == Delivery.AT_LEAST_ONCE) {
            flink.set(ExecutionOptions.BUFFER_TIMEOUT, lowLatencyBufferTimeout);
            if (stateBackend == StateBackend.ROCKSDB) {
                lowLatencyState(flink);
            }
        }
        return flink;
    }

    /**
     * Flink's changelog state backend, the at-least-once default on RocksDB: state changes are also
     * written to a log and RocksDB is snapshotted in the background, so a checkpoint no longer
     * flushes the memtables while the entity stages wait (that pause was the whole at-least-once
     * p99 tail). Where the log goes is the TaskManagers' setting, not the job's (they ignore a
     * job-level one), and Flink's default keeps it in memory, which no production job should: so
     * the job uses the changelog only where the TaskManagers' storage is {@code filesystem} (their
     * base path set beside it), and otherwise stays on plain RocksDB and says so. The TaskManagers'
     * setting is read from the cluster's configuration ({@code FLINK_CONF_DIR}, where the job's
     * main runs on the cluster), or from the job's own where the job builds its cluster from it
     * ({@code execution.target: local}, as {@link io.vigil.jobs.local.LocalFlink} sets with both
     * settings). An explicit {@code state.changelog.enabled} wins either way.
     */
    private void lowLatencyState(Configuration flink) {
        if (flink.contains(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)) {
            return;
        }
        boolean ownCluster = LOCAL_TARGET.equals(flink.get(DeploymentOptions.TARGET));
        String storage =
                (ownCluster ? flink : clusterConfiguration())
                        .get(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE);
        if (DURABLE_CHANGELOG_STORAGE.equals(storage)) {
            flink.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, true);
        } else {
            LOG.warn(
                    "AT_LEAST_ONCE on plain RocksDB: each checkpoint's flush shows in the latency"
                            + " tail. For the changelog state backend, give the TaskManagers {}: {}"
                            + " and {}: <a durable path> (see docs/operations.md, Latency)",
                    StateChangelogOptions.STATE_CHANGE_LOG_STORAGE.key(),
                    DURABLE_CHANGELOG_STORAGE,
                    FsStateChangelogOptions.BASE_PATH.key());
        }
    }

    /** The configuration of the cluster the job's main runs on, or an empty one if none. */
    private static Configuration clusterConfiguration() {
        String directory = System.getenv(ConfigConstants.ENV_FLINK_CONF_DIR);
        if (directory == null) {
            return new Configuration();
        }
        try {
            return GlobalConfiguration.loadConfiguration(directory);
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the cluster's configuration in {}: {}", directory, e.toString());
            return new Configuration();
        }
    }
}
