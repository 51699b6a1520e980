package io.vigil.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.testutils.CardModelFixture;
import io.vigil.jobs.testutils.PredictionOracle;
import io.vigil.jobs.testutils.TestJobs;
import io.vigil.jobs.testutils.TopicReader;
import io.vigil.jobs.testutils.TransactionProducer;
import io.vigil.jobs.testutils.Transactions;
import io.vigil.modelops.registry.ModelEvents;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The at-least-once path on its default state (Flink's changelog over RocksDB, the log in the
 * TaskManager's file storage) loses its TaskManager after a checkpoint holds the first half of the
 * traffic. The oracle: the changelog was written, the job restored and runs again, every
 * transaction sent is scored, and every first prediction of a transaction carries exactly the
 * features an offline replay of all transactions computes: the entity state came back whole from
 * the log.
 */
class AtLeastOnceFailoverITCase {

    private static final String SECRET = "at-least-once-failover-secret";
    private static final int VALID = 1_200;

    private static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestJobs.miniCluster(METRICS);

    @TempDir Path dir;

    @Test
    void aLostTaskManagerRestoresEveryEntityFromTheChangelog(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(2, List.of("transactions", "predictions", "dead-letters"));
            ModelRegistry.ensureTopic(broker.bootstrapServers(), ModelEvents.DEFAULT_TOPIC);
            TrainedModel model = CardModelFixture.model();
            Path[] files = CardModelFixture.write(model, dir);
            Path checkpoints = dir.resolve("checkpoints");
            JobClient job = start(broker, files, checkpoints);
            List<Transaction> valid = Transactions.ofFortyCards("f", VALID);
            try {
                TransactionProducer.produce(
                        broker.bootstrapServers(), "transactions", valid.subList(0, VALID / 2));
                assertThat(read(broker, VALID / 2)).as("the first half scored").isNotEmpty();
                long completed = completedCheckpoints(job);
                Awaitility.await("two checkpoints after the first half was scored")
                        .atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> completedCheckpoints(job) >= completed + 2);
                assertThat(TestJobs.metric(METRICS, job, "numberOfUploadRequests"))
                        .as("state changes uploaded to the TaskManager's changelog storage")
                        .isPositive();

                cluster.terminateTaskManager(0).get();
                cluster.startTaskManager();
                TransactionProducer.produce(
                        broker.bootstrapServers(), "transactions", valid.subList(VALID / 2, VALID));

                Map<String, Prediction> first = firstPerTransaction(read(broker, VALID));
                assertThat(first.keySet())
                        .as("every transaction scored at least once, none invented")
                        .containsExactlyInAnyOrderElementsOf(
                                valid.stream().map(Transaction::getTransactionId).toList());
                assertThat(TestJobs.metric(METRICS, job, "numRestarts"))
                        .as("restored after the TaskManager was lost")
                        .isPositive();
                PredictionOracle.assertFeaturesEqualReplay(
                        new ArrayList<>(first.values()), FeatureSpecs.bundled(), SECRET, valid);
                PredictionOracle.assertScoresEqualOnnxRuntime(
                        new ArrayList<>(first.values()), Map.of("1", model));
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            } finally {
                TestJobs.cancel(job);
            }
        }
    }

    private static JobClient start(EmbeddedKafkaBroker broker, Path[] model, Path checkpoints)
            throws Exception {
        Configuration conf = TestJobs.base(broker.bootstrapServers(), SECRET, checkpoints);
        conf.set(ScoringOptions.MODEL_PATH, model[0].toUri().toString());
        conf.set(ScoringOptions.MANIFEST_PATH, model[1].toUri().toString());
        conf.set(ScoringOptions.DELIVERY, Delivery.AT_LEAST_ONCE);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 100);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        return TestJobs.startScoringJob(conf);
    }

    /** Reads at least {@code count} predictions (repeats included), then a moment more. */
    private static List<Prediction> read(EmbeddedKafkaBroker broker, int count) throws Exception {
        RecordCodec<Prediction> codec = WireFormat.AVRO.codec(Prediction.class);
        List<Prediction> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                TopicReader.read(
                        broker.bootstrapServers(),
                        "predictions",
                        count,
                        Duration.ofMinutes(3),
                        Duration.ofSeconds(3))) {
            out.add(codec.decode(r.value()));
        }
        return out;
    }

    private static Map<String, Prediction> firstPerTransaction(List<Prediction> predictions) {
        Map<String, Prediction> first = new LinkedHashMap<>();
        predictions.forEach(p -> first.putIfAbsent(p.getTransactionId(), p));
        return first;
    }

    private static long completedCheckpoints(JobClient job) {
        return TestJobs.metric(METRICS, job, "numberOfCompletedCheckpoints");
    }
}
