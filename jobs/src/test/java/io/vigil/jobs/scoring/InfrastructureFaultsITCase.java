package io.vigil.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.testutils.CardModelFixture;
import io.vigil.jobs.testutils.TestJobs;
import io.vigil.jobs.testutils.TopicReader;
import io.vigil.jobs.testutils.TransactionProducer;
import io.vigil.jobs.testutils.Transactions;
import io.vigil.modelops.registry.ModelEvents;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.RecordDecodingException;
import io.vigil.schemas.codec.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The infrastructure fails under ScoringJob while it scores exactly-once: the Kafka broker stops
 * and comes back (same port, same data), then the checkpoint storage fails for a few checkpoints
 * and recovers. The oracle: every valid transaction sent, before, between and after the faults,
 * appears exactly once among the committed predictions, every broken one exactly once among the
 * dead letters, and nothing else appears; the job is running at the end.
 */
class InfrastructureFaultsITCase {

    private static final String SECRET = "infrastructure-faults-secret-long";
    private static final int VALID = 1_500;

    private static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestJobs.miniCluster(METRICS);

    @TempDir Path dir;

    @Test
    void aBrokerRestartAndFailingCheckpointStorageLoseAndDuplicateNothing() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(2, List.of("transactions", "predictions", "dead-letters"));
            ModelRegistry.ensureTopic(broker.bootstrapServers(), ModelEvents.DEFAULT_TOPIC);
            Path[] model = CardModelFixture.write(CardModelFixture.model(), dir);
            JobClient job = start(broker, model);
            List<Transaction> valid = Transactions.ofFortyCards("o", VALID);
            try {
                send(broker, valid.subList(0, VALID / 3), "before");
                awaitPredictions(broker, VALID / 6, "scoring before the broker stops");

                broker.restart(); // down while it stops and starts again: several seconds

                send(broker, valid.subList(VALID / 3, 2 * VALID / 3), "between");
                awaitPredictions(broker, VALID / 2, "scoring after the broker came back");

                // The storage fails: the checkpoint path now leads to a file (chmod would not stop
                // root), swapped in atomically so Flink cannot recreate the directory in between.
                pointCheckpointsAt(Files.writeString(dir.resolve("blocked"), "not a directory"));
                send(broker, valid.subList(2 * VALID / 3, VALID), "after");
                long failedBefore = failedCheckpoints(job);
                Awaitility.await("two checkpoints failed on the broken storage")
                        .atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> failedCheckpoints(job) >= failedBefore + 2);
                pointCheckpointsAt(dir.resolve("checkpoint-storage"));

                List<Prediction> predictions =
                        decode(
                                TopicReader.read(
                                        broker.bootstrapServers(),
                                        "predictions",
                                        VALID,
                                        Duration.ofMinutes(3),
                                        Duration.ofSeconds(3)),
                                Prediction.class);
                List<DeadLetter> dead =
                        decode(
                                TopicReader.read(
                                        broker.bootstrapServers(),
                                        "dead-letters",
                                        3,
                                        Duration.ofMinutes(1),
                                        Duration.ofSeconds(1)),
                                DeadLetter.class);

                Map<String, Long> perId =
                        predictions.stream()
                                .collect(
                                        Collectors.groupingBy(
                                                Prediction::getTransactionId,
                                                Collectors.counting()));
                assertThat(perId.keySet())
                        .as("every valid transaction scored, none invented")
                        .containsExactlyInAnyOrderElementsOf(
                                valid.stream().map(Transaction::getTransactionId).toList());
                assertThat(perId.values()).as("none scored twice").containsOnly(1L);
                assertThat(dead)
                        .extracting(d -> new String(bytes(d), StandardCharsets.UTF_8))
                        .containsExactlyInAnyOrder(
                                "broken before", "broken between", "broken after");
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            } finally {
                TestJobs.cancel(job);
            }
        }
    }

    /** Checkpoints of {@code job} that failed so far (Flink's job metric). */
    private static long failedCheckpoints(JobClient job) {
        return TestJobs.metric(METRICS, job, "numberOfFailedCheckpoints");
    }

    /** Points the job's checkpoint directory (a symbolic link) at {@code target}, atomically. */
    private void pointCheckpointsAt(Path target) throws IOException {
        Path link = dir.resolve("checkpoints-next");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target);
        Files.move(
                link,
                dir.resolve("checkpoints"),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private JobClient start(EmbeddedKafkaBroker broker, Path[] model) throws Exception {
        Files.createDirectories(dir.resolve("checkpoint-storage"));
        pointCheckpointsAt(dir.resolve("checkpoint-storage"));
        Configuration conf =
                TestJobs.base(broker.bootstrapServers(), SECRET, dir.resolve("checkpoints"));
        conf.set(ScoringOptions.MODEL_PATH, model[0].toUri().toString());
        conf.set(ScoringOptions.MANIFEST_PATH, model[1].toUri().toString());
        conf.set(ScoringOptions.DELIVERY, Delivery.EXACTLY_ONCE);
        // Checkpoints that fail while being triggered are retried at once, so the outage may
        // exceed the tolerated failures and restart the job, whose restores then fail until the
        // storage is back. Flink's default backoff grows to a minute over those restores; a fixed
        // second keeps the test as long whatever number of restarts the outage caused.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1_000);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        return TestJobs.startScoringJob(conf);
    }

    /** Sends {@code transactions}, then one record that is no transaction. */
    private static void send(
            EmbeddedKafkaBroker broker, List<Transaction> transactions, String when) {
        TransactionProducer.produce(broker.bootstrapServers(), "transactions", transactions);
        broken(broker, when);
    }

    private static void awaitPredictions(EmbeddedKafkaBroker broker, int count, String what) {
        assertThat(
                        TopicReader.read(
                                broker.bootstrapServers(),
                                "predictions",
                                count,
                                Duration.ofMinutes(2),
                                Duration.ZERO))
                .as(what)
                .hasSizeGreaterThanOrEqualTo(count);
    }

    /** One record that is no transaction. */
    private static void broken(EmbeddedKafkaBroker broker, String when) {
        TransactionProducer.sendAll(
                broker.bootstrapServers(),
                List.of(
                        new ProducerRecord<>(
                                "transactions",
                                ("broken " + when).getBytes(StandardCharsets.UTF_8))));
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> decode(
            List<ConsumerRecord<byte[], byte[]>> records, Class<T> type)
            throws RecordDecodingException {
        RecordCodec<T> codec = WireFormat.AVRO.codec(type);
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.add(codec.decode(r.value()));
        }
        return out;
    }

    private static byte[] bytes(DeadLetter dead) {
        byte[] bytes = new byte[dead.getOriginalBytes().remaining()];
        dead.getOriginalBytes().duplicate().get(bytes);
        return bytes;
    }
}
