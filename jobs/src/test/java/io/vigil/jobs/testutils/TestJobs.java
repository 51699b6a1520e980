package io.vigil.jobs.testutils;

import io.vigil.jobs.config.FlinkSettings;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.scoring.ScoringJob;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.changelog.fs.FsStateChangelogOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.Awaitility;

/** The MiniCluster and ScoringJob set-up the integration tests share. */
public final class TestJobs {

    /** Where the test cluster's TaskManager keeps a changelog state backend's log. */
    private static final Path CHANGELOG =
            Path.of(
                    System.getProperty("java.io.tmpdir"),
                    "vigil-test-changelog-" + ProcessHandle.current().pid());

    private TestJobs() {}

    /** One TaskManager with two slots, every endpoint on 127.0.0.1. */
    public static MiniClusterExtension miniCluster() {
        return miniCluster(loopbackOnly());
    }

    /** {@link #miniCluster()} whose metrics also go to {@code reporter}, for tests of metrics. */
    public static MiniClusterExtension miniCluster(InMemoryReporter reporter) {
        return miniCluster(reporter.addToConfiguration(loopbackOnly()));
    }

    private static MiniClusterExtension miniCluster(Configuration configuration) {
        configuration.set(
                StateChangelogOptions.STATE_CHANGE_LOG_STORAGE,
                FlinkSettings.DURABLE_CHANGELOG_STORAGE);
        configuration.set(FsStateChangelogOptions.BASE_PATH, CHANGELOG.toUri().toString());
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .setConfiguration(configuration)
                        .build());
    }

    public static Configuration loopbackOnly() {
        Configuration conf = new Configuration();
        conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.HOST, "127.0.0.1");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        return conf;
    }

    /**
     * What every test job needs: the broker, an entity-key secret, 1 s checkpoints under {@code
     * checkpoints}, and the changelog storage the test cluster's TaskManager has, marked as a
     * cluster built from this configuration (as {@link #miniCluster()} is) so the job trusts it.
     */
    public static Configuration base(String bootstrap, String secret, Path checkpoints) {
        Configuration conf = new Configuration();
        conf.set(
                StateChangelogOptions.STATE_CHANGE_LOG_STORAGE,
                FlinkSettings.DURABLE_CHANGELOG_STORAGE);
        conf.set(DeploymentOptions.TARGET, FlinkSettings.LOCAL_TARGET);
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, bootstrap);
        conf.set(ScoringOptions.ENTITY_KEY_SECRET, secret);
        conf.set(ScoringOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        conf.set(ScoringOptions.CHECKPOINT_DIRECTORY, checkpoints.toUri().toString());
        return conf;
    }

    /**
     * Starts ScoringJob, configured by {@code conf}, with parallelism 2 on the test's MiniCluster.
     */
    public static JobClient startScoringJob(Configuration conf) throws Exception {
        ScoringJobConfig config = ScoringJobConfig.fromConfiguration(conf);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(config.flinkConfiguration(conf));
        env.setParallelism(2);
        new ScoringJob(config).addTo(env);
        return env.executeAsync(ScoringJob.NAME);
    }

    /** A job metric that {@code reporter} saw, a gauge or a counter; 0 until reported. */
    public static long metric(InMemoryReporter reporter, JobClient job, String name) {
        return reporter.findMetric(job.getJobID(), name)
                .map(
                        metric ->
                                metric instanceof Counter counter
                                        ? counter.getCount()
                                        : ((Number) ((Gauge<?>) metric).getValue()).longValue())
                .orElse(0L);
    }

    /**
     * Cancels {@code job} and waits until all its tasks have ended: only then are its slots free
     * and its Kafka clients closed, so the next test's job can start and the broker may stop.
     */
    public static void cancel(JobClient job) throws Exception {
        job.cancel().get();
        Awaitility.await("job " + job.getJobID() + " ended after cancel")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> job.getJobStatus().get().isGloballyTerminalState());
    }
}
