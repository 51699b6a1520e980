package io.vigil.loadtest.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.features.engine.SpecFeatureReplay;
import io.vigil.features.events.EntityKeyHasher;
import io.vigil.features.events.EventReader;
import io.vigil.features.spec.FeatureOrder;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.backfill.BackfillInput;
import io.vigil.jobs.backfill.BackfillJob;
import io.vigil.jobs.backfill.TrainingRow;
import io.vigil.jobs.config.MonitoringJobConfig;
import io.vigil.jobs.config.MonitoringOptions;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.local.LocalFlink;
import io.vigil.jobs.monitoring.MonitoringJob;
import io.vigil.jobs.scoring.ScoringJob;
import io.vigil.jobs.testutils.TopicReader;
import io.vigil.jobs.testutils.TransactionProducer;
import io.vigil.loadtest.examples.SpecTraining.LabelledRecord;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.schemas.DeadLetter;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The click-through example end to end, built from configuration and data only: a model trained on
 * generated impressions with the example spec's features, registered as champion; ScoringJob and
 * MonitoringJob on live impressions and clicks in the example's own schemas. Every valid impression
 * is scored with the features the offline replay computes, the broken ones are dead letters, drift
 * statistics come out for the model, and the backfill equals the stream and joins the clicks.
 */
class ClickThroughExampleITCase {

    private static final String SECRET = "click-through-test-secret-of-enough-bytes";
    private static final int HISTORY = 4000;
    private static final int LIVE = 600;
    private static final int BROKEN = 3;

    @TempDir Path dir;

    @Test
    void scoresImpressionsMonitorsTheModelAndTheBackfillAgrees() throws Exception {
        Path specFile = ClickThroughExample.copyTo(dir.resolve("example"));
        FeatureSpec spec = FeatureSpecs.load(specFile.toUri().toString());
        long start = Instant.now().minus(Duration.ofDays(3)).toEpochMilli();
        ImpressionGenerator generator = new ImpressionGenerator(7, 300, 80, 0.05, start);
        List<LabelledRecord> history = new ArrayList<>();
        for (int i = 0; i < HISTORY; i++) {
            GeneratedImpression g = generator.next();
            history.add(new LabelledRecord(g.impression(), g.clicked()));
        }
        TrainedModel model = SpecTraining.train(spec, history, "ctr-lr", "1", 7);
        assertThat(model.holdoutAuc()).as("the spec's features find the clicks").isGreaterThan(0.7);

        List<GeneratedImpression> live = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> impressions = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> clicks = new ArrayList<>();
        for (int i = 0; i < LIVE; i++) {
            GeneratedImpression g = generator.next();
            live.add(g);
            impressions.add(record("impressions", g.userId(), g.impression()));
            clicks.add(record("labels", g.id(), g.click()));
            if (i % (LIVE / BROKEN) == 7) {
                impressions.add(record("impressions", g.userId(), generator.withInvalidSlot()));
            }
        }
        generator.skip(Duration.ofHours(2));
        for (int i = 0; i < 60; i++) { // later impressions move every partition's watermark on
            GeneratedImpression g = generator.next();
            impressions.add(record("impressions", g.userId(), g.impression()));
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(
                    2,
                    List.of(
                            "impressions",
                            "predictions",
                            "dead-letters",
                            "labels",
                            "drift-stats",
                            "performance-stats",
                            "retrain-requests"));
            register(broker, model);
            TransactionProducer.sendAll(broker.bootstrapServers(), impressions);
            TransactionProducer.sendAll(broker.bootstrapServers(), clicks);

            Configuration conf = configuration(broker, specFile);
            JobClient job = start(conf, Instant.ofEpochMilli(start));
            Map<String, double[]> expected = replay(spec, live);
            // The earlier of the later impressions are scored too, once the last ones pass.
            List<Prediction> predictions =
                    decode(
                                    TopicReader.read(
                                            broker.bootstrapServers(),
                                            "predictions",
                                            LIVE + 40,
                                            Duration.ofMinutes(3),
                                            Duration.ofSeconds(3)),
                                    Prediction.class)
                            .stream()
                            .filter(p -> expected.containsKey(p.getTransactionId()))
                            .toList();
            List<DeadLetter> dead =
                    decode(
                            read(broker, "dead-letters", BROKEN, Duration.ofMinutes(1)),
                            DeadLetter.class);
            List<DriftStats> drift =
                    decode(read(broker, "drift-stats", 1, Duration.ofMinutes(2)), DriftStats.class);
            job.cancel().get(1, TimeUnit.MINUTES);

            assertThat(predictions)
                    .extracting(Prediction::getTransactionId)
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (Prediction p : predictions) {
                double[] features = expected.get(p.getTransactionId());
                for (String name : spec.featureNames()) {
                    assertThat(p.getFeatures().get(name))
                            .as(p.getTransactionId() + " " + name)
                            .isEqualTo(Double.valueOf(features[spec.featureNames().indexOf(name)]));
                }
                assertThat(p.getModelName()).isEqualTo("ctr-lr");
                assertThat(p.getEventFields()).containsOnlyKeys("item.id", "slot", "page");
            }
            assertThat(dead)
                    .hasSize(BROKEN)
                    .allSatisfy(d -> assertThat(d.getReason()).contains("slot"));
            assertThat(drift.get(0).getModelName()).isEqualTo("ctr-lr");
            assertThat(drift.get(0).getFeatures())
                    .containsKeys("slot", "user_category_share_24h", "category_margin");

            Map<String, Boolean> clicked = new HashMap<>();
            live.forEach(g -> clicked.put(g.id(), g.clicked()));
            List<TrainingRow> rows = backfill(conf);
            int compared = 0;
            for (TrainingRow row : rows) {
                if (expected.containsKey(row.transactionId)) {
                    assertThat(row.features)
                            .as("backfill of " + row.transactionId)
                            .containsExactly(expected.get(row.transactionId));
                    assertThat(row.label).isEqualTo(clicked.get(row.transactionId) ? 1 : 0);
                    compared++;
                }
            }
            assertThat(compared).isEqualTo(LIVE);
        }
    }

    private void register(EmbeddedKafkaBroker broker, TrainedModel model) throws Exception {
        try (ModelRegistry registry =
                new ModelRegistry(
                        broker.bootstrapServers(),
                        "model-events",
                        new ArtifactStore(dir.resolve("registry").toUri().toString()))) {
            registry.ensureTopic();
            registry.register(model.onnx(), model.manifest(), "test");
            registry.moveAlias("ctr-lr", "1", "champion", Instant.EPOCH, "test");
        }
    }

    private Configuration configuration(EmbeddedKafkaBroker broker, Path specFile) {
        Configuration conf = new Configuration();
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        conf.set(ScoringOptions.ENTITY_KEY_SECRET, SECRET);
        conf.set(ScoringOptions.FEATURE_SPEC, specFile.toUri().toString());
        conf.set(ScoringOptions.FEATURE_ORDER, FeatureOrder.EVENT_TIME);
        conf.set(ScoringOptions.TRANSACTIONS_TOPIC, "impressions");
        conf.set(ScoringOptions.MODEL_NAME, "ctr-lr");
        conf.set(ScoringOptions.REGISTRY_STORE, dir.resolve("registry").toUri().toString());
        conf.set(ScoringOptions.MAX_FUTURE_SKEW, Duration.ofDays(1));
        conf.set(ScoringOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        conf.set(
                ScoringOptions.CHECKPOINT_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
        conf.set(MonitoringOptions.WINDOW, Duration.ofHours(1));
        conf.set(MonitoringOptions.LABEL_HORIZON, Duration.ofHours(1));
        conf.set(MonitoringOptions.MIN_PREDICTIONS, 1_000_000L); // no retraining here
        return conf;
    }

    /** ScoringJob and MonitoringJob together on a MiniCluster. */
    private static JobClient start(Configuration conf, Instant from) throws Exception {
        ScoringJobConfig scoring = ScoringJobConfig.fromConfiguration(conf);
        Configuration monitoringConf = new Configuration(conf);
        monitoringConf.set(MonitoringOptions.IGNORE_BEFORE, Duration.ofMillis(from.toEpochMilli()));
        MonitoringJobConfig monitoring = MonitoringJobConfig.fromConfiguration(monitoringConf);
        return LocalFlink.start(
                scoring.flinkConfiguration(new Configuration()),
                2,
                "click-through",
                env -> {
                    new ScoringJob(scoring).addTo(env);
                    new MonitoringJob(monitoring).addTo(env);
                });
    }

    private static List<TrainingRow> backfill(Configuration conf) throws Exception {
        BackfillJob backfill =
                new BackfillJob(
                        ScoringJobConfig.fromConfiguration(conf), BackfillInput.topics("labels"));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        LocalFlink.configuration(new Configuration()));
        env.setParallelism(2);
        List<TrainingRow> rows = new ArrayList<>();
        backfill.addTo(env).rows().executeAndCollect().forEachRemaining(rows::add);
        return rows;
    }

    /** Feature vectors by impression id, computed offline in event-time order. */
    private static Map<String, double[]> replay(FeatureSpec spec, List<GeneratedImpression> live)
            throws Exception {
        EventReader reader =
                new EventReader(
                        spec, WireFormat.AVRO, new EntityKeyHasher(SECRET), Duration.ofDays(1));
        SpecFeatureReplay replay = new SpecFeatureReplay(spec);
        Map<String, double[]> vectors = new HashMap<>();
        for (GeneratedImpression g : live) {
            vectors.put(
                    g.id(), replay.next(reader.read(g.impression(), System.currentTimeMillis())));
        }
        return vectors;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(
            EmbeddedKafkaBroker broker, String topic, int count, Duration timeout) {
        return TopicReader.read(broker.bootstrapServers(), topic, count, timeout, Duration.ZERO);
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> decode(
            List<ConsumerRecord<byte[], byte[]>> records, Class<T> type) throws Exception {
        var codec = WireFormat.AVRO.codec(type);
        List<T> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            values.add(codec.decode(r.value()));
        }
        return values;
    }
}
