package io.vigil.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.features.engine.SpecFeatureReplay;
import io.vigil.features.events.EntityKeyHasher;
import io.vigil.features.events.EventReader;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.features.testutils.PaymentEvents;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.files.TransactionFileFormat;
import io.vigil.jobs.testutils.TestJobs;
import io.vigil.jobs.testutils.Transactions;
import io.vigil.schemas.DeadLetter;
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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfills from files (no Kafka): the same rows as the offline replay, bad lines rejected with
 * their line numbers.
 */
class BackfillFilesITCase {

    private static final String SECRET = "files-test-secret-of-enough-bytes";
    private static final int TRANSACTIONS = 400;

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestJobs.miniCluster();

    @TempDir Path dir;

    @Test
    void jsonLinesTransactionsAndAvroLabelsGiveTheReplayedFeaturesAndRejectBadLines()
            throws Exception {
        List<Transaction> transactions = transactions();
        RecordCodec<Transaction> json = WireFormat.JSON.codec(Transaction.class);
        List<String> lines = new ArrayList<>();
        for (Transaction t : transactions) {
            lines.add(new String(json.encode(t), StandardCharsets.UTF_8));
        }
        lines.add(100, "{not json");
        lines.add(200, "");
        Transaction negative =
                Transactions.transaction(
                        "neg",
                        "4111000000000001",
                        transactions.get(0).getEventTime().toEpochMilli(),
                        -5,
                        "m1");
        lines.add(new String(json.encode(negative), StandardCharsets.UTF_8));
        Path transactionFile = Files.write(dir.resolve("transactions.jsonl"), lines);
        Path labelFile = writeLabels(transactions);

        FeatureSpec spec = FeatureSpecs.bundled();
        BackfillJob job =
                new BackfillJob(
                        config(),
                        new BackfillInput(
                                List.of(transactionFile.toUri().toString()),
                                null,
                                List.of(labelFile.toUri().toString())));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(2);
        List<TrainingRow> rows = new CopyOnWriteArrayList<>();
        List<DeadLetter> rejected = new CopyOnWriteArrayList<>();
        job.run(env, "backfill-files", rows::add, rejected::add);

        assertThat(rows).hasSize(TRANSACTIONS);
        Map<String, double[]> expected = Transactions.replay(spec, SECRET, transactions);
        for (TrainingRow row : rows) {
            assertThat(row.features)
                    .as(row.transactionId)
                    .containsExactly(expected.get(row.transactionId));
            int number = Integer.parseInt(row.transactionId.substring(1));
            assertThat(row.label)
                    .as(row.transactionId)
                    .isEqualTo(number % 2 == 0 ? (number % 10 == 0 ? 1 : 0) : -1);
        }
        assertThat(rejected)
                .extracting(DeadLetter::getReasonCode)
                .containsExactlyInAnyOrder("UNDECODABLE", "INVALID_AMOUNT");
        assertThat(rejected)
                .allSatisfy(
                        d ->
                                assertThat(d.getSourceTopic())
                                        .isEqualTo(TransactionFileFormat.SOURCE));
        assertThat(rejected)
                .filteredOn(d -> d.getReasonCode().equals("UNDECODABLE"))
                .singleElement()
                .satisfies(d -> assertThat(d.getSourceOffset()).as("line number").isEqualTo(101));
    }

    @Test
    void theTeamsOwnEventsFromAnAvroContainerAndLabelsFromJsonLines() throws Exception {
        Path specFile = PaymentEvents.writeSpec(dir);
        FeatureSpec spec = FeatureSpecs.load(specFile.toUri().toString());
        Schema schema = spec.layout().schema();
        List<GenericRecord> payments = new ArrayList<>();
        long start = (Instant.now().toEpochMilli() - 86_400_000L) * 1000;
        for (int i = 0; i < 60; i++) {
            GenericRecord p =
                    PaymentEvents.payment(
                            schema,
                            "p" + i,
                            "NL91ABNA04171643" + (10 + i % 4),
                            "shop-" + i % 3,
                            i + ".50");
            p.put("occurredAt", start + i * 60_000_000L);
            payments.add(p);
        }
        Path events = dir.resolve("payments.avro");
        try (DataFileWriter<GenericRecord> out =
                new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
            out.create(schema, events.toFile());
            payments.forEach(
                    p -> {
                        try {
                            out.append(p);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
        }
        List<String> chargebacks = new ArrayList<>();
        for (int i = 0; i < 60; i += 3) {
            chargebacks.add(
                    "{\"payment\": \"p"
                            + i
                            + "\", \"outcome\": \""
                            + (i % 2 == 0 ? "FRAUD" : "GENUINE")
                            + "\", \"decidedAt\": \"2026-02-01T10:00:00Z\"}");
        }
        Path labels = Files.write(dir.resolve("chargebacks.jsonl"), chargebacks);

        Configuration conf = new Configuration();
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, "unused-by-file-backfills:9092");
        conf.set(ScoringOptions.MODEL_NAME, "unused-by-backfill");
        conf.set(ScoringOptions.REGISTRY_STORE, "file:///unused-by-backfill");
        conf.set(ScoringOptions.ENTITY_KEY_SECRET, SECRET);
        conf.set(ScoringOptions.FEATURE_SPEC, specFile.toUri().toString());
        BackfillJob job =
                new BackfillJob(
                        ScoringJobConfig.fromConfiguration(conf),
                        new BackfillInput(
                                List.of(events.toUri().toString()),
                                null,
                                List.of(labels.toUri().toString())));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(2);
        List<TrainingRow> rows = new CopyOnWriteArrayList<>();
        List<DeadLetter> rejected = new CopyOnWriteArrayList<>();
        job.run(env, "backfill-team-files", rows::add, rejected::add);

        EventReader reader =
                new EventReader(
                        spec, WireFormat.AVRO, new EntityKeyHasher(SECRET), Duration.ofDays(1));
        SpecFeatureReplay replay = new SpecFeatureReplay(spec);
        Map<String, double[]> expected = new java.util.HashMap<>();
        for (GenericRecord p : payments) {
            expected.put(
                    p.get("paymentId").toString(),
                    replay.next(reader.read(PaymentEvents.avro(p), System.currentTimeMillis())));
        }
        assertThat(rejected).isEmpty();
        assertThat(rows).hasSize(payments.size());
        for (TrainingRow row : rows) {
            int number = Integer.parseInt(row.transactionId.substring(1));
            assertThat(row.features)
                    .as(row.transactionId)
                    .containsExactly(expected.get(row.transactionId));
            assertThat(row.label)
                    .as("the chargeback of " + row.transactionId)
                    .isEqualTo(number % 3 != 0 ? -1 : number % 2 == 0 ? 1 : 0);
        }
    }

    @Test
    void mixedFileKindsAreRefusedWithAMessage() {
        Assertions.assertThatThrownBy(
                        () -> new BackfillInput(List.of("a.avro", "b.jsonl"), null, List.of()))
                .hasMessageContaining("mix Avro container (.avro) and JSON lines");
        Assertions.assertThatThrownBy(() -> new BackfillInput(List.of("a.csv"), null, List.of()))
                .hasMessageContaining(
                        "a.csv: expected an Avro container file (.avro) or JSON lines");
    }

    private Path writeLabels(List<Transaction> transactions) throws Exception {
        Path file = dir.resolve("labels.avro");
        try (DataFileWriter<TransactionLabel> out =
                new DataFileWriter<>(new SpecificDatumWriter<>(TransactionLabel.class))) {
            out.create(TransactionLabel.getClassSchema(), file.toFile());
            for (Transaction t : transactions) {
                int number = Integer.parseInt(t.getTransactionId().substring(1));
                if (number % 2 == 0) {
                    out.append(
                            TransactionLabel.newBuilder()
                                    .setTransactionId(t.getTransactionId())
                                    .setFraud(number % 10 == 0)
                                    .setFraudPattern(null)
                                    .setEventTime(t.getEventTime())
                                    .setLabelTime(t.getEventTime().plusSeconds(3600))
                                    .build());
                }
            }
        }
        return file;
    }

    private static ScoringJobConfig config() {
        Configuration conf = new Configuration();
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, "unused-by-file-backfills:9092");
        conf.set(ScoringOptions.MODEL_NAME, "unused-by-backfill");
        conf.set(ScoringOptions.REGISTRY_STORE, "file:///unused-by-backfill");
        conf.set(ScoringOptions.ENTITY_KEY_SECRET, SECRET);
        return ScoringJobConfig.fromConfiguration(conf);
    }

    /** Cards each with their own merchants (so per-entity order is the file's), a minute apart. */
    private static List<Transaction> transactions() {
        SplittableRandom random = new SplittableRandom(3);
        long start = Instant.now().minusSeconds(5 * 86_400).toEpochMilli();
        List<Transaction> list = new ArrayList<>();
        for (int i = 0; i < TRANSACTIONS; i++) {
            int card = random.nextInt(20);
            list.add(
                    Transactions.transaction(
                            "t" + i,
                            "4000" + String.format("%012d", card),
                            start + i * 60_000L,
                            5 + random.nextDouble() * 400,
                            "m" + card + "-" + random.nextInt(3)));
        }
        return list;
    }
}
