package io.vigil.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.config.KafkaAccess;
import io.vigil.jobs.testutils.TestJobs;
import io.vigil.jobs.testutils.TransactionProducer;
import io.vigil.schemas.Decision;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.WireFormat;
import io.vigil.schemas.testutils.ReleasedRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A training set from the served-feature log: served vectors as they were, joined to later labels.
 */
class ServedTrainingSetITCase {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestJobs.miniCluster();

    /**
     * Predictions and labels written by today's release, by the release before (its schemas, no
     * header) and with the released schemas' fingerprints all make rows: nothing skipped.
     */
    @Test
    void servedVectorsJoinLabelsOncePerTransactionWhicheverReleaseWroteThem() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(2, List.of("predictions", "labels"));
            List<Prediction> predictions = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                predictions.add(
                        prediction(
                                "p" + i,
                                T0.plusSeconds(60L * i),
                                Map.of("amount", 10.0 + i, "count_1h", (double) i % 4)));
            }
            predictions.add(predictions.get(7)); // delivered twice (at-least-once)
            predictions.add(
                    prediction(
                            "old", T0.minusSeconds(3600), Map.of("amount", 1.0, "count_1h", 0.0)));
            predictions.add(prediction("other-spec", T0.plusSeconds(30), Map.of("amount", 1.0)));
            produce(
                    broker,
                    "predictions",
                    predictions.stream().map(ServedTrainingSetITCase::byAnyRelease).toList());
            List<byte[]> labels = new ArrayList<>();
            for (int i = 0; i < 50; i += 2) {
                labels.add(
                        byAnyRelease(
                                TransactionLabel.newBuilder()
                                        .setTransactionId("p" + i)
                                        .setFraud(i % 10 == 0)
                                        .setFraudPattern(null)
                                        .setEventTime(T0)
                                        .setLabelTime(T0.plusSeconds(86_400))
                                        .build()));
            }
            produce(broker, "labels", labels);

            ServedTrainingSetJob job =
                    new ServedTrainingSetJob(
                            KafkaAccess.of(broker.bootstrapServers()),
                            "predictions",
                            WireFormat.AVRO,
                            BackfillInput.topics("labels"),
                            List.of("count_1h", "amount"),
                            T0,
                            "fraud",
                            FeatureSpecs.bundled(),
                            null);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
            env.setParallelism(2);
            List<TrainingRow> rows = new ArrayList<>();
            job.addTo(env).executeAndCollect().forEachRemaining(rows::add);

            assertThat(rows)
                    .extracting(r -> r.transactionId)
                    .as("once each; nothing before since or under another spec")
                    .hasSize(50)
                    .doesNotHaveDuplicates()
                    .doesNotContain("old", "other-spec");
            for (TrainingRow row : rows) {
                int i = Integer.parseInt(row.transactionId.substring(1));
                assertThat(row.features)
                        .as("columns in the asked order")
                        .containsExactly(i % 4, 10.0 + i);
                assertThat(row.eventTime).isEqualTo(T0.plusSeconds(60L * i).toEpochMilli());
                assertThat(row.label).isEqualTo(i % 2 == 1 ? -1 : i % 10 == 0 ? 1 : 0);
            }
        }
    }

    @Test
    void readsASecuredClusterWithTheClientSettings() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startWithSasl()) {
            broker.createTopics(2, List.of("predictions", "labels"));
            produce(
                    broker,
                    "predictions",
                    List.of(
                            WireFormat.AVRO
                                    .codec(Prediction.class)
                                    .encode(
                                            prediction(
                                                    "p1",
                                                    T0,
                                                    Map.of("amount", 12.0, "count_1h", 1.0)))));
            produce(
                    broker,
                    "labels",
                    List.of(
                            WireFormat.AVRO
                                    .codec(TransactionLabel.class)
                                    .encode(
                                            TransactionLabel.newBuilder()
                                                    .setTransactionId("p1")
                                                    .setFraud(true)
                                                    .setFraudPattern(null)
                                                    .setEventTime(T0)
                                                    .setLabelTime(T0)
                                                    .build())));

            // Only SASL/PLAIN clients get through this listener: both sources must carry the
            // settings.
            KafkaAccess secured =
                    new KafkaAccess(broker.saslBootstrapServers(), broker.saslClientSettings());
            ServedTrainingSetJob job =
                    new ServedTrainingSetJob(
                            secured,
                            "predictions",
                            WireFormat.AVRO,
                            BackfillInput.topics("labels"),
                            List.of("count_1h", "amount"),
                            T0,
                            null,
                            FeatureSpecs.bundled(),
                            null);
            List<TrainingRow> rows = new ArrayList<>();
            job.addTo(StreamExecutionEnvironment.getExecutionEnvironment(new Configuration()))
                    .executeAndCollect()
                    .forEachRemaining(rows::add);

            assertThat(rows)
                    .singleElement()
                    .satisfies(
                            row -> {
                                assertThat(row.transactionId).isEqualTo("p1");
                                assertThat(row.features).containsExactly(1.0, 12.0);
                                assertThat(row.label).isEqualTo(1);
                            });
        }
    }

    private static Prediction prediction(
            String id, Instant eventTime, Map<String, Double> features) {
        return Prediction.newBuilder()
                .setTransactionId(id)
                .setEntityKey("k")
                .setEventTime(eventTime)
                .setModelName("fraud")
                .setModelVersion("1")
                .setScore(0.1)
                .setDecision(Decision.ALLOW)
                .setThreshold(0.5)
                .setFeatures(features)
                .setScoringLatencyMicros(10)
                .setScoredAt(eventTime)
                .build();
    }

    private static int written;

    /** The record as today's release writes it, or as the one before, in turn. */
    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> byte[] byAnyRelease(T record) {
        return switch (written++ % 3) {
            case 0 -> WireFormat.AVRO.codec((Class<T>) record.getClass()).encode(record);
            case 1 -> ReleasedRecords.bare(record);
            default -> ReleasedRecords.framed(record);
        };
    }

    private static void produce(EmbeddedKafkaBroker broker, String topic, List<byte[]> values) {
        TransactionProducer.sendAll(
                broker.bootstrapServers(),
                values.stream().map(v -> new ProducerRecord<byte[], byte[]>(topic, v)).toList());
    }
}
