package io.vigil.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.jobs.scoring.ScoringJob;
import io.vigil.jobs.testutils.CardModelFixture;
import io.vigil.jobs.testutils.TopicReader;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shaded job jar on a real multi-process Flink cluster (one JobManager, two TaskManagers,
 * RocksDB incremental checkpoints), submitted over the REST API, under continuous traffic: each
 * TaskManager in turn is killed with SIGKILL and replaced. The predictions topic (read_committed)
 * then holds every transaction exactly once, each scored by the model version active at its event
 * time (a swap happens between the two failures); the job runs again within a minute of each
 * failure; a second Vigil job on the same cluster runs beside it.
 */
class ClusterFailoverITCase {

    private static final String MODEL = "card-test";
    private static final String SECRET = "cluster-test-secret-long-enough";
    private static final int TRANSACTIONS = 7_000;
    private static final int RATE = 150;
    private static final int SWAP_AT = 3_500;

    /**
     * How soon the job must run again after a TaskManager is killed: heartbeat timeout (8 s), a new
     * TaskManager JVM, and the restore. 13-33 s measured on the 2-core build machine; the bound
     * catches a job that does not recover, not a slow machine.
     */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

    private static final long BASE = Instant.now().minus(Duration.ofHours(3)).toEpochMilli();

    private static final Logger LOG = LoggerFactory.getLogger(ClusterFailoverITCase.class);

    @TempDir Path dir;

    @Test
    void killedTaskManagersCostNoPredictionAndNoDuplicateAndASecondJobRunsBeside()
            throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                ModelRegistry registry =
                        new ModelRegistry(
                                broker.bootstrapServers(),
                                "model-events",
                                new ArtifactStore(dir.resolve("store").toUri().toString()));
                // One slot per TaskManager: the job (parallelism 2) runs on both, so each kill hits
                // it.
                StandaloneCluster cluster =
                        StandaloneCluster.start(dir.resolve("flink"), 2, 1, Map.of())) {
            broker.createTopics(
                    4,
                    List.of(
                            "transactions",
                            "predictions",
                            "dead-letters",
                            "transactions-2",
                            "predictions-2",
                            "dead-letters-2"));
            CardModelFixture.registerSwap(registry, Instant.ofEpochMilli(BASE + SWAP_AT * 1000L));

            FlinkRestClient rest = cluster.rest();
            String jar = rest.uploadJar(jobJar());
            String job =
                    rest.run(jar, ScoringJob.class.getName(), args(broker, "", "scoring"), 2, null);
            rest.awaitFullyRunning(job, Duration.ofSeconds(90));

            try (PacedTraffic traffic =
                    new PacedTraffic(
                            broker.bootstrapServers(),
                            "transactions",
                            "tx",
                            TRANSACTIONS,
                            RATE,
                            BASE)) {
                awaitSent(traffic, TRANSACTIONS / 5);
                Duration firstRecovery = replaceTaskManager(cluster, 0, job);
                awaitSent(traffic, TRANSACTIONS * 3 / 5);
                Duration secondRecovery = replaceTaskManager(cluster, 1, job);

                LOG.info(
                        "Running again {} and {} after each TaskManager was killed",
                        firstRecovery,
                        secondRecovery);
                assertThat(firstRecovery)
                        .as("running again after the first TaskManager was killed")
                        .isLessThan(RECOVERY_BOUND);
                assertThat(secondRecovery)
                        .as("running again after the second TaskManager was killed")
                        .isLessThan(RECOVERY_BOUND);

                cluster.startTaskManager(); // room for a second job
                rest.awaitTaskManagers(3, Duration.ofSeconds(60));
                String second =
                        rest.run(
                                jar,
                                ScoringJob.class.getName(),
                                args(broker, "-2", "scoring-2"),
                                1,
                                null);
                rest.awaitFullyRunning(second, Duration.ofSeconds(60));
                try (PacedTraffic more =
                        new PacedTraffic(
                                broker.bootstrapServers(),
                                "transactions-2",
                                "second",
                                100,
                                100,
                                BASE)) {
                    more.join();
                }
                assertThat(
                                TopicReader.read(
                                        broker.bootstrapServers(),
                                        "predictions-2",
                                        100,
                                        Duration.ofMinutes(1),
                                        Duration.ZERO))
                        .as(
                                "the second job on the same cluster scores too (ONNX Runtime in"
                                        + " lib/, loaded once)")
                        .hasSize(100);
                traffic.join();
            }

            Map<String, Prediction> byId = predictionsById(broker, cluster);
            assertThat(byId).as("every transaction exactly once").hasSize(TRANSACTIONS);
            for (int i = 0; i < TRANSACTIONS; i++) {
                assertThat(byId.get("tx-" + i).getModelVersion())
                        .as("version of transaction %d", i)
                        .isEqualTo(i < SWAP_AT ? "1" : "2");
            }
            assertThat(rest.jobState(job)).isEqualTo("RUNNING");
        }
    }

    /**
     * Kills TaskManager {@code index}, starts a replacement; returns how long until the job runs
     * all its tasks again.
     */
    private static Duration replaceTaskManager(StandaloneCluster cluster, int index, String job)
            throws Exception {
        long start = System.nanoTime();
        cluster.killTaskManager(index);
        cluster.startTaskManager();
        Awaitility.await("the job to notice the lost TaskManager")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !cluster.rest().fullyRunning(job));
        cluster.rest().awaitFullyRunning(job, Duration.ofSeconds(90));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void awaitSent(PacedTraffic traffic, int count) {
        Awaitility.await(count + " transactions sent")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> traffic.sent() >= count);
    }

    private List<String> args(EmbeddedKafkaBroker broker, String topicSuffix, String name) {
        return List.of(
                "--vigil.kafka.bootstrap-servers",
                broker.bootstrapServers(),
                "--vigil.kafka.group-id",
                "vigil-" + name,
                "--vigil.topics.transactions",
                "transactions" + topicSuffix,
                "--vigil.topics.predictions",
                "predictions" + topicSuffix,
                "--vigil.topics.dead-letters",
                "dead-letters" + topicSuffix,
                "--vigil.model.name",
                MODEL,
                "--vigil.registry.store",
                dir.resolve("store").toUri().toString(),
                "--vigil.entity-key.secret",
                SECRET,
                "--vigil.delivery",
                "EXACTLY_ONCE",
                "--vigil.checkpoint.interval",
                "1s",
                "--vigil.checkpoint.directory",
                dir.resolve("checkpoints-" + name).toUri().toString());
    }

    private static Map<String, Prediction> predictionsById(
            EmbeddedKafkaBroker broker, StandaloneCluster cluster) throws Exception {
        List<Prediction> predictions = predictions(broker, TRANSACTIONS);
        Map<String, Long> counts =
                predictions.stream()
                        .collect(
                                Collectors.groupingBy(
                                        Prediction::getTransactionId, Collectors.counting()));
        assertThat(counts.values())
                .as("no duplicates; cluster logs:\n" + cluster.logs())
                .allMatch(c -> c == 1);
        assertThat(predictions)
                .as("no transaction missing; cluster logs:\n" + cluster.logs())
                .hasSize(TRANSACTIONS);
        return predictions.stream()
                .collect(Collectors.toMap(Prediction::getTransactionId, Function.identity()));
    }

    /**
     * The predictions topic as an analyst reads it (read_committed): {@code expected} records, then
     * 3 s more for extras.
     */
    static List<Prediction> predictions(EmbeddedKafkaBroker broker, int expected) throws Exception {
        RecordCodec<Prediction> codec = WireFormat.AVRO.codec(Prediction.class);
        List<Prediction> predictions = new ArrayList<>();
        for (var record :
                TopicReader.read(
                        broker.bootstrapServers(),
                        "predictions",
                        expected,
                        Duration.ofMinutes(2),
                        Duration.ofSeconds(3))) {
            predictions.add(codec.decode(record.value()));
        }
        return predictions;
    }

    static Path jobJar() throws Exception {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new AssertionError(
                                            "run `mvn package` first: no target/*-job.jar"));
        }
    }
}
