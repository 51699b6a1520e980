package io.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.MonitoringJobConfig;
import io.vigil.jobs.config.MonitoringOptions;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.testutils.CardModelFixture;
import io.vigil.jobs.testutils.TestJobs;
import io.vigil.jobs.testutils.TopicReader;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.training.TrainedModel;
import io.vigil.schemas.Decision;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * MonitoringJob against a real broker and registry: drift per model version and window, the same
 * statistics at parallelism 1 and 4, and a shifted window standing out.
 */
class MonitoringJobITCase {

    private static final long WINDOW_MS = 60_000;
    private static final int WINDOWS = 4;
    private static final int PER_WINDOW = 400;
    private static final long T0 = Instant.now().minus(Duration.ofHours(2)).toEpochMilli() / WINDOW_MS * WINDOW_MS;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).setConfiguration(TestJobs.loopbackOnly()).build());

    @TempDir
    Path dir;

    @Test
    void driftPerVersionAndWindowIsTheSameAtParallelismOneAndFour() throws Exception {
        TrainedModel model = CardModelFixture.train();
        List<String> names = model.manifest().featureNames();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                ModelRegistry registry = new ModelRegistry(broker.bootstrapServers(), "model-events",
                        new ArtifactStore(dir.resolve("artifacts").toUri().toString()))) {
            broker.createTopics(4, List.of("predictions", "drift-1", "drift-4"));
            registry.ensureTopic();
            registry.register(model.onnx(), model.manifest(), "test");
            produce(broker, predictions(names, model.manifest().name(), model.manifest().version()));

            Map<String, DriftStats> one = run(broker, 1, "drift-1");
            Map<String, DriftStats> four = run(broker, 4, "drift-4");

            assertThat(one).hasSize(2 * WINDOWS).isEqualTo(four);
            DriftStats calm = one.get(model.manifest().version() + "@" + T0);
            DriftStats shifted = one.get(model.manifest().version() + "@" + (T0 + 3 * WINDOW_MS));
            assertThat(calm.getPredictions()).isEqualTo(PER_WINDOW);
            assertThat(calm.getFeatures()).containsOnlyKeys(names);
            assertThat(shifted.getFeatures().get(names.get(0)).getPsi())
                    .as("the first feature was multiplied by 10 in the last window")
                    .isGreaterThan(calm.getFeatures().get(names.get(0)).getPsi() + 1);
            assertThat(shifted.getMostDriftedFeature()).isEqualTo(names.get(0));
            assertThat(one.get("unregistered@" + T0).getScore()).as("a version without profile: volume only").isNull();
        }
    }

    /** Runs the job at {@code parallelism} until every window is out; stats by version@windowStart, computedAt cleared. */
    private Map<String, DriftStats> run(EmbeddedKafkaBroker broker, int parallelism, String topic) throws Exception {
        Configuration conf = new Configuration();
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        conf.set(MonitoringOptions.GROUP_ID, "monitoring-" + parallelism);
        conf.set(MonitoringOptions.DRIFT_STATS_TOPIC, topic);
        conf.set(MonitoringOptions.WINDOW, Duration.ofMillis(WINDOW_MS));
        conf.set(ScoringOptions.IDLENESS, Duration.ofSeconds(1));
        conf.set(ScoringOptions.DELIVERY, Delivery.AT_LEAST_ONCE);
        conf.set(ScoringOptions.CHECKPOINT_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
        MonitoringJobConfig config = MonitoringJobConfig.fromConfiguration(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config.flinkConfiguration(conf));
        env.setParallelism(parallelism);
        new MonitoringJob(config).addTo(env);
        JobClient job = env.executeAsync(MonitoringJob.NAME);
        RecordCodec<DriftStats> codec = WireFormat.AVRO.codec(DriftStats.class);
        List<DriftStats> stats = new ArrayList<>();
        for (var record : TopicReader.read(broker.bootstrapServers(), topic, 2 * WINDOWS, Duration.ofMinutes(2), Duration.ofSeconds(2))) {
            DriftStats s = codec.decode(record.value());
            s.setComputedAt(Instant.EPOCH);
            stats.add(s);
        }
        job.cancel().get();
        return stats.stream().collect(Collectors.toMap(s -> s.getModelVersion() + "@" + s.getWindowStart().toEpochMilli(), Function.identity()));
    }

    /**
     * {@link #PER_WINDOW} predictions per window for the registered version and a few for an
     * unregistered one; the last window's first feature is ten times larger. A trailing prediction
     * per partition an hour later moves the watermark past every window.
     */
    private static List<Prediction> predictions(List<String> names, String model, String version) {
        SplittableRandom random = new SplittableRandom(9);
        List<Prediction> list = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            for (int i = 0; i < PER_WINDOW; i++) {
                long time = T0 + w * WINDOW_MS + random.nextLong(WINDOW_MS);
                Map<String, Double> features = new HashMap<>();
                for (String name : names) {
                    features.put(name, random.nextDouble() * 10);
                }
                features.put(names.get(0), random.nextDouble() * 500 * (w == WINDOWS - 1 ? 10 : 1));
                list.add(prediction("p" + w + "-" + i, time, model, version, features, random.nextDouble()));
            }
            list.add(prediction("u" + w, T0 + w * WINDOW_MS + 1, model, "unregistered", Map.of(), 0.7));
        }
        for (int p = 0; p < 8; p++) {
            list.add(prediction("late-" + p, T0 + WINDOWS * WINDOW_MS + 3_600_000, model, version, Map.of(), 0.1));
        }
        return list;
    }

    private static Prediction prediction(String id, long time, String model, String version, Map<String, Double> features, double score) {
        return Prediction.newBuilder().setTransactionId(id).setEntityKey("k").setEventTime(Instant.ofEpochMilli(time)).setModelName(model)
                .setModelVersion(version).setScore(score).setDecision(score >= 0.5 ? Decision.FLAG : Decision.ALLOW).setThreshold(0.5)
                .setFeatures(features).setScoringLatencyMicros(3).setScoredAt(Instant.ofEpochMilli(time)).build();
    }

    private static void produce(EmbeddedKafkaBroker broker, List<Prediction> predictions) {
        RecordCodec<Prediction> codec = WireFormat.AVRO.codec(Prediction.class);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < predictions.size(); i++) {
                Prediction p = predictions.get(i);
                int partition = p.getTransactionId().startsWith("late-") ? Integer.parseInt(p.getTransactionId().substring(5)) % 4 : i % 4;
                producer.send(new ProducerRecord<>("predictions", partition, null, codec.encode(p)));
            }
        }
    }
}
