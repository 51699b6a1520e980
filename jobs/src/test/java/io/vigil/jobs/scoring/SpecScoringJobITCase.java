package io.vigil.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.features.spec.FeatureOrder;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecParser;
import io.vigil.jobs.backfill.BackfillInput;
import io.vigil.jobs.backfill.BackfillJob;
import io.vigil.jobs.backfill.TrainingRow;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.testutils.CardModelFixture;
import io.vigil.jobs.testutils.TestJobs;
import io.vigil.jobs.testutils.TopicReader;
import io.vigil.jobs.testutils.TransactionProducer;
import io.vigil.jobs.testutils.Transactions;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** ScoringJob computing a declared feature spec: streaming values equal the offline replay's. */
class SpecScoringJobITCase {

    private static final String SECRET = "spec-test-secret-of-enough-bytes";
    private static final int TRANSACTIONS = 500;

    /**
     * Card and account stages: each account belongs to one card, so per-entity order is the
     * partition's. Two features count only some events (numeric ranges, any/not combinations).
     */
    private static final String SPEC =
            """
            entities:
              - name: card
                key: cardNumber
                features:
                  - name: amount_sum_1h
                    aggregation: sum
                    field: amount
                    window: 1h
                    filter: {any: [{field: amount, ">=": 100}, {not: {field: merchantId, in: [m1, m2]}}]}
                  - {name: count_24h, aggregation: count, window: 24h}
                  - {name: amount_z_7d, aggregation: zscore, field: amount, window: 7d}
                  - {name: new_merchant_7d, aggregation: first_seen, field: merchantId, window: 7d}
                  - {name: since_previous, aggregation: time_since_previous}
              - name: account
                key: accountId
                features:
                  - {name: account_max_24h, aggregation: max, field: amount, window: 24h}
                  - name: account_merchants_24h
                    aggregation: distinct_count
                    field: merchantId
                    window: 24h
                    filter: {field: amount, between: [20, 400]}
            """;

    /**
     * A card stage and a merchant stage; merchants sell to cards on both partitions. Categorical
     * features too: a merchant's channel frequency depends on the order its events arrive in.
     */
    private static final String SHARED_SPEC =
            """
            entities:
              - name: card
                key: cardNumber
                features:
                  - {name: card_count_1h, aggregation: count, window: 1h}
                  - {name: card_since_previous, aggregation: time_since_previous}
                  - {name: channel, aggregation: one_hot, field: channel, vocabulary: [ONLINE, CARD_PRESENT]}
              - name: merchant
                key: merchantId
                features:
                  - {name: merchant_count_1h, aggregation: count, window: 1h}
                  - {name: merchant_sum_1h, aggregation: sum, field: amount, window: 1h}
                  - {name: merchant_cards_1h, aggregation: distinct_count, field: cardNumber, window: 1h}
                  - {name: merchant_since_previous, aggregation: time_since_previous}
                  - {name: merchant_channel_share_1h, aggregation: frequency, field: channel, window: 1h}
            """;

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestJobs.miniCluster();

    @TempDir Path dir;

    @Test
    void streamingFeaturesEqualTheOfflineReplayOfTheSameSpec() throws Exception {
        FeatureSpec spec = FeatureSpecParser.parse(SPEC, "spec.yaml");
        Path specFile = Files.writeString(dir.resolve("spec.yaml"), SPEC);
        List<Transaction> transactions = transactions();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(2, List.of("transactions", "predictions", "dead-letters"));
            ModelRegistry.ensureTopic(broker.bootstrapServers(), "model-events");
            TransactionProducer.produce(broker.bootstrapServers(), "transactions", transactions);
            List<Prediction> predictions =
                    score(broker, spec, specFile, FeatureOrder.ARRIVAL, TRANSACTIONS);

            assertServedFeatures(
                    spec, predictions, Transactions.replay(spec, SECRET, transactions));
        }
    }

    @Test
    void backfillInBatchModeComputesTheSameFeaturesAndJoinsLabels() throws Exception {
        FeatureSpec spec = FeatureSpecParser.parse(SPEC, "spec.yaml");
        Path specFile = Files.writeString(dir.resolve("spec.yaml"), SPEC);
        List<Transaction> transactions = transactions();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(2, List.of("transactions", "labels"));
            TransactionProducer.produce(broker.bootstrapServers(), "transactions", transactions);
            produceLabels(broker.bootstrapServers(), transactions);
            BackfillJob backfill =
                    new BackfillJob(
                            ScoringJobConfig.fromConfiguration(
                                    backfillConf(broker, specFile, FeatureOrder.ARRIVAL)),
                            BackfillInput.topics("labels"));
            List<TrainingRow> rows = backfill(backfill);

            assertThat(backfill.featureNames()).isEqualTo(spec.featureNames());
            assertThat(rows).hasSize(TRANSACTIONS);
            Map<String, double[]> expected = Transactions.replay(spec, SECRET, transactions);
            for (TrainingRow row : rows) {
                assertThat(row.features)
                        .as(row.transactionId)
                        .containsExactly(expected.get(row.transactionId));
                int number = Integer.parseInt(row.transactionId.substring(1));
                assertThat(row.label)
                        .as("label of " + row.transactionId)
                        .isEqualTo(number % 3 == 0 ? -1 : number % 7 == 0 ? 1 : 0);
            }
        }
    }

    /**
     * A savepoint, then a spec with a feature added (a new window) and one removed: the features
     * that stay keep their history, the new one starts empty at the restore.
     */
    @Test
    void aSpecChangedAcrossASavepointKeepsTheHistoryOfWhatStays() throws Exception {
        FeatureSpec before = FeatureSpecParser.parse(SPEC, "spec.yaml");
        String changedText =
                SPEC.replace(
                                "      - {name: since_previous, aggregation:"
                                        + " time_since_previous}\n",
                                "      - {name: since_previous, aggregation: time_since_previous}\n"
                                    + "      - {name: count_3d, aggregation: count, window: 3d}\n")
                        .replace(
                                "      - {name: account_max_24h, aggregation: max, field: amount,"
                                        + " window: 24h}\n",
                                "");
        FeatureSpec after = FeatureSpecParser.parse(changedText, "changed.yaml");
        assertThat(after.featureNames()).contains("count_3d").doesNotContain("account_max_24h");
        List<Transaction> transactions = transactions();
        List<Transaction> first = transactions.subList(0, TRANSACTIONS / 2);
        List<Transaction> second = transactions.subList(TRANSACTIONS / 2, TRANSACTIONS);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(2, List.of("transactions", "predictions", "dead-letters"));
            ModelRegistry.ensureTopic(broker.bootstrapServers(), "model-events");
            TransactionProducer.produce(broker.bootstrapServers(), "transactions", first);
            JobClient job =
                    start(
                            broker,
                            before,
                            Files.writeString(dir.resolve("spec.yaml"), SPEC),
                            FeatureOrder.ARRIVAL,
                            null);
            read(broker, first.size());
            String savepoint =
                    job.stopWithSavepoint(
                                    false,
                                    dir.resolve("savepoints").toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();

            TransactionProducer.produce(broker.bootstrapServers(), "transactions", second);
            JobClient restored =
                    start(
                            broker,
                            after,
                            Files.writeString(dir.resolve("changed.yaml"), changedText),
                            FeatureOrder.ARRIVAL,
                            savepoint);
            List<Prediction> all = read(broker, TRANSACTIONS);
            TestJobs.cancel(restored);

            Map<String, double[]> kept = Transactions.replay(before, SECRET, transactions);
            FeatureSpec added =
                    FeatureSpecParser.parse(
                            """
                            entities:
                              - name: card
                                key: cardNumber
                                features:
                                  - {name: count_3d, aggregation: count, window: 3d}
                            """,
                            "added.yaml");
            Map<String, double[]> fresh = Transactions.replay(added, SECRET, second);
            List<Prediction> afterRestore =
                    all.stream().filter(p -> fresh.containsKey(p.getTransactionId())).toList();
            assertThat(afterRestore).hasSize(second.size());
            for (Prediction p : afterRestore) {
                assertThat(p.getFeatures()).doesNotContainKey("account_max_24h");
                for (String name :
                        List.of(
                                "amount_sum_1h",
                                "count_24h",
                                "amount_z_7d",
                                "new_merchant_7d",
                                "since_previous",
                                "account_merchants_24h")) {
                    assertThat(p.getFeatures().get(name))
                            .as(p.getTransactionId() + " " + name + " kept its history")
                            .isEqualTo(
                                    kept.get(p.getTransactionId())[
                                            before.featureNames().indexOf(name)]);
                }
                assertThat(p.getFeatures().get("count_3d"))
                        .as(p.getTransactionId() + " count_3d counts from the restore")
                        .isEqualTo(fresh.get(p.getTransactionId())[0]);
            }
            assertThat(afterRestore)
                    .as("history before the restore would have shown")
                    .anySatisfy(
                            p ->
                                    assertThat(p.getFeatures().get("count_24h"))
                                            .isGreaterThan(p.getFeatures().get("count_3d")));
        }
    }

    /**
     * Merchants shared by cards on both partitions, event times out of order within a partition and
     * some at the same instant: in EVENT_TIME order, streaming at parallelism 2 and the batch
     * backfill both equal the replay in (event time, transaction id) order.
     */
    @Test
    void inEventTimeOrderStreamingEqualsBackfillForEntitiesSharedAcrossPartitions()
            throws Exception {
        FeatureSpec spec = FeatureSpecParser.parse(SHARED_SPEC, "shared.yaml");
        Path specFile = Files.writeString(dir.resolve("shared.yaml"), SHARED_SPEC);
        List<Transaction> transactions = disorderedTransactions();
        List<Transaction> inTimeOrder = new ArrayList<>(transactions);
        inTimeOrder.sort(
                Comparator.comparing(Transaction::getEventTime)
                        .thenComparing(Transaction::getTransactionId));
        assertThat(inTimeOrder).as("the test data is out of order").isNotEqualTo(transactions);
        Map<String, double[]> expected = Transactions.replay(spec, SECRET, inTimeOrder);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(
                    2, List.of("transactions", "predictions", "dead-letters", "labels"));
            ModelRegistry.ensureTopic(broker.bootstrapServers(), "model-events");
            TransactionProducer.produce(broker.bootstrapServers(), "transactions", transactions);
            // Later transactions on every card move the watermark past the test's (they stay
            // pending themselves).
            long end =
                    inTimeOrder.get(inTimeOrder.size() - 1).getEventTime().toEpochMilli()
                            + 3_600_000L;
            List<Transaction> trailers = new ArrayList<>();
            for (int card = 0; card < 25; card++) {
                trailers.add(
                        Transactions.transaction(
                                "z" + card, "4333" + String.format("%012d", card), end, 1, "m0"));
            }
            TransactionProducer.produce(broker.bootstrapServers(), "transactions", trailers);

            List<Prediction> predictions =
                    score(broker, spec, specFile, FeatureOrder.EVENT_TIME, TRANSACTIONS);
            assertServedFeatures(spec, predictions, expected);

            List<TrainingRow> rows =
                    backfill(
                            new BackfillJob(
                                    ScoringJobConfig.fromConfiguration(
                                            backfillConf(
                                                    broker, specFile, FeatureOrder.EVENT_TIME)),
                                    BackfillInput.topics("labels")));
            assertThat(rows).hasSize(TRANSACTIONS + trailers.size());
            for (TrainingRow row : rows) {
                if (expected.containsKey(row.transactionId)) {
                    assertThat(row.features)
                            .as(row.transactionId)
                            .containsExactly(expected.get(row.transactionId));
                }
            }
        }
    }

    /**
     * Starts ScoringJob on the spec, reads {@code count} predictions (and no more), cancels the
     * job.
     */
    private List<Prediction> score(
            EmbeddedKafkaBroker broker,
            FeatureSpec spec,
            Path specFile,
            FeatureOrder order,
            int count)
            throws Exception {
        JobClient job = start(broker, spec, specFile, order, null);
        List<Prediction> predictions = read(broker, count);
        TestJobs.cancel(job);
        return predictions;
    }

    /**
     * Starts ScoringJob on the spec (from {@code savepoint} unless null) with a model over its
     * features.
     */
    private JobClient start(
            EmbeddedKafkaBroker broker,
            FeatureSpec spec,
            Path specFile,
            FeatureOrder order,
            String savepoint)
            throws Exception {
        Path[] model =
                CardModelFixture.write(
                        CardModelFixture.modelOver(spec.featureNames()),
                        Files.createTempDirectory(dir, "model"));
        Configuration conf =
                TestJobs.base(broker.bootstrapServers(), SECRET, dir.resolve("checkpoints"));
        conf.set(ScoringOptions.FEATURE_SPEC, specFile.toUri().toString());
        conf.set(ScoringOptions.FEATURE_ORDER, order);
        conf.set(ScoringOptions.IDLENESS, Duration.ofSeconds(1));
        conf.set(ScoringOptions.MODEL_PATH, model[0].toUri().toString());
        conf.set(ScoringOptions.MANIFEST_PATH, model[1].toUri().toString());
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        return TestJobs.startScoringJob(conf);
    }

    /** All {@code count} predictions on the topic (and no more). */
    private static List<Prediction> read(EmbeddedKafkaBroker broker, int count) throws Exception {
        List<Prediction> predictions = new ArrayList<>();
        RecordCodec<Prediction> codec = WireFormat.AVRO.codec(Prediction.class);
        for (var record :
                TopicReader.read(
                        broker.bootstrapServers(),
                        "predictions",
                        count,
                        Duration.ofMinutes(2),
                        Duration.ofSeconds(2))) {
            predictions.add(codec.decode(record.value()));
        }
        assertThat(predictions).hasSize(count);
        return predictions;
    }

    private static Configuration backfillConf(
            EmbeddedKafkaBroker broker, Path specFile, FeatureOrder order) {
        Configuration conf = new Configuration();
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        conf.set(ScoringOptions.FEATURE_SPEC, specFile.toUri().toString());
        conf.set(ScoringOptions.FEATURE_ORDER, order);
        conf.set(ScoringOptions.MODEL_NAME, "unused-by-backfill");
        conf.set(ScoringOptions.REGISTRY_STORE, "file:///unused-by-backfill");
        conf.set(ScoringOptions.ENTITY_KEY_SECRET, SECRET);
        return conf;
    }

    private static List<TrainingRow> backfill(BackfillJob backfill) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(2);
        List<TrainingRow> rows = new ArrayList<>();
        backfill.addTo(env).rows().executeAndCollect().forEachRemaining(rows::add);
        return rows;
    }

    private static void assertServedFeatures(
            FeatureSpec spec, List<Prediction> predictions, Map<String, double[]> expected) {
        for (Prediction p : predictions) {
            double[] features = expected.get(p.getTransactionId());
            assertThat(features)
                    .as("prediction of an unknown transaction " + p.getTransactionId())
                    .isNotNull();
            for (int i = 0; i < features.length; i++) {
                assertThat(p.getFeatures().get(spec.featureNames().get(i)))
                        .as(p.getTransactionId() + " " + spec.featureNames().get(i))
                        .isEqualTo(features[i]);
            }
        }
    }

    /** Labels for two thirds of the transactions; every 7th is fraud. */
    private static void produceLabels(String bootstrap, List<Transaction> transactions) {
        RecordCodec<TransactionLabel> codec = WireFormat.AVRO.codec(TransactionLabel.class);
        List<ProducerRecord<byte[], byte[]>> labels = new ArrayList<>();
        for (Transaction t : transactions) {
            int number = Integer.parseInt(t.getTransactionId().substring(1));
            if (number % 3 != 0) {
                TransactionLabel label =
                        TransactionLabel.newBuilder()
                                .setTransactionId(t.getTransactionId())
                                .setFraud(number % 7 == 0)
                                .setFraudPattern(null)
                                .setEventTime(t.getEventTime())
                                .setLabelTime(t.getEventTime().plusSeconds(86_400))
                                .build();
                labels.add(new ProducerRecord<>("labels", null, codec.encode(label)));
            }
        }
        TransactionProducer.sendAll(bootstrap, labels);
    }

    private static List<Transaction> transactions() {
        SplittableRandom random = new SplittableRandom(21);
        long start = Instant.now().minus(Duration.ofDays(3)).toEpochMilli();
        List<Transaction> list = new ArrayList<>();
        for (int i = 0; i < TRANSACTIONS; i++) {
            int card = random.nextInt(25);
            list.add(
                    Transactions.transaction(
                            "s" + i,
                            "4333" + String.format("%012d", card),
                            start + i * 300_000L,
                            5 + random.nextDouble() * 500,
                            "m" + random.nextInt(15)));
        }
        return list;
    }

    /**
     * Transactions a second apart, on 25 cards and 6 shared merchants; neighbours swapped now and
     * then (at most 2 s out of order, within the watermark's 5 s) and every 10th at the instant of
     * the one before.
     */
    private static List<Transaction> disorderedTransactions() {
        SplittableRandom random = new SplittableRandom(8);
        long start = Instant.now().minus(Duration.ofDays(1)).toEpochMilli();
        List<Transaction> list = new ArrayList<>();
        long time = start;
        for (int i = 0; i < TRANSACTIONS; i++) {
            time += i % 10 == 0 ? 0 : 1000;
            list.add(
                    Transactions.transaction(
                            "s" + i,
                            "4333" + String.format("%012d", random.nextInt(25)),
                            time,
                            5 + random.nextDouble() * 500,
                            "m" + random.nextInt(6)));
        }
        for (int i = 1; i < list.size(); i++) {
            if (random.nextInt(4) == 0) {
                Collections.swap(list, i - 1, i);
                i++;
            }
        }
        return list;
    }
}
