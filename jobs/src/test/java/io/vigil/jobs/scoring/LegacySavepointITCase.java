package io.vigil.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.testutils.CardModelFixture;
import io.vigil.jobs.testutils.TestJobs;
import io.vigil.jobs.testutils.TopicReader;
import io.vigil.jobs.testutils.TransactionProducer;
import io.vigil.jobs.testutils.Transactions;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A savepoint taken by the version before generic events (card transactions built into the code;
 * checked in under {@code savepoints/before-generic-events}) restores into today's ScoringJob with
 * the bundled card-fraud spec, and every card keeps its history: the next transactions' card
 * features equal a replay over the transactions before and after the savepoint.
 *
 * <p>That version scored transactions {@code v0..v199} ({@link #transactions}) from a topic of two
 * partitions keyed by card, with the fixture model at {@value #MODEL_DIR} and the secret below, and
 * stopped with a canonical savepoint.
 */
class LegacySavepointITCase {

    private static final String SECRET = "legacy-savepoint-secret-32-bytes";
    private static final String MODEL_DIR = "/tmp/vigil-legacy-model";
    private static final int BEFORE = 200;
    private static final int AFTER = 100;

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestJobs.miniCluster();

    @Test
    void entityStateOfTheVersionBeforeGenericEventsCarriesOver() throws Exception {
        // The savepoint's serving state names the model files the old job was started with.
        Path[] model =
                CardModelFixture.write(
                        CardModelFixture.model(), Files.createDirectories(Path.of(MODEL_DIR)));
        Path savepoint =
                Path.of(
                        LegacySavepointITCase.class
                                .getResource("/savepoints/before-generic-events")
                                .toURI());
        List<Transaction> all = transactions(BEFORE + AFTER);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(2, List.of("transactions", "predictions", "dead-letters"));
            ModelRegistry.ensureTopic(broker.bootstrapServers(), "model-events");
            // The same records at the same offsets: the restored source resumes after the first
            // 200.
            TransactionProducer.produce(broker.bootstrapServers(), "transactions", all);
            Configuration conf =
                    TestJobs.base(
                            broker.bootstrapServers(),
                            SECRET,
                            Files.createTempDirectory("legacy-checkpoints"));
            conf.set(ScoringOptions.MODEL_PATH, model[0].toUri().toString());
            conf.set(ScoringOptions.MANIFEST_PATH, model[1].toUri().toString());
            conf.set(ScoringOptions.IDLENESS, Duration.ofSeconds(1));
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toUri().toString());
            JobClient job = TestJobs.startScoringJob(conf);
            List<ConsumerRecord<byte[], byte[]>> records =
                    TopicReader.read(
                            broker.bootstrapServers(),
                            "predictions",
                            AFTER,
                            Duration.ofMinutes(2),
                            Duration.ofSeconds(2));
            TestJobs.cancel(job);

            FeatureSpec spec = FeatureSpecs.bundled();
            Map<String, double[]> expected = Transactions.replay(spec, SECRET, all);
            RecordCodec<Prediction> codec = WireFormat.AVRO.codec(Prediction.class);
            List<String> scored = new ArrayList<>();
            int cardFeatures = spec.entities().get(0).features().size();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Prediction p = codec.decode(record.value());
                scored.add(p.getTransactionId());
                double[] features = expected.get(p.getTransactionId());
                // The card's features: a card's transactions share a partition, so its order is
                // the replay's (a merchant's come from both partitions in arrival order).
                for (int i = 0; i < cardFeatures; i++) {
                    assertThat(p.getFeatures().get(spec.featureNames().get(i)))
                            .as(p.getTransactionId() + " " + spec.featureNames().get(i))
                            .isEqualTo(features[i]);
                }
            }
            assertThat(scored)
                    .as("only the transactions after the savepoint")
                    .hasSize(AFTER)
                    .allSatisfy(
                            id ->
                                    assertThat(Integer.parseInt(id.substring(1)))
                                            .isGreaterThanOrEqualTo(BEFORE));
            int countIndex = spec.featureNames().indexOf("count_24h");
            assertThat(expected.get("v" + (BEFORE + AFTER - 1))[countIndex])
                    .as("the last card's 24 h count includes transactions before the savepoint")
                    .isGreaterThan(0);
        }
    }

    /** What the old version scored (v0..v199) and what follows (from v200), deterministic. */
    private static List<Transaction> transactions(int count) {
        SplittableRandom random = new SplittableRandom(99);
        long start = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
        List<Transaction> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(
                    Transactions.transaction(
                            "v" + i,
                            "4555" + String.format("%012d", random.nextInt(20)),
                            start + i * 180_000L,
                            5 + random.nextInt(50000) / 100.0,
                            "m" + random.nextInt(10)));
        }
        return list;
    }
}
