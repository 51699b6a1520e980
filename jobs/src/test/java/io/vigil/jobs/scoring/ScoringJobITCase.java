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
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.modelops.serving.ModelServingOperator;
import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.Transaction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ScoringJob on a MiniCluster against a real broker, RocksDB state, both delivery modes and wire
 * formats.
 */
class ScoringJobITCase {

    private static final String SECRET = "integration-test-secret-32-bytes!";
    private static final int CARDS = 40;
    private static final int VALID = 600;

    private static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestJobs.miniCluster(METRICS);

    private static EmbeddedKafkaBroker broker;

    @TempDir static Path dir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
        ModelRegistry.ensureTopic(broker.bootstrapServers(), "model-events");
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    /** Topic names of one run, so runs on the shared broker do not see each other's records. */
    private record Topics(String transactions, String predictions, String deadLetters) {
        static Topics of(String suffix) {
            return new Topics(
                    "transactions-" + suffix, "predictions-" + suffix, "dead-letters-" + suffix);
        }
    }

    @ParameterizedTest(name = "{0} with {1} on the wire")
    @CsvSource({"EXACTLY_ONCE, AVRO", "AT_LEAST_ONCE, JSON"})
    void scoresEveryValidTransactionOnceAndDeadLettersTheRest(Delivery delivery, WireFormat format)
            throws Exception {
        Topics topics = Topics.of(delivery.name().toLowerCase(Locale.ROOT));
        broker.createTopics(
                2, List.of(topics.transactions(), topics.predictions(), topics.deadLetters()));
        TrainedModel model = CardModelFixture.model();
        Path[] files =
                CardModelFixture.write(
                        model, Files.createDirectories(dir.resolve(delivery.name())));
        List<Transaction> valid = transactions();
        List<byte[]> invalid = produceInput(valid, topics.transactions(), format);

        JobClient job = startJob(files, delivery, format, topics);
        try {
            List<ConsumerRecord<byte[], byte[]>> predictionRecords =
                    TopicReader.read(
                            broker.bootstrapServers(),
                            topics.predictions(),
                            VALID,
                            Duration.ofMinutes(3),
                            Duration.ofSeconds(3));
            List<ConsumerRecord<byte[], byte[]>> deadRecords =
                    TopicReader.read(
                            broker.bootstrapServers(),
                            topics.deadLetters(),
                            invalid.size(),
                            Duration.ofMinutes(1),
                            Duration.ZERO);

            List<Prediction> predictions = decodeAll(predictionRecords, Prediction.class, format);
            assertThat(predictions).hasSize(VALID);
            assertThat(predictions.stream().map(Prediction::getTransactionId).distinct().count())
                    .isEqualTo(VALID);
            assertThat(predictions)
                    .allSatisfy(
                            p -> {
                                assertThat(p.getModelName()).isEqualTo("card-test");
                                assertThat(p.getModelVersion()).isEqualTo("1");
                            });
            PredictionOracle.assertScoresEqualOnnxRuntime(predictions, Map.of("1", model));
            PredictionOracle.assertFeaturesEqualReplay(
                    predictions, FeatureSpecs.bundled(), SECRET, valid);
            assertNoCardNumberLeaks(predictionRecords, valid);
            assertPipelineLatencyOfEveryPrediction(job);
            assertMetricsCountedEveryRecordWithoutARestart(job, invalid.size());

            List<DeadLetter> deadLetters = decodeAll(deadRecords, DeadLetter.class, format);
            assertThat(deadLetters)
                    .extracting(DeadLetter::getReasonCode)
                    .containsExactlyInAnyOrder(
                            "UNDECODABLE",
                            "MISSING_FIELD",
                            "INVALID_AMOUNT",
                            "INVALID_AMOUNT", // NaN: in JSON written as the string "NaN"
                            "FUTURE_TIMESTAMP");
            assertThat(deadLetters)
                    .allSatisfy(
                            d -> {
                                assertThat(d.getSourceTopic()).isEqualTo(topics.transactions());
                                assertThat(d.getReason()).isNotBlank();
                            });
            assertThat(
                            deadLetters.stream()
                                    .map(d -> toArray(d.getOriginalBytes()))
                                    .collect(Collectors.toList()))
                    .usingElementComparator(Arrays::compare)
                    .containsExactlyInAnyOrderElementsOf(invalid);
        } finally {
            TestJobs.cancel(job);
        }
    }

    /**
     * Each scoring subtask's decoded-to-scored histogram counted every transaction it scored, in
     * plausible milliseconds.
     */
    private static void assertPipelineLatencyOfEveryPrediction(JobClient job) {
        Map<String, Metric> histograms =
                METRICS.findMetrics(job.getJobID(), ModelServingOperator.PIPELINE_LATENCY);
        assertThat(histograms).as("one per scoring subtask").hasSize(2);
        assertThat(histograms.values().stream().mapToLong(h -> ((Histogram) h).getCount()).sum())
                .isEqualTo(VALID);
        assertThat(histograms.values())
                .allSatisfy(
                        h -> {
                            HistogramStatistics latency = ((Histogram) h).getStatistics();
                            assertThat(latency.getMin()).isGreaterThanOrEqualTo(0);
                            assertThat(latency.getMax())
                                    .isLessThan(Duration.ofMinutes(3).toMillis());
                        });
    }

    /**
     * The per-version counters saw every prediction and no error, the decode operators every dead
     * letter, and the job never restarted (exactly-once output would hide a restart).
     */
    private static void assertMetricsCountedEveryRecordWithoutARestart(JobClient job, int dead) {
        assertThat(sumOfCounters(job, "version\\.[^.]+\\.predictions$"))
                .as("model.<name>.version.<v>.predictions")
                .isEqualTo(VALID);
        assertThat(sumOfCounters(job, "version\\.[^.]+\\.errors$")).isZero();
        assertThat(
                        METRICS
                                .findMetrics(
                                        job.getJobID(), "version\\.[^.]+\\.scoringLatencyMicros$")
                                .values()
                                .stream()
                                .mapToLong(h -> ((Histogram) h).getCount())
                                .sum())
                .as("scoring latency recorded per run")
                .isPositive();
        assertThat(sumOfCounters(job, "\\.deadLetters$")).isEqualTo(dead);
        assertThat(METRICS.findMetric(job.getJobID(), "numRestarts"))
                .hasValueSatisfying(
                        restarts -> assertThat(((Gauge<?>) restarts).getValue()).isEqualTo(0L));
    }

    private static long sumOfCounters(JobClient job, String pattern) {
        Map<String, Metric> counters = METRICS.findMetrics(job.getJobID(), pattern);
        assertThat(counters).as(pattern).isNotEmpty();
        return counters.values().stream().mapToLong(c -> ((Counter) c).getCount()).sum();
    }

    private JobClient startJob(Path[] files, Delivery delivery, WireFormat format, Topics topics)
            throws Exception {
        Configuration conf =
                TestJobs.base(
                        broker.bootstrapServers(), SECRET, dir.resolve("checkpoints-" + delivery));
        conf.set(ScoringOptions.TRANSACTIONS_TOPIC, topics.transactions());
        conf.set(ScoringOptions.PREDICTIONS_TOPIC, topics.predictions());
        conf.set(ScoringOptions.DEAD_LETTER_TOPIC, topics.deadLetters());
        conf.set(ScoringOptions.TRANSACTIONS_FORMAT, format);
        conf.set(ScoringOptions.PREDICTIONS_FORMAT, format);
        conf.set(ScoringOptions.DEAD_LETTER_FORMAT, format);
        conf.set(ScoringOptions.GROUP_ID, "it-" + topics.transactions());
        conf.set(ScoringOptions.MODEL_PATH, files[0].toUri().toString());
        conf.set(ScoringOptions.MANIFEST_PATH, files[1].toUri().toString());
        conf.set(ScoringOptions.DELIVERY, delivery);
        return TestJobs.startScoringJob(conf);
    }

    /**
     * Valid transactions of a few cards, in event-time order per card. Each merchant sells to one
     * card only, so every entity's events arrive in the partition's order (see SpecScoringJobITCase
     * for entities shared across partitions).
     */
    private static List<Transaction> transactions() {
        SplittableRandom random = new SplittableRandom(11);
        long start = Instant.now().minus(Duration.ofDays(2)).toEpochMilli();
        List<Transaction> list = new ArrayList<>();
        for (int i = 0; i < VALID; i++) {
            int card = random.nextInt(CARDS);
            list.add(
                    Transactions.transaction(
                            "t" + i,
                            "4000" + String.format("%012d", card),
                            start + i * 60_000L,
                            5 + random.nextDouble() * 600,
                            "m" + card + "-" + random.nextInt(3)));
        }
        return list;
    }

    /**
     * Produces the valid transactions keyed by card (per-card order is kept), with bad records
     * among them: the first bad one between valid ones (valid, invalid, valid, valid). Returns the
     * bad records' bytes.
     */
    private List<byte[]> produceInput(List<Transaction> valid, String topic, WireFormat format)
            throws Exception {
        RecordCodec<Transaction> codec = format.codec(Transaction.class);
        Transaction template = valid.get(0);
        List<byte[]> invalid =
                List.of(
                        "definitely not avro \u0000\u00ff".getBytes(StandardCharsets.UTF_8),
                        codec.encode(
                                Transaction.newBuilder(template)
                                        .setTransactionId("bad-1")
                                        .setCardNumber("")
                                        .build()),
                        codec.encode(
                                Transaction.newBuilder(template)
                                        .setTransactionId("bad-2")
                                        .setAmount(-5)
                                        .build()),
                        codec.encode(
                                Transaction.newBuilder(template)
                                        .setTransactionId("bad-3")
                                        .setAmount(Double.NaN)
                                        .build()),
                        codec.encode(
                                Transaction.newBuilder(template)
                                        .setTransactionId("bad-4")
                                        .setEventTime(Instant.now().plus(Duration.ofDays(3)))
                                        .build()));
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < valid.size(); i++) {
            Transaction t = valid.get(i);
            byte[] key = t.getCardNumber().getBytes(StandardCharsets.UTF_8);
            records.add(new ProducerRecord<>(topic, key, codec.encode(t)));
            if (i % 100 == 0 && i / 100 < invalid.size()) {
                records.add(new ProducerRecord<>(topic, key, invalid.get(i / 100)));
            }
        }
        TransactionProducer.sendAll(broker.bootstrapServers(), records);
        return invalid;
    }

    private static void assertNoCardNumberLeaks(
            List<ConsumerRecord<byte[], byte[]>> records, List<Transaction> valid) {
        List<String> cards =
                valid.stream()
                        .map(Transaction::getCardNumber)
                        .distinct()
                        .collect(Collectors.toList());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String text = new String(record.value(), StandardCharsets.ISO_8859_1);
            assertThat(cards).noneMatch(text::contains);
        }
    }

    private static <T extends SpecificRecord> List<T> decodeAll(
            List<ConsumerRecord<byte[], byte[]>> records, Class<T> type, WireFormat format)
            throws Exception {
        RecordCodec<T> codec = format.codec(type);
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            out.add(codec.decode(record.value()));
        }
        return out;
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
