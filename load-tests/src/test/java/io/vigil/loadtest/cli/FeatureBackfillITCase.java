package io.vigil.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.Vigil;
import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.loadtest.generator.CardTraffic;
import io.vigil.loadtest.generator.GeneratorSettings;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.loadtest.harness.SentLedger;
import io.vigil.loadtest.harness.TrafficProducer;
import io.vigil.schemas.Decision;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training-set command against a real broker: every transaction becomes one labelled CSV row.
 */
class FeatureBackfillITCase {

    @TempDir Path dir;

    @Test
    void writesOneLabelledRowPerTransaction() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(2, List.of("transactions", "labels"));
            TransactionGenerator generator =
                    new TransactionGenerator(
                            new GeneratorSettings(
                                    4,
                                    200,
                                    200 / 86_400.0,
                                    0.05,
                                    Instant.now().minus(Duration.ofDays(10))));
            CardTraffic traffic = new CardTraffic(generator);
            try (TrafficProducer producer =
                    new TrafficProducer(
                            broker.bootstrapServers(),
                            "transactions",
                            "labels",
                            traffic,
                            new SentLedger(),
                            0,
                            1)) {
                for (int i = 0; i < 1000; i++) {
                    producer.send(traffic.next());
                }
                producer.flush();
            }
            Path csv = dir.resolve("training.csv");

            int status =
                    Vigil.run(
                            new String[] {
                                "features",
                                "backfill",
                                "../features/src/main/resources/specs/card-fraud.yaml",
                                "--bootstrap",
                                broker.bootstrapServers(),
                                "--output",
                                csv.toString()
                            });

            assertThat(status).isZero();
            List<String> lines = Files.readAllLines(csv);
            assertThat(lines.get(0))
                    .startsWith("transactionId,eventTime,amount,card_not_present")
                    .endsWith(",label");
            assertThat(lines).hasSize(1001);
            assertThat(lines.subList(1, lines.size()))
                    .allSatisfy(
                            line -> {
                                assertThat(line.split(",", -1))
                                        .hasSize(lines.get(0).split(",").length);
                                assertThat(line).matches(".*,[01]$");
                            });
            assertThat(lines.stream().filter(l -> l.endsWith(",1")).count())
                    .as("fraud rows")
                    .isPositive();

            Path avro = dir.resolve("training.avro");
            assertThat(
                            Vigil.run(
                                    new String[] {
                                        "features",
                                        "backfill",
                                        "../features/src/main/resources/specs/card-fraud.yaml",
                                        "--bootstrap",
                                        broker.bootstrapServers(),
                                        "--output",
                                        avro.toString()
                                    }))
                    .isZero();
            try (var reader =
                    new DataFileReader<GenericRecord>(avro.toFile(), new GenericDatumReader<>())) {
                long records = 0;
                for (GenericRecord record : reader) {
                    assertThat(record.get("amount")).isInstanceOf(Double.class);
                    assertThat(record.get("label")).isIn(0, 1);
                    records++;
                }
                assertThat(records).isEqualTo(1000);
                assertThat(reader.getSchema().getFields()).hasSize(lines.get(0).split(",").length);
            }
        }
    }

    @Test
    void backfillsFromFilesAndKeepsRejectedRecords() throws Exception {
        TransactionGenerator generator =
                new TransactionGenerator(
                        new GeneratorSettings(
                                5,
                                100,
                                100 / 86_400.0,
                                0.05,
                                Instant.now().minus(Duration.ofDays(5))));
        RecordCodec<Transaction> json = WireFormat.JSON.codec(Transaction.class);
        List<String> lines = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            var g = generator.next();
            lines.add(new String(json.encode(g.transaction()), StandardCharsets.UTF_8));
            labels.add(
                    new String(
                            WireFormat.JSON.codec(TransactionLabel.class).encode(g.label(1000)),
                            StandardCharsets.UTF_8));
        }
        lines.add(17, "garbage");
        Path transactions = Files.write(dir.resolve("tx.jsonl"), lines);
        Path labelFile = Files.write(dir.resolve("labels.jsonl"), labels);
        Path csv = dir.resolve("files.csv");

        int status =
                Vigil.run(
                        new String[] {
                            "features",
                            "backfill",
                            "../features/src/main/resources/specs/card-fraud.yaml",
                            "--transaction-files",
                            transactions.toString(),
                            "--label-files",
                            labelFile.toString(),
                            "--output",
                            csv.toString()
                        });

        assertThat(status).isZero();
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(301);
        assertThat(rows.subList(1, rows.size()))
                .allSatisfy(line -> assertThat(line).matches(".*,[01]$"));
        List<String> rejected = Files.readAllLines(Path.of(csv + ".rejected.jsonl"));
        assertThat(rejected)
                .singleElement()
                .satisfies(
                        line ->
                                assertThat(line)
                                        .contains("UNDECODABLE")
                                        .contains("\"sourceOffset\":18")
                                        .as("no record bytes (card numbers) in the file")
                                        .contains("\"originalBytes\":\"\""));
    }

    @Test
    void buildsATrainingSetFromServedFeatures() throws Exception {
        List<String> names = FeatureSpecs.bundled().featureNames();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(1, List.of("predictions", "labels"));
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(
                            props, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 20; i++) {
                    Map<String, Double> features = new HashMap<>();
                    for (int f = 0; f < names.size(); f++) {
                        features.put(names.get(f), i * 100.0 + f);
                    }
                    Instant time = Instant.now().minus(Duration.ofHours(20 - i));
                    producer.send(
                            new ProducerRecord<>(
                                    "predictions",
                                    WireFormat.AVRO
                                            .codec(Prediction.class)
                                            .encode(
                                                    Prediction.newBuilder()
                                                            .setTransactionId("p" + i)
                                                            .setEntityKey("k")
                                                            .setEventTime(time)
                                                            .setModelName("fraud-lr")
                                                            .setModelVersion("1")
                                                            .setScore(0.2)
                                                            .setDecision(Decision.ALLOW)
                                                            .setThreshold(0.5)
                                                            .setFeatures(features)
                                                            .setScoringLatencyMicros(5)
                                                            .setScoredAt(time)
                                                            .build())));
                    producer.send(
                            new ProducerRecord<>(
                                    "labels",
                                    WireFormat.AVRO
                                            .codec(TransactionLabel.class)
                                            .encode(
                                                    TransactionLabel.newBuilder()
                                                            .setTransactionId("p" + i)
                                                            .setFraud(i == 3)
                                                            .setFraudPattern(null)
                                                            .setEventTime(time)
                                                            .setLabelTime(time)
                                                            .build())));
                }
            }
            Path csv = dir.resolve("served.csv");

            int status =
                    Vigil.run(
                            new String[] {
                                "features",
                                "served",
                                "--bootstrap",
                                broker.bootstrapServers(),
                                "--since",
                                "630m",
                                "--output",
                                csv.toString()
                            });

            assertThat(status).isZero();
            List<String> rows = Files.readAllLines(csv);
            assertThat(rows.get(0))
                    .isEqualTo("transactionId,eventTime," + String.join(",", names) + ",label");
            assertThat(rows).as("header and the transactions of the last 10.5 h").hasSize(1 + 10);
            assertThat(rows)
                    .anySatisfy(
                            line ->
                                    assertThat(line)
                                            .startsWith("p15,")
                                            .contains(",1500.0,1501.0,")
                                            .endsWith(",0"));
        }
    }
}
