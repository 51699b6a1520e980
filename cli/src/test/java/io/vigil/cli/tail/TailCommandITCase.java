package io.vigil.cli.tail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.cli.testutils.CliRun;
import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.features.testutils.PaymentEvents;
import io.vigil.schemas.DistributionDrift;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.testutils.EveryEncoding;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./vigil tail} against a real broker: the record type from the topic's name, plain JSON
 * lines.
 */
class TailCommandITCase {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void printsDriftStatisticsAsJsonLinesByTheTopicsNameWhateverTheirEncoding() throws Exception {
        broker.createTopics(1, List.of("drift-stats"));
        DriftStats stats =
                DriftStats.newBuilder()
                        .setModelName("fraud-lr")
                        .setModelVersion("1")
                        .setWindowStart(Instant.parse("2026-11-28T10:00:00Z"))
                        .setWindowEnd(Instant.parse("2026-11-28T11:00:00Z"))
                        .setPredictions(1000)
                        .setFlagged(20)
                        .setPositiveRate(0.02)
                        .setMeanScore(Double.NaN)
                        .setScore(new DistributionDrift(0.3, 0.2, 0.1, 0.0, 0.01))
                        .setFeatures(
                                Map.of("amount", new DistributionDrift(0.4, 0.25, 0.12, 0.0, 0.02)))
                        .setMaxFeaturePsi(0.4)
                        .setMostDriftedFeature("amount")
                        .setComputedAt(Instant.parse("2026-11-28T11:00:05Z"))
                        .build();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int n = 0; n < EveryEncoding.COUNT; n++) {
                producer.send(new ProducerRecord<>("drift-stats", EveryEncoding.inTurn(stats, n)))
                        .get();
            }
        }

        CliRun tail =
                CliRun.of(
                        "tail",
                        "drift-stats",
                        "--bootstrap",
                        broker.bootstrapServers(),
                        "--from-beginning",
                        "--max",
                        String.valueOf(EveryEncoding.COUNT),
                        "--idle-timeout",
                        "30s");

        assertThat(tail.status()).as(tail.printed()).isZero();
        List<String> lines = tail.out().strip().lines().toList();
        assertThat(lines)
                .as("the same statistics in every encoding print the same line")
                .hasSize(EveryEncoding.COUNT)
                .containsOnly(lines.get(0));
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.get("modelName").asText()).isEqualTo("fraud-lr");
        assertThat(line.get("windowStart").asText()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(line.get("meanScore").asText()).isEqualTo("NaN");
        assertThat(line.get("score").get("psi").asDouble()).isEqualTo(0.3);
        assertThat(line.get("features").get("amount").get("ks").asDouble()).isEqualTo(0.25);
        assertThat(line.get("mostDriftedFeature").asText()).isEqualTo("amount");
    }

    @Test
    void theTeamsOwnEventsArePrintedWithTheSpecsSensitiveFieldsMasked(@TempDir Path dir)
            throws Exception {
        broker.createTopics(1, List.of("payments"));
        Path spec = PaymentEvents.writeSpec(dir);
        Schema schema = FeatureSpecs.load(spec.toUri().toString()).layout().schema();
        String iban = "NL91ABNA0417164300";
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(
                            new ProducerRecord<>(
                                    "payments",
                                    PaymentEvents.avro(
                                            PaymentEvents.payment(
                                                    schema, "p1", iban, "shop-1", "12.50"))))
                    .get();
            producer.send(new ProducerRecord<>("payments", new byte[] {1, 2, 3})).get();
        }

        CliRun tail =
                CliRun.of(
                        "tail",
                        "payments",
                        "--spec",
                        spec.toString(),
                        "--bootstrap",
                        broker.bootstrapServers(),
                        "--from-beginning",
                        "--max",
                        "2",
                        "--idle-timeout",
                        "30s");

        assertThat(tail.status()).as(tail.printed()).isZero();
        List<String> lines = tail.out().strip().lines().toList();
        JsonNode payment = new ObjectMapper().readTree(lines.get(0));
        assertThat(payment.get("paymentId").asText()).isEqualTo("p1");
        assertThat(payment.get("merchant").asText()).isEqualTo("shop-1");
        assertThat(payment.get("payer").get("iban").asText()).isEqualTo("**************4300");
        assertThat(payment.get("payer").get("email").asText()).endsWith(".com").startsWith("****");
        assertThat(tail.out()).doesNotContain(iban).doesNotContain("someone@");
        assertThat(lines.get(1)).contains("\"undecodable\"").contains("com.example.pay.Payment");
    }

    @Test
    void aMissingTopicIsOneLineAndIsNotCreated() throws Exception {
        CliRun tail =
                CliRun.of(
                        "tail",
                        "performance-stats",
                        "--bootstrap",
                        broker.bootstrapServers(),
                        "--max",
                        "1");

        assertThat(tail.status()).isEqualTo(1);
        assertThat(tail.err().strip())
                .isEqualTo(
                        "vigil tail: topic performance-stats does not exist on "
                                + broker.bootstrapServers());
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            assertThat(admin.listTopics().names().get()).doesNotContain("performance-stats");
        }
    }

    @Test
    void listingAnEmptyRegistryNeitherHangsNorCreatesItsTopic() throws Exception {
        CliRun list =
                CliRun.of(
                        "model",
                        "list",
                        "--bootstrap",
                        broker.bootstrapServers(),
                        "--topic",
                        "no-such-registry");

        assertThat(list.status()).isEqualTo(1);
        assertThat(list.err()).contains("topic no-such-registry does not exist");
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            assertThat(admin.listTopics().names().get()).doesNotContain("no-such-registry");
        }
    }
}
