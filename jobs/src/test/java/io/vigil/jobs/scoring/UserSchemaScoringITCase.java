package io.vigil.jobs.scoring;

import static io.vigil.features.testutils.PaymentEvents.avro;
import static io.vigil.features.testutils.PaymentEvents.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.features.engine.SpecFeatureReplay;
import io.vigil.features.events.EntityKeyHasher;
import io.vigil.features.events.EventReader;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.features.testutils.PaymentEvents;
import io.vigil.jobs.backfill.BackfillInput;
import io.vigil.jobs.backfill.BackfillJob;
import io.vigil.jobs.backfill.TrainingRow;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.testutils.CardModelFixture;
import io.vigil.jobs.testutils.TestJobs;
import io.vigil.jobs.testutils.TopicReader;
import io.vigil.jobs.testutils.TransactionProducer;
import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.modelops.testutils.OnnxGraphs;
import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * ScoringJob and the backfill on events of a schema that is not Vigil's (payments: nested records,
 * an enum, a decimal amount, micros, a sensitive IBAN), declared in the spec only: every valid
 * event is scored with the features the offline replay computes (categorical ones and a lookup
 * table's included; one merchant category is missing from the table) by a model with string, float
 * and int64 inputs, and carries the declared fields; every bad one is dead-lettered, and the IBAN
 * never leaves decoding in clear.
 */
class UserSchemaScoringITCase {

    private static final String SECRET = "payments-test-secret-of-enough-bytes";
    private static final int PAYMENTS = 300;

    /** The scorecard's risk per payer country (its string input); unknown countries 0. */
    private static final Map<String, Float> COUNTRY_RISK = Map.of("NL", -1f, "DE", 0.5f);

    private static final float AMOUNT_WEIGHT = 0.004f;
    private static final float COUNT_WEIGHT = 0.3f;

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestJobs.miniCluster();

    @TempDir Path dir;

    @Test
    void scoresEveryValidPaymentWithTheReplayedFeaturesAndTheBackfillAgrees() throws Exception {
        Path specFile = PaymentEvents.writeSpec(dir);
        FeatureSpec spec = FeatureSpecs.load(specFile.toUri().toString());
        Schema schema = spec.layout().schema();
        List<GenericRecord> valid = payments(schema);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        valid.forEach(p -> records.add(record(p, avro(p))));
        List<byte[]> bad = bad(schema);
        bad.forEach(b -> records.add(new ProducerRecord<>("transactions", b)));

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(
                    2, List.of("transactions", "predictions", "dead-letters", "labels"));
            ModelRegistry.ensureTopic(broker.bootstrapServers(), "model-events");
            TransactionProducer.sendAll(broker.bootstrapServers(), records);
            TransactionProducer.sendAll(broker.bootstrapServers(), chargebacks(spec, valid));

            JobClient job = start(broker, specFile);
            List<ConsumerRecord<byte[], byte[]>> predictionRecords =
                    TopicReader.read(
                            broker.bootstrapServers(),
                            "predictions",
                            PAYMENTS,
                            Duration.ofMinutes(2),
                            Duration.ofSeconds(2));
            List<ConsumerRecord<byte[], byte[]>> deadRecords =
                    TopicReader.read(
                            broker.bootstrapServers(),
                            "dead-letters",
                            bad.size(),
                            Duration.ofMinutes(1),
                            Duration.ZERO);
            TestJobs.cancel(job);

            Map<String, double[]> expected = replay(spec, valid);
            Map<String, GenericRecord> byId = new HashMap<>();
            valid.forEach(p -> byId.put(p.get("paymentId").toString(), p));
            EntityKeyHasher hasher = new EntityKeyHasher(SECRET);
            List<Prediction> predictions = decode(predictionRecords, Prediction.class);
            assertThat(predictions).hasSize(PAYMENTS);
            String someIban = valid.get(0).get("payer").toString();
            for (Prediction p : predictions) {
                double[] features = expected.get(p.getTransactionId());
                assertThat(features).as(p.getTransactionId()).isNotNull();
                assertThat(p.getFeatures()).containsOnlyKeys(spec.featureNames());
                for (String name : spec.featureNames()) {
                    // Boxed: an absent value (an unknown merchant category) is NaN on both sides.
                    assertThat(p.getFeatures().get(name))
                            .as(p.getTransactionId() + " " + name)
                            .isEqualTo(Double.valueOf(features[spec.featureNames().indexOf(name)]));
                }
                assertThat(p.getAmount()).isEqualTo(features[0]);
                GenericRecord payment = byId.get(p.getTransactionId());
                GenericRecord payer = (GenericRecord) payment.get("payer");
                GenericRecord address = (GenericRecord) payer.get("address");
                String country = address == null ? null : address.get("country").toString();
                Map<String, String> text = new HashMap<>();
                text.put("country", country);
                assertThat(p.getTextFeatures()).as(p.getTransactionId()).isEqualTo(text);
                double logit =
                        (country == null ? 0 : COUNTRY_RISK.getOrDefault(country, 0f))
                                + AMOUNT_WEIGHT * (float) features[0]
                                + COUNT_WEIGHT * features[1];
                assertThat(p.getScore())
                        .as("scored from string, float and int64 inputs: " + p.getTransactionId())
                        .isCloseTo(1 / (1 + Math.exp(-logit)), within(1e-5));
                assertThat(p.getEventFields())
                        .containsEntry("merchant", payment.get("merchant").toString())
                        .containsEntry("payer.iban", hasher.keyOf(payer.get("iban").toString()))
                        .containsEntry(
                                "payer.address.country",
                                address == null ? null : address.get("country").toString())
                        .hasSize(3);
                assertThat(p.getEntityKey()).hasSize(64).doesNotContain("NL");
            }
            assertThat(predictionRecords)
                    .allSatisfy(
                            r ->
                                    assertThat(new String(r.value(), StandardCharsets.ISO_8859_1))
                                            .doesNotContain("NL91"));
            assertThat(someIban).contains("NL91");
            List<DeadLetter> dead = decode(deadRecords, DeadLetter.class);
            assertThat(dead)
                    .extracting(DeadLetter::getReasonCode)
                    .containsExactlyInAnyOrder(
                            "UNDECODABLE", "UNDECODABLE", "INVALID_AMOUNT", "INVALID_FIELD");

            List<TrainingRow> rows = backfill(broker, specFile);
            assertThat(rows).hasSize(PAYMENTS);
            for (TrainingRow row : rows) {
                assertThat(row.features)
                        .as("backfill of " + row.transactionId)
                        .containsExactly(expected.get(row.transactionId));
                assertThat(row.textFeatures)
                        .containsExactly(
                                predictions.stream()
                                        .filter(p -> p.getTransactionId().equals(row.transactionId))
                                        .findFirst()
                                        .orElseThrow()
                                        .getTextFeatures()
                                        .get("country"));
                int number = Integer.parseInt(row.transactionId.substring(1));
                assertThat(row.label)
                        .as("the chargeback of " + row.transactionId + " in the team's shape")
                        .isEqualTo(number % 3 != 0 ? -1 : number % 7 == 0 ? 1 : 0);
            }
        }
    }

    private JobClient start(EmbeddedKafkaBroker broker, Path specFile) throws Exception {
        Path[] model =
                CardModelFixture.write(
                        new TrainedModel(
                                OnnxGraphs.categoricalScorecard(
                                        COUNTRY_RISK, AMOUNT_WEIGHT, COUNT_WEIGHT),
                                scorecardManifest(),
                                Double.NaN),
                        Files.createTempDirectory(dir, "model"));
        Configuration conf =
                TestJobs.base(broker.bootstrapServers(), SECRET, dir.resolve("checkpoints"));
        conf.set(ScoringOptions.FEATURE_SPEC, specFile.toUri().toString());
        conf.set(ScoringOptions.IDLENESS, Duration.ofSeconds(1));
        conf.set(ScoringOptions.MODEL_PATH, model[0].toUri().toString());
        conf.set(ScoringOptions.MANIFEST_PATH, model[1].toUri().toString());
        return TestJobs.startScoringJob(conf);
    }

    /** The country as a string, the amount as a float, the hour's payments as an int64. */
    private static ModelManifest scorecardManifest() {
        return new ModelManifest(
                "payments-scorecard",
                "1",
                0.5,
                List.of(
                        new ModelInput("category", List.of(new FeatureInput("country", null))),
                        new ModelInput("amount", List.of(new FeatureInput("amount", null))),
                        new ModelInput("count", List.of(new FeatureInput("payer_count_1h", null)))),
                new ModelOutput("probability", "1"),
                Map.of(),
                Map.of(),
                null);
    }

    private static List<TrainingRow> backfill(EmbeddedKafkaBroker broker, Path specFile)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        conf.set(ScoringOptions.FEATURE_SPEC, specFile.toUri().toString());
        conf.set(ScoringOptions.MODEL_NAME, "unused-by-backfill");
        conf.set(ScoringOptions.REGISTRY_STORE, "file:///unused-by-backfill");
        conf.set(ScoringOptions.ENTITY_KEY_SECRET, SECRET);
        BackfillJob backfill =
                new BackfillJob(
                        ScoringJobConfig.fromConfiguration(conf), BackfillInput.topics("labels"));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(2);
        List<TrainingRow> rows = new ArrayList<>();
        backfill.addTo(env).rows().executeAndCollect().forEachRemaining(rows::add);
        return rows;
    }

    /** Feature vectors by payment id, computed offline in production order (one payer's). */
    private static Map<String, double[]> replay(FeatureSpec spec, List<GenericRecord> payments)
            throws Exception {
        EventReader reader =
                new EventReader(
                        spec, WireFormat.AVRO, new EntityKeyHasher(SECRET), Duration.ofDays(1));
        SpecFeatureReplay replay = new SpecFeatureReplay(spec);
        Map<String, double[]> vectors = new HashMap<>();
        for (GenericRecord p : payments) {
            vectors.put(
                    p.get("paymentId").toString(),
                    replay.next(reader.read(avro(p), System.currentTimeMillis())));
        }
        return vectors;
    }

    /** Payments a minute apart by 20 payers at 8 merchants, some without address or 3-D Secure. */
    private static List<GenericRecord> payments(Schema schema) {
        SplittableRandom random = new SplittableRandom(15);
        long start = Instant.now().minus(Duration.ofDays(2)).toEpochMilli();
        List<GenericRecord> list = new ArrayList<>();
        for (int i = 0; i < PAYMENTS; i++) {
            GenericRecord p =
                    payment(
                            schema,
                            "p" + i,
                            "NL91ABNA04171643" + String.format("%02d", random.nextInt(20)),
                            "shop-" + random.nextInt(8),
                            String.format("%d.%02d", random.nextInt(900), random.nextInt(100)));
            p.put("occurredAt", (start + i * 60_000L) * 1000 + random.nextInt(1000));
            p.put("mcc", 5000 + random.nextInt(6));
            p.put(
                    "method",
                    new GenericData.EnumSymbol(
                            schema.getField("method").schema(),
                            List.of("CARD", "SEPA", "WALLET").get(random.nextInt(3))));
            p.put("threeDs", random.nextInt(3) == 0 ? null : random.nextBoolean());
            if (random.nextInt(5) == 0) {
                ((GenericRecord) p.get("payer")).put("address", null);
            }
            list.add(p);
        }
        return list;
    }

    /** A 2 GB length prefix, trailing bytes, a negative amount, a too-long merchant. */
    private static List<byte[]> bad(Schema schema) {
        byte[] hostile = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
        byte[] valid = avro(payment(schema, "b1", "NL91ABNA0417164399", "shop-1", "1.00"));
        byte[] trailing = Arrays.copyOf(valid, valid.length + 3);
        long now = System.currentTimeMillis() * 1000;
        GenericRecord negative = payment(schema, "b2", "NL91ABNA0417164399", "shop-1", "-5.00");
        negative.put("occurredAt", now);
        GenericRecord longMerchant =
                payment(schema, "b3", "NL91ABNA0417164399", "x".repeat(40), "5.00");
        longMerchant.put("occurredAt", now);
        return List.of(hostile, trailing, avro(negative), avro(longMerchant));
    }

    /** Chargebacks in the team's own schema for every third payment; every 7th is fraud. */
    private static List<ProducerRecord<byte[], byte[]>> chargebacks(
            FeatureSpec spec, List<GenericRecord> payments) {
        Schema schema = spec.labelLayout().schema();
        List<ProducerRecord<byte[], byte[]>> labels = new ArrayList<>();
        for (GenericRecord p : payments) {
            String id = p.get("paymentId").toString();
            int number = Integer.parseInt(id.substring(1));
            if (number % 3 == 0) {
                GenericRecord chargeback =
                        PaymentEvents.chargeback(
                                schema,
                                id,
                                number % 7 == 0 ? "FRAUD" : "GENUINE",
                                null,
                                System.currentTimeMillis());
                labels.add(new ProducerRecord<>("labels", avro(chargeback)));
            }
        }
        return labels;
    }

    private static ProducerRecord<byte[], byte[]> record(GenericRecord payment, byte[] value) {
        String iban = ((GenericRecord) payment.get("payer")).get("iban").toString();
        return new ProducerRecord<>("transactions", iban.getBytes(StandardCharsets.UTF_8), value);
    }

    private static <T extends SpecificRecord> List<T> decode(
            List<ConsumerRecord<byte[], byte[]>> records, Class<T> type) throws Exception {
        var codec = WireFormat.AVRO.codec(type);
        List<T> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            values.add(codec.decode(r.value()));
        }
        return values;
    }
}
