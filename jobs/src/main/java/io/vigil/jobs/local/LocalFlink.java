package io.vigil.jobs.local;

import io.vigil.jobs.config.FlinkSettings;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.scoring.ScoringJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.flink.changelog.fs.FsStateChangelogOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs jobs on a Flink MiniCluster inside this JVM, listening on 127.0.0.1 only. */
public final class LocalFlink {

    /** Where local TaskManagers keep a changelog state backend's log, unless set. */
    private static final Path CHANGELOG =
            Path.of(System.getProperty("java.io.tmpdir"), "vigil", "changelog");

    private LocalFlink() {}

    /**
     * Loopback-only settings, a bounded restart strategy (failures surface instead of looping), a
     * changelog storage in files under the temp directory, plus {@code base}; marked as a local
     * cluster ({@code execution.target: local}), so the job may trust what it says of the
     * TaskManagers.
     */
    public static Configuration configuration(Configuration base) {
        Configuration conf = new Configuration(base);
        conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.HOST, "127.0.0.1");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        // RocksDB's memory (block cache, write buffers) comes from managed memory: the
        // MiniCluster's
        // default of 128 MB, shared by every stateful operator of a slot, starves it into constant
        // flushes and compactions. 1 GB per TaskManager is what a small production TaskManager
        // gives.
        if (!base.contains(TaskManagerOptions.MANAGED_MEMORY_SIZE)) {
            conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(1024));
        }
        // The local TaskManager keeps a changelog state backend's log in files (Flink's default,
        // memory, is no place for it), which makes the at-least-once path use one (FlinkSettings).
        if (!base.contains(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE)) {
            conf.set(
                    StateChangelogOptions.STATE_CHANGE_LOG_STORAGE,
                    FlinkSettings.DURABLE_CHANGELOG_STORAGE);
        }
        if (!base.contains(FsStateChangelogOptions.BASE_PATH)) {
            conf.set(FsStateChangelogOptions.BASE_PATH, CHANGELOG.toUri().toString());
        }
        conf.set(DeploymentOptions.TARGET, FlinkSettings.LOCAL_TARGET);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        return conf;
    }

    /**
     * Starts the scoring job on a new local MiniCluster; cancelling the job shuts the cluster down.
     */
    public static JobClient startScoringJob(
            ScoringJobConfig config, Configuration base, int parallelism) throws Exception {
        return start(
                config.flinkConfiguration(configuration(base)),
                parallelism,
                ScoringJob.NAME,
                env -> new ScoringJob(config).addTo(env));
    }

    /**
     * Starts one Flink job made of whatever {@code pipelines} add to its environment (e.g. scoring
     * and monitoring together) on a new local MiniCluster; cancelling the job shuts the cluster
     * down.
     */
    public static JobClient start(
            Configuration flink,
            int parallelism,
            String name,
            Consumer<StreamExecutionEnvironment> pipelines)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(configuration(flink));
        env.setParallelism(parallelism);
        pipelines.accept(env);
        return env.executeAsync(name);
    }
}
