package io.vigil.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.testutils.CardModelFixture;
import io.vigil.jobs.testutils.TestJobs;
import io.vigil.jobs.testutils.TopicReader;
import io.vigil.jobs.testutils.Transactions;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelEvents;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.ModelEventType;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models swapped through the registry under continuous traffic, on a MiniCluster with the real
 * broker: the swap happens exactly at its activation time, a bad version is rejected while the good
 * one keeps serving, and a job restored from a savepoint keeps the version it served.
 */
class HotSwapITCase {

    private static final String MODEL = "card-test";
    private static final int FIRST_RUN = 2400;
    private static final int SECOND_RUN = 400;
    private static final int SWAP_AT = 1600;
    private static final int BAD_AT = 2000;
    private static final long BASE = Instant.now().minus(Duration.ofHours(2)).toEpochMilli();

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestJobs.miniCluster();

    @TempDir Path dir;

    private static long eventTime(int i) {
        return BASE + i * 1000L;
    }

    @Test
    void swapsAtActivationRejectsABadVersionAndKeepsTheVersionAcrossARestore() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                ModelRegistry registry =
                        new ModelRegistry(
                                broker.bootstrapServers(),
                                "model-events",
                                new ArtifactStore(dir.resolve("store").toUri().toString()))) {
            broker.createTopics(2, List.of("transactions", "predictions", "dead-letters"));
            registry.ensureTopic();
            TrainedModel trained = CardModelFixture.model();
            registry.register(trained.onnx(), trained.manifest().withVersion("1"), "test");
            registry.register(
                    CardModelFixture.model(11).onnx(), trained.manifest().withVersion("2"), "test");
            registry.moveAlias(MODEL, "1", "champion", Instant.EPOCH, "test");

            JobClient job = start(broker, null);
            try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
                send(producer, 0, SWAP_AT / 2);
                registry.moveAlias(
                        MODEL, "2", "champion", Instant.ofEpochMilli(eventTime(SWAP_AT)), "test");
                send(producer, SWAP_AT / 2, SWAP_AT + 100);
                registry.publish(
                        corruptedVersion3(registry, Instant.ofEpochMilli(eventTime(BAD_AT))));
                send(producer, SWAP_AT + 100, FIRST_RUN);
            }
            List<Prediction> first = predictions(broker, FIRST_RUN);
            String savepoint =
                    job.stopWithSavepoint(
                                    false,
                                    dir.resolve("savepoints").toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();

            assertThat(first).hasSize(FIRST_RUN);
            Map<String, Prediction> byId =
                    first.stream()
                            .collect(
                                    Collectors.toMap(
                                            Prediction::getTransactionId, Function.identity()));
            assertThat(byId).hasSize(FIRST_RUN);
            for (int i = 0; i < FIRST_RUN; i++) {
                assertThat(byId.get("hs-" + i).getModelVersion())
                        .as("transaction %d", i)
                        .isEqualTo(i < SWAP_AT ? "1" : "2");
            }
            List<ModelEvent> rejected =
                    registryEvents(broker).stream()
                            .filter(e -> e.getType() == ModelEventType.REJECTED)
                            .collect(Collectors.toList());
            assertThat(rejected).extracting(ModelEvent::getVersion).containsExactly("3");
            assertThat(rejected.get(0).getReasonCode()).isEqualTo("MANIFEST_MISMATCH");

            // The registry topic starts over empty: the restored job can know v2 only from its
            // checkpointed references, not by reading the topic again.
            try (Admin admin =
                    Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.deleteTopics(List.of("model-events")).all().get();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (admin.listTopics().names().get().contains("model-events")) {
                    assertThat(System.nanoTime()).as("topic deleted in time").isLessThan(deadline);
                    LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                }
            }
            registry.ensureTopic();
            assertThat(registry.read().models()).as("an empty registry").isEmpty();

            JobClient restored = start(broker, savepoint);
            try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
                send(producer, FIRST_RUN, FIRST_RUN + SECOND_RUN);
            }
            List<Prediction> all = predictions(broker, FIRST_RUN + SECOND_RUN);
            TestJobs.cancel(restored);

            assertThat(all).hasSize(FIRST_RUN + SECOND_RUN);
            assertThat(all.stream().map(Prediction::getTransactionId).distinct().count())
                    .isEqualTo(FIRST_RUN + SECOND_RUN);
            assertThat(
                            all.stream()
                                    .filter(
                                            p ->
                                                    Integer.parseInt(
                                                                    p.getTransactionId()
                                                                            .substring(3))
                                                            >= FIRST_RUN))
                    .as(
                            "after the restore, v2 still serves: restored from state, with the"
                                    + " registry topic emptied")
                    .hasSize(SECOND_RUN)
                    .allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo("2"));
        }
    }

    /** Version 3's alias event, pointing at an artifact and manifest that are not version 3's. */
    private static ModelEvent corruptedVersion3(ModelRegistry registry, Instant activation) {
        ModelEvent v2 = registry.read().version(MODEL, "2").orElseThrow().registration();
        ModelEvent v3 = ModelEvent.newBuilder(v2).setVersion("3").setDigest("f".repeat(64)).build();
        return ModelEvents.aliasMoved(v3, "champion", List.of("2"), activation, "test");
    }

    private JobClient start(EmbeddedKafkaBroker broker, String savepoint) throws Exception {
        Configuration conf =
                TestJobs.base(
                        broker.bootstrapServers(),
                        "hot-swap-test-secret-long-enough",
                        dir.resolve("checkpoints"));
        conf.set(ScoringOptions.MODEL_NAME, MODEL);
        conf.set(ScoringOptions.REGISTRY_STORE, dir.resolve("store").toUri().toString());
        conf.set(ScoringOptions.DELIVERY, Delivery.EXACTLY_ONCE);
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        return TestJobs.startScoringJob(conf);
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafkaBroker broker) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Sends transactions {@code [from, to)} at about 400/s: continuous traffic while models change.
     */
    private static void send(KafkaProducer<byte[], byte[]> producer, int from, int to)
            throws InterruptedException {
        RecordCodec<Transaction> codec = WireFormat.AVRO.codec(Transaction.class);
        for (int i = from; i < to; i++) {
            Transaction t =
                    Transactions.transaction(
                            "hs-" + i,
                            "4222" + String.format("%012d", i % 50),
                            eventTime(i),
                            5 + i % 300,
                            "m" + i % 7);
            producer.send(
                    new ProducerRecord<>(
                            "transactions",
                            t.getCardNumber().getBytes(StandardCharsets.UTF_8),
                            codec.encode(t)));
            if (i % 20 == 0) {
                producer.flush();
                Thread.onSpinWait();
                LockSupport.parkNanos(50_000_000L);
            }
        }
        producer.flush();
    }

    private static List<Prediction> predictions(EmbeddedKafkaBroker broker, int expected)
            throws Exception {
        RecordCodec<Prediction> codec = WireFormat.AVRO.codec(Prediction.class);
        List<Prediction> out = new ArrayList<>();
        for (var record :
                TopicReader.read(
                        broker.bootstrapServers(),
                        "predictions",
                        expected,
                        Duration.ofMinutes(2),
                        Duration.ofSeconds(2))) {
            out.add(codec.decode(record.value()));
        }
        return out;
    }

    private static List<ModelEvent> registryEvents(EmbeddedKafkaBroker broker) throws Exception {
        RecordCodec<ModelEvent> codec = WireFormat.AVRO.codec(ModelEvent.class);
        List<ModelEvent> out = new ArrayList<>();
        for (var record :
                TopicReader.read(
                        broker.bootstrapServers(),
                        "model-events",
                        1000,
                        Duration.ofSeconds(5),
                        Duration.ZERO)) {
            out.add(codec.decode(record.value()));
        }
        return out;
    }
}
