package io.vigil.loadtest.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.features.engine.SpecFeatureReplay;
import io.vigil.features.events.EntityKeyHasher;
import io.vigil.features.events.EventReader;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.local.LocalFlink;
import io.vigil.loadtest.generator.CardTraffic;
import io.vigil.loadtest.generator.GeneratedTransaction;
import io.vigil.loadtest.generator.GeneratorSettings;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.loadtest.harness.SentLedger;
import io.vigil.loadtest.harness.TrafficProducer;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's baselines are what they claim: the Flink SQL peer computes the bundled spec's
 * features (as far as SQL windows express them, compared with Vigil's own offline replay), and the
 * skeleton writes one output per transaction, exactly once.
 */
class BaselinesITCase {

    private static final int TRANSACTIONS = 3_000;
    private static final String SECRET = "baselines-test-secret-of-enough-bytes";

    private static EmbeddedKafkaBroker broker;
    private static List<GeneratedTransaction> history;

    @TempDir static Path work;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start();
        TransactionGenerator generator = generator();
        history = new ArrayList<>();
        for (int i = 0; i < TRANSACTIONS; i++) {
            history.add(generator.next());
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void theSqlPeerComputesTheBundledSpecsFeatures() throws Exception {
        broker.createTopics(2, List.of("peer-in", "peer-out"));
        produce("peer-in", CardTraffic.headerless(generator()));
        Map<String, double[]> vigil = vigilFeatures();
        FeatureSpec spec = FeatureSpecs.bundled();

        List<String> statements =
                SqlPeerJob.statements(
                        SqlPeerJob.values(
                                config("peer-in", "peer-out", Delivery.AT_LEAST_ONCE),
                                "latest-offset"));
        Configuration conf = LocalFlink.configuration(new Configuration());
        conf.setString("parallelism.default", "2");
        TableEnvironment sql =
                TableEnvironment.create(
                        EnvironmentSettings.newInstance()
                                .inStreamingMode()
                                .withConfiguration(conf)
                                .build());
        for (String statement : statements.subList(0, statements.size() - 1)) {
            sql.executeSql(statement);
        }
        String insert = statements.get(statements.size() - 1);
        Map<String, Row> peer = new HashMap<>();
        try (CloseableIterator<Row> rows =
                sql.executeSql(insert.substring(insert.indexOf("SELECT"))).collect()) {
            rows.forEachRemaining(row -> peer.put((String) row.getField(0), row));
        }

        assertThat(peer).as("one row per transaction").hasSize(TRANSACTIONS);
        int[] sameCount1h = new int[1];
        int[] sameCount24h = new int[1];
        int[] sameMerchant1h = new int[1];
        int[] sameNewMerchant = new int[1];
        for (GeneratedTransaction t : history) {
            String id = t.transaction().getTransactionId().toString();
            double[] v = vigil.get(id);
            Row row = peer.get(id);
            long count1h = (Long) row.getField(4);
            long count24h = (Long) row.getField(7);
            long merchant1h = (Long) row.getField(16);
            // SQL's windows are exact at the far end, Vigil's end at a bucket boundary inside
            // them: they may count more, never fewer.
            assertThat(count1h).isGreaterThanOrEqualTo((long) v[index(spec, "count_1h")]);
            assertThat(count24h).isGreaterThanOrEqualTo((long) v[index(spec, "count_24h")]);
            assertThat(merchant1h)
                    .isGreaterThanOrEqualTo((long) v[index(spec, "merchant_count_1h")]);
            sameCount1h[0] += count1h == (long) v[index(spec, "count_1h")] ? 1 : 0;
            sameCount24h[0] += count24h == (long) v[index(spec, "count_24h")] ? 1 : 0;
            sameMerchant1h[0] += merchant1h == (long) v[index(spec, "merchant_count_1h")] ? 1 : 0;
            sameNewMerchant[0] +=
                    (Integer) row.getField(15) == (int) v[index(spec, "new_merchant_90d")] ? 1 : 0;
            assertThat((Double) row.getField(13))
                    .as("seconds since the previous payment (SQL counts whole seconds)")
                    .isCloseTo(v[index(spec, "seconds_since_previous")], within(1.0));
        }
        assertThat(sameCount1h[0]).isGreaterThan(TRANSACTIONS * 95 / 100);
        assertThat(sameCount24h[0]).isGreaterThan(TRANSACTIONS * 95 / 100);
        assertThat(sameMerchant1h[0]).isGreaterThan(TRANSACTIONS * 90 / 100);
        assertThat(sameNewMerchant[0]).isGreaterThan(TRANSACTIONS * 99 / 100);
    }

    @Test
    void theSkeletonWritesOneOutputPerTransactionExactlyOnce() throws Exception {
        broker.createTopics(2, List.of("skeleton-in", "skeleton-out", "skeleton-out-dead"));
        produce("skeleton-in", new CardTraffic(generator()));
        ScoringJobConfig config = config("skeleton-in", "skeleton-out", Delivery.EXACTLY_ONCE);
        int[] sizes =
                EntityStateSizes.measure(FeatureSpecs.bundled(), generator(), TRANSACTIONS, SECRET);

        JobClient job =
                LocalFlink.start(
                        config.flinkConfiguration(new Configuration()),
                        2,
                        SkeletonJob.NAME,
                        env -> SkeletonJob.addTo(env, config, sizes));
        try {
            Map<String, Integer> outputs = readCommitted("skeleton-out", TRANSACTIONS);
            assertThat(outputs).hasSize(TRANSACTIONS);
            assertThat(outputs.values()).containsOnly(1);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void theSkeletonsStateGrowsWithTheHistoryAsScoringJobsDoes() {
        FeatureSpec spec = FeatureSpecs.bundled();
        int[] young = EntityStateSizes.measure(spec, generator(), 500, SECRET);
        int[] older = EntityStateSizes.measure(spec, generator(), TRANSACTIONS, SECRET);

        assertThat(young).hasSize(3);
        assertThat(older[0]).as("card").isGreaterThan(young[0]).isGreaterThan(20);
        assertThat(older[1]).as("merchant").isGreaterThan(young[1]);
    }

    private static TransactionGenerator generator() {
        return new TransactionGenerator(
                new GeneratorSettings(
                        7, 200, 200 / 86_400.0, 0.02, Instant.parse("2026-10-01T00:00:00Z")));
    }

    private static void produce(String topic, CardTraffic traffic) {
        try (TrafficProducer producer =
                new TrafficProducer(
                        broker.bootstrapServers(),
                        topic,
                        null,
                        traffic,
                        SentLedger.untracked(),
                        0,
                        1)) {
            for (GeneratedTransaction t : history) {
                producer.send(traffic.event(t));
            }
            producer.requireAllDelivered();
        }
    }

    /** Vigil's features of every transaction, by id, from its offline replay. */
    private static Map<String, double[]> vigilFeatures() throws Exception {
        FeatureSpec spec = FeatureSpecs.bundled();
        SpecFeatureReplay replay = new SpecFeatureReplay(spec);
        EventReader reader =
                new EventReader(spec, WireFormat.AVRO, new EntityKeyHasher(SECRET), Duration.ZERO);
        Map<String, double[]> features = new HashMap<>();
        for (GeneratedTransaction g : history) {
            Transaction t = g.transaction();
            features.put(
                    t.getTransactionId().toString(),
                    replay.next(reader.read(t, t.getEventTime().toEpochMilli())));
        }
        return features;
    }

    private static int index(FeatureSpec spec, String feature) {
        return spec.featureNames().indexOf(feature);
    }

    private static ScoringJobConfig config(String input, String output, Delivery delivery) {
        Configuration conf = new Configuration();
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        conf.set(ScoringOptions.TRANSACTIONS_TOPIC, input);
        conf.set(ScoringOptions.PREDICTIONS_TOPIC, output);
        conf.set(ScoringOptions.DEAD_LETTER_TOPIC, output + "-dead");
        conf.set(ScoringOptions.GROUP_ID, "baselines-" + UUID.randomUUID());
        conf.set(ScoringOptions.MODEL_NAME, "unused");
        conf.set(ScoringOptions.REGISTRY_STORE, work.toUri().toString());
        conf.set(ScoringOptions.ENTITY_KEY_SECRET, SECRET);
        conf.set(ScoringOptions.DELIVERY, delivery);
        conf.set(ScoringOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        conf.set(ScoringOptions.CHECKPOINT_DIRECTORY, work.resolve("cp").toUri().toString());
        conf.set(ScoringOptions.MAX_FUTURE_SKEW, Duration.ofDays(3650));
        return ScoringJobConfig.fromConfiguration(conf);
    }

    /**
     * Outputs per transaction id in {@code topic}, committed ones, once {@code expected} are in.
     */
    private static Map<String, Integer> readCommitted(String topic, int expected) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "baselines-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Integer> counts = new HashMap<>();
        var codec = WireFormat.AVRO.codec(Prediction.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (counts.values().stream().mapToInt(Integer::intValue).sum() < expected
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    counts.merge(
                            codec.decode(record.value()).getTransactionId().toString(),
                            1,
                            Integer::sum);
                }
            }
        }
        return counts;
    }
}
