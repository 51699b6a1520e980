package io.vigil.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.scoring.ScoringJob;
import io.vigil.jobs.testutils.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rescaling as a platform engineer does it on a real multi-process cluster: ScoringJob runs at
 * parallelism 2, is stopped with a savepoint and started from it at 4, then stopped again and
 * started at 1, under traffic between the stops. Keyed state is redistributed by key group (the
 * jobs' explicit max parallelism), the entity states' deltas and cache included, and the model
 * swapped in before the first rescale keeps serving: every transaction is among the committed
 * predictions once, every card and device feature equals an offline replay (what an unrescaled run
 * computes), and every score equals ONNX Runtime's for the version active at the transaction.
 */
class ClusterRescaleITCase {

    private static final String SECRET = "cluster-rescale-secret-long-enough";
    private static final int PER_PHASE = 600;
    private static final int[] PARALLELISM = {2, 4, 1};
    private static final int TRANSACTIONS = PER_PHASE * PARALLELISM.length;
    private static final int SWAP_AT = 300;
    private static final long BASE = Instant.now().minus(Duration.ofHours(3)).toEpochMilli();

    @TempDir Path dir;

    @Test
    void scoringJobRescaledTwoToFourToOneComputesWhatAnUnrescaledRunDoes() throws Exception {
        try (ClusterTestbed testbed =
                ClusterTestbed.start(
                        dir, SECRET, Instant.ofEpochMilli(BASE + SWAP_AT * 1000L), 2, 2)) {
            FlinkRestClient rest = testbed.rest();
            String jar = testbed.uploadJobJar();
            String savepoint = null;
            for (int phase = 0; phase < PARALLELISM.length; phase++) {
                String job =
                        rest.run(
                                jar,
                                ScoringJob.class.getName(),
                                testbed.exactlyOnceArgs("1s", "checkpoints"),
                                PARALLELISM[phase],
                                savepoint);
                rest.awaitFullyRunning(job, Duration.ofSeconds(90));
                try (PacedTraffic traffic =
                        new PacedTraffic(
                                testbed.bootstrap(),
                                "transactions",
                                "tx",
                                phase * PER_PHASE,
                                (phase + 1) * PER_PHASE,
                                400,
                                BASE)) {
                    traffic.join();
                }
                assertThat(
                                TopicReader.read(
                                        testbed.bootstrap(),
                                        "predictions",
                                        (phase + 1) * PER_PHASE,
                                        Duration.ofMinutes(1),
                                        Duration.ZERO))
                        .as("scored at parallelism %d", PARALLELISM[phase])
                        .hasSize((phase + 1) * PER_PHASE);
                savepoint =
                        rest.stopWithSavepoint(job, testbed.savepoints(), Duration.ofMinutes(1));
            }

            testbed.assertAsOneUninterruptedRun(
                    testbed.exactlyOnce(TRANSACTIONS), TRANSACTIONS, SWAP_AT, BASE);
        }
    }
}
