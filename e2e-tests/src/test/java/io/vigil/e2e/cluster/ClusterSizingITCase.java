package io.vigil.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.scoring.ScoringJob;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sizing guide ({@code docs/operations.md}, Sizing) checked on a real cluster: ScoringJob with
 * the bundled spec and a logistic regression, exactly-once, at parallelism 3 on three TaskManagers
 * of one slot each, draining a backlog and then idle, measured as the bench measures a MiniCluster:
 * the TaskManager processes' CPU time between two points of the drain over the predictions
 * committed in between (from 30% of the backlog on, so the three JVMs' compilers are mostly done).
 * The figure must be within a factor of two of what the guide tells to plan for on a cluster; every
 * transaction must be scored once. The figures are logged.
 */
class ClusterSizingITCase {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSizingITCase.class);
    private static final String SECRET = "cluster-sizing-secret-long-enough";

    /**
     * The guide's CPU per transaction in the Flink JVM for the bundled spec with a logistic
     * regression, exactly-once, on a MiniCluster ({@code ./vigil bench --quick}).
     */
    private static final double BENCH_MICROS_PER_TRANSACTION = 24.7;

    /**
     * What the guide tells to plan for on a cluster of TaskManager processes, as a multiple of the
     * bench's figure: records cross TaskManagers at every key-by (2.56x measured here since entity
     * changes are written at checkpoint barriers, 1.56-2.61x before).
     */
    private static final double GUIDE_CLUSTER_FACTOR = 2.5;

    private static final int BACKLOG = 400_000;

    /**
     * How long the running job's TaskManagers settle after the drain, then are measured, without
     * traffic.
     */
    private static final Duration IDLE = Duration.ofSeconds(10);

    /** Transaction {@code i} happens at {@code BASE + 5 i} ms: the backlog's last is 10 min ago. */
    private static final long BASE =
            Instant.now().minus(Duration.ofMillis(BACKLOG * 5L).plusMinutes(10)).toEpochMilli();

    @TempDir Path dir;

    @Test
    void threeTaskManagersUseTheCpuPerTransactionTheSizingGuideGives() throws Exception {
        try (ClusterTestbed testbed =
                ClusterTestbed.start(
                        dir,
                        SECRET,
                        6,
                        Instant.ofEpochMilli(BASE),
                        flink -> StandaloneCluster.start(flink, 3, 1, Map.of()))) {
            StandaloneCluster cluster = testbed.cluster();
            FlinkRestClient rest = testbed.rest();
            String job =
                    rest.run(
                            testbed.uploadJobJar(),
                            ScoringJob.class.getName(),
                            testbed.exactlyOnceArgs("2s", "checkpoints"),
                            3,
                            null);
            rest.awaitFullyRunning(job, Duration.ofSeconds(90));

            try (PredictionCounter predictions =
                    PredictionCounter.start(testbed.bootstrap(), "predictions")) {
                PacedTraffic.produce(
                        testbed.bootstrap(),
                        "transactions",
                        i -> PacedTraffic.spread(i, BASE, 5),
                        BACKLOG);

                predictions.awaitCount(BACKLOG * 3 / 10, Duration.ofMinutes(2));
                Duration cpuFrom = cluster.taskManagersCpu();
                long countFrom = predictions.count();
                long from = System.nanoTime();
                predictions.awaitCount(BACKLOG * 9 / 10, Duration.ofMinutes(3));
                double micros =
                        seconds(cluster.taskManagersCpu().minus(cpuFrom))
                                * 1e6
                                / (predictions.count() - countFrom);
                double rate =
                        (predictions.count() - countFrom) / ((System.nanoTime() - from) / 1e9);
                assertThat(predictions.awaitDistinct(BACKLOG, Duration.ofMinutes(2)))
                        .as("every transaction scored once")
                        .hasSize(BACKLOG)
                        .allSatisfy((id, count) -> assertThat(count).isOne());
                double idleCores = idleCores(cluster);
                String measured =
                        String.format(
                                "three TaskManagers: %.3f cores idle; draining at %,.0f/s, %.1f us"
                                        + " per transaction (%.2fx the bench's %.1f on a"
                                        + " MiniCluster)",
                                idleCores,
                                rate,
                                micros,
                                micros / BENCH_MICROS_PER_TRANSACTION,
                                BENCH_MICROS_PER_TRANSACTION);
                LOG.info(measured);

                double guide = BENCH_MICROS_PER_TRANSACTION * GUIDE_CLUSTER_FACTOR;
                assertThat(micros).as(measured).isBetween(guide / 2, guide * 2);
            }
        }
    }

    /** The TaskManagers' cores busy while the job runs without traffic, after a pause to settle. */
    private static double idleCores(StandaloneCluster cluster) {
        long start = System.nanoTime();
        Duration[] from = new Duration[1];
        Awaitility.await("an idle window")
                .atMost(IDLE.multipliedBy(2).plusSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            long elapsed = System.nanoTime() - start;
                            if (from[0] == null && elapsed >= IDLE.toNanos()) {
                                from[0] = cluster.taskManagersCpu();
                            }
                            return elapsed >= IDLE.multipliedBy(2).toNanos();
                        });
        return seconds(cluster.taskManagersCpu().minus(from[0])) / seconds(IDLE);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
