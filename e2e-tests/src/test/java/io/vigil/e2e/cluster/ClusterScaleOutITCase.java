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
 * Scale-out as Flink's adaptive scheduler does it on a real multi-process cluster: ScoringJob is
 * submitted with parallelism 4 to a cluster of two one-slot TaskManagers, so it runs at 2; while it
 * works through a backlog of transactions two more TaskManagers join, and the scheduler rescales
 * the job to 4 from its next checkpoint, with no one stopping it. Every transaction is among the
 * committed predictions exactly once, and the job scores more transactions per second after the
 * TaskManagers joined than before.
 *
 * <p>On this one host CPU 0 is the machine that was: the first two TaskManagers, the broker, the
 * JobManager and this test run on it; the two TaskManagers that join run on CPU 1, as new machines
 * bring cores of their own ({@code taskset}). Records cross TaskManagers at every key-by before and
 * after, so the rates compare like with like.
 */
class ClusterScaleOutITCase {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterScaleOutITCase.class);
    private static final String SECRET = "cluster-scale-out-secret-long-enough";
    private static final int BACKLOG = 1_000_000;

    /** Predictions written after which the backlog counts as drained: windows end there. */
    private static final long DRAINED = BACKLOG * 99L / 100;

    /** Transaction {@code i} happens at {@code BASE + 5 i} ms: the backlog's last is 10 min ago. */
    private static final long BASE =
            Instant.now().minus(Duration.ofMillis(BACKLOG * 5L).plusMinutes(10)).toEpochMilli();

    /**
     * How long after each parallelism began its throughput window starts: a TaskManager that just
     * joined is a cold JVM whose compiler competes for its core, and it reads its share of the
     * state anew (10-15 s measured).
     */
    private static final Duration SETTLE_BEFORE = Duration.ofSeconds(5);

    private static final Duration SETTLE_AFTER = Duration.ofSeconds(15);

    /** Long enough to even out the checkpoints' pauses. */
    private static final Duration WINDOW = Duration.ofSeconds(10);

    @TempDir Path dir;

    @Test
    void taskManagersJoiningUnderTrafficRaiseThroughputWithoutLosingOrRepeatingAPrediction()
            throws Exception {
        try (ClusterTestbed testbed =
                ClusterTestbed.start(
                        dir,
                        SECRET,
                        4,
                        Instant.ofEpochMilli(BASE),
                        flink -> StandaloneCluster.start(flink, 0, 1, ADAPTIVE))) {
            // Everything but the joining TaskManagers on CPU 0: the machine that was.
            CpuPinning.pin(testbed.broker().processHandle(), "0");
            CpuPinning.pin(testbed.cluster().jobManagerProcess(), "0");
            String testCpus = CpuPinning.pin(ProcessHandle.current(), "0");
            try {
                scaleOut(testbed);
            } finally {
                CpuPinning.pin(ProcessHandle.current(), testCpus);
            }
        }
    }

    private static void scaleOut(ClusterTestbed testbed) throws Exception {
        StandaloneCluster cluster = testbed.cluster();
        cluster.startTaskManagerOnCpu(0);
        cluster.startTaskManagerOnCpu(0);
        cluster.awaitTaskManagers(2, Duration.ofSeconds(60));
        PacedTraffic.produce(
                testbed.bootstrap(), "transactions", i -> PacedTraffic.spread(i, BASE, 5), BACKLOG);

        FlinkRestClient rest = testbed.rest();
        String jar = testbed.uploadJobJar();
        try (PredictionCounter predictions =
                        PredictionCounter.start(testbed.bootstrap(), "predictions");
                OutputRate output = new OutputRate(testbed.bootstrap(), "predictions")) {
            String job =
                    rest.run(
                            jar,
                            ScoringJob.class.getName(),
                            testbed.exactlyOnceArgs("1s", "checkpoints"),
                            4,
                            null);
            rest.awaitFullyRunning(job, Duration.ofSeconds(90));
            assertThat(rest.parallelism(job)).as("two slots: parallelism 2").isEqualTo(2);
            predictions.awaitFirst(Duration.ofSeconds(60));
            double before = output.perSecond(SETTLE_BEFORE, WINDOW, DRAINED);

            cluster.startTaskManagerOnCpu(1);
            cluster.startTaskManagerOnCpu(1);
            Awaitility.await("the job rescaled to 4 and running")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> rest.parallelism(job) == 4 && rest.fullyRunning(job));
            double after = output.perSecond(SETTLE_AFTER, WINDOW, DRAINED);
            String measured =
                    String.format(
                            "predictions written per second at parallelism 2: %.0f, at 4: %.0f"
                                    + " (%.2fx); committed %s",
                            before, after, after / before, predictions.timeline());
            LOG.info(measured);

            Map<String, Integer> counts = predictions.awaitDistinct(BACKLOG, Duration.ofMinutes(2));
            assertThat(counts).as("no transaction missing").hasSize(BACKLOG);
            assertThat(counts.values())
                    .as("no duplicates across the rescale")
                    .allMatch(c -> c == 1);
            assertThat(after).as(measured).isGreaterThan(before * 1.3);
        }
    }

    /**
     * The adaptive scheduler (as the Kubernetes manifests run it), rescaling soon: the cluster's
     * cool-down and stabilization defaults (30 s, 60 s) would outlast the test's traffic. Given 20
     * s to stabilize, it waits for both joining TaskManagers and rescales once, to 4, rather than
     * to 3 when the first registers and to 4 again a few seconds later.
     */
    private static final Map<String, String> ADAPTIVE =
            Map.of(
                    "jobmanager.scheduler", "adaptive",
                    "jobmanager.adaptive-scheduler.submission.resource-stabilization-timeout",
                            "2 s",
                    "jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling", "2 s",
                    "jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout",
                            "20 s");
}
