package io.vigil.retrainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.config.KafkaAccess;
import io.vigil.jobs.testutils.CardModelFixture;
import io.vigil.jobs.testutils.TestJobs;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.registry.RegistryState;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.schemas.Decision;
import io.vigil.schemas.ModelEvent;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.RetrainRequest;
import io.vigil.schemas.TransactionLabel;
import io.vigil.schemas.codec.WireFormat;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrainer against a real broker, registry and MiniCluster: fraud has changed its face, the
 * served features with their labels teach a new model that beats the champion, which it replaces;
 * the same request is not answered twice.
 */
class RetrainerITCase {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final PromotionPolicy POLICY =
            new PromotionPolicy(Duration.ofDays(30), 0.3, 500, 20, 0.05, 10);

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestJobs.miniCluster();

    @TempDir Path dir;

    @Test
    void aChallengerTrainedOnServedFeaturesReplacesAChampionThatNoLongerFitsOnce()
            throws Exception {
        TrainedModel champion =
                CardModelFixture.model(); // fraud = large first feature (the amount)
        List<String> features = champion.manifest().featureNames();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                ModelRegistry registry =
                        new ModelRegistry(
                                broker.bootstrapServers(),
                                "model-events",
                                new ArtifactStore(dir.resolve("artifacts").toUri().toString()))) {
            broker.createTopics(2, List.of("predictions", "labels"));
            registry.ensureTopic();
            registry.register(champion.onnx(), champion.manifest(), "test");
            registry.moveAlias("card-test", "1", "champion", Instant.EPOCH, "test");
            Instant end = servedAfterTheShift(broker, features, 3000);

            List<String> steps = new ArrayList<>();
            Retrainer retrainer =
                    new Retrainer(
                            registry,
                            new FlinkServedRows(
                                    KafkaAccess.of(broker.bootstrapServers()),
                                    "predictions",
                                    WireFormat.AVRO,
                                    "labels",
                                    FeatureSpecs.bundled(),
                                    TestJobs.loopbackOnly(),
                                    null),
                            POLICY,
                            steps::add);
            RetrainRequest request =
                    RetrainRequest.newBuilder()
                            .setRequestId("card-test:1:PERFORMANCE:" + end.toEpochMilli())
                            .setModelName("card-test")
                            .setModelVersion("1")
                            .setTrigger("PERFORMANCE")
                            .setReason("test")
                            .setEvidence(List.of())
                            .setWindowEnd(end)
                            .setRequestedAt(Instant.now())
                            .build();
            RetrainOutcome early =
                    new Retrainer(
                                    registry,
                                    new FlinkServedRows(
                                            KafkaAccess.of(broker.bootstrapServers()),
                                            "predictions",
                                            WireFormat.AVRO,
                                            "labels",
                                            FeatureSpecs.bundled(),
                                            TestJobs.loopbackOnly(),
                                            null),
                                    new PromotionPolicy(
                                            Duration.ofDays(30), 0.3, 100_000, 20, 0.05, 10),
                                    steps::add)
                            .handle(request);
            assertThat(early.waitingForData()).as(early.summary()).isTrue();
            assertThat(early.summary()).contains("waiting for labels").contains("3000 rows");
            assertThat(registry.read().versions("card-test"))
                    .as("nothing registered while waiting")
                    .hasSize(1);

            RetrainOutcome outcome = retrainer.handle(request);

            assertThat(outcome.promoted()).as(outcome.summary()).isTrue();
            assertThat(outcome.challengerVersion()).isEqualTo("2");
            assertThat(outcome.challengerAuc()).isGreaterThan(outcome.championAuc() + 0.2);
            RegistryState state = registry.read();
            assertThat(state.alias("card-test", "champion"))
                    .map(ModelEvent::getVersion)
                    .contains("2");
            assertThat(state.alias("card-test", "challenger"))
                    .map(ModelEvent::getVersion)
                    .contains("2");
            ModelEvent registered = state.version("card-test", "2").orElseThrow().registration();
            assertThat(registered.getActor()).isEqualTo(Retrainer.ACTOR);
            assertThat(registered.getMetrics())
                    .containsKeys(
                            "holdoutAuc",
                            "championHoldoutAuc",
                            "logisticRegressionHoldoutAuc",
                            "gradientBoostedTreesHoldoutAuc");
            ModelManifest stored = registry.store().readManifest(registered);
            assertThat(stored.profile()).as("with its reference profile").isNotNull();
            Path report = Path.of(URI.create(stored.tags().get("report")));
            assertThat(Files.readString(report))
                    .as("the report, champion beside challenger, decisions by country")
                    .contains("card-test:2 (challenger)")
                    .contains("card-test:1 (champion)")
                    .contains("<h2>By segment</h2>");
            assertThat(report.resolveSibling("roc.png")).isNotEmptyFile();
            assertThat(steps)
                    .anySatisfy(
                            s ->
                                    assertThat(s)
                                            .startsWith(
                                                    "training set: 3,000 labelled served rows"));

            RetrainOutcome again = retrainer.handle(request);
            assertThat(again.challengerVersion()).isNull();
            assertThat(again.summary()).contains("answered already by version 2");
            assertThat(registry.read().versions("card-test")).hasSize(2);
        }
    }

    /**
     * Predictions of the champion after fraud changed: frauds now have ordinary amounts and a large
     * third feature. Labels for all of them. Returns the latest event time.
     */
    private static Instant servedAfterTheShift(
            EmbeddedKafkaBroker broker, List<String> features, int count) {
        SplittableRandom random = new SplittableRandom(12);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        Instant time = T0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                time = T0.plusSeconds(60L * i);
                boolean fraud = random.nextDouble() < 0.1;
                Map<String, Double> served = new HashMap<>();
                for (String feature : features) {
                    served.put(feature, random.nextDouble() * 10);
                }
                served.put(features.get(0), random.nextDouble() * 500);
                served.put(
                        features.get(2),
                        fraud ? 8 + random.nextDouble() * 40 : random.nextDouble() * 10);
                String id = "s" + i;
                producer.send(
                        new ProducerRecord<>(
                                "predictions",
                                WireFormat.AVRO
                                        .codec(Prediction.class)
                                        .encode(
                                                Prediction.newBuilder()
                                                        .setTransactionId(id)
                                                        .setEntityKey("k")
                                                        .setEventTime(time)
                                                        .setModelName("card-test")
                                                        .setModelVersion("1")
                                                        .setScore(0.2)
                                                        .setDecision(Decision.ALLOW)
                                                        .setThreshold(0.5)
                                                        .setFeatures(served)
                                                        .setScoringLatencyMicros(1)
                                                        .setScoredAt(time)
                                                        .build())));
                producer.send(
                        new ProducerRecord<>(
                                "labels",
                                WireFormat.AVRO
                                        .codec(TransactionLabel.class)
                                        .encode(
                                                TransactionLabel.newBuilder()
                                                        .setTransactionId(id)
                                                        .setFraud(fraud)
                                                        .setFraudPattern(null)
                                                        .setEventTime(time)
                                                        .setLabelTime(time.plusSeconds(3600))
                                                        .build())));
            }
        }
        return time;
    }
}
