package io.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.MonitoringJobConfig;
import io.vigil.jobs.config.MonitoringOptions;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.testutils.CardModelFixture;
import io.vigil.jobs.testutils.TestJobs;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.schemas.Decision;
import io.vigil.schemas.DriftStats;
import io.vigil.schemas.PerformanceStats;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.RetrainRequest;
import io.vigil.schemas.SegmentRow;
import io.vigil.schemas.SegmentStats;
import io.vigil.schemas.TransactionLabel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * MonitoringJob against a real broker and registry: drift per model version and window, the same
 * statistics at parallelism 1 and 4, and a shifted window standing out. Predictions and labels are
 * written in every encoding in turn (Avro with and without its header, plain and Avro JSON): the
 * job reads every one.
 */
class MonitoringJobITCase {

    private static final long WINDOW_MS = 60_000;
    private static final int WINDOWS = 4;
    private static final int PER_WINDOW = 400;
    private static final long T0 =
            Instant.now().minus(Duration.ofHours(2)).toEpochMilli() / WINDOW_MS * WINDOW_MS;

    private static final String[] COUNTRIES = {"NL", "ES", "FR"};

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .setConfiguration(TestJobs.loopbackOnly())
                            .build());

    @TempDir Path dir;

    @Test
    void driftPerformanceAndRetrainRequestsAreTheSameAtParallelismOneAndFour() throws Exception {
        TrainedModel model = CardModelFixture.model();
        List<String> names = model.manifest().featureNames();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                ModelRegistry registry =
                        new ModelRegistry(
                                broker.bootstrapServers(),
                                "model-events",
                                new ArtifactStore(dir.resolve("artifacts").toUri().toString()))) {
            broker.createTopics(
                    4,
                    List.of(
                            "predictions",
                            "labels",
                            "drift-1",
                            "drift-4",
                            "performance-1",
                            "performance-4",
                            "segments-1",
                            "segments-4",
                            "requests-1",
                            "requests-4"));
            registry.ensureTopic();
            registry.register(model.onnx(), model.manifest(), "test");
            List<Prediction> predictions =
                    predictions(names, model.manifest().name(), model.manifest().version());
            MonitoringTopics.produce(broker, "predictions", predictions);
            MonitoringTopics.produce(broker, "labels", labels(predictions));

            Results oneWay = run(broker, 1);
            Results fourWay = run(broker, 4);
            Map<String, DriftStats> one = oneWay.drift();
            Map<String, DriftStats> four = fourWay.drift();

            assertThat(one).hasSize(2 * WINDOWS).isEqualTo(four);
            DriftStats calm = one.get(model.manifest().version() + "@" + T0);
            DriftStats shifted = one.get(model.manifest().version() + "@" + (T0 + 3 * WINDOW_MS));
            assertThat(calm.getPredictions()).isEqualTo(PER_WINDOW);
            assertThat(calm.getFeatures()).containsOnlyKeys(names);
            assertThat(shifted.getFeatures().get(names.get(0)).getPsi())
                    .as("the first feature was multiplied by 10 in the last window")
                    .isGreaterThan(calm.getFeatures().get(names.get(0)).getPsi() + 1);
            assertThat(shifted.getMostDriftedFeature()).isEqualTo(names.get(0));
            assertThat(one.get("unregistered@" + T0).getScore())
                    .as("a version without profile: volume only")
                    .isNull();

            assertThat(oneWay.segments()).isEqualTo(fourWay.segments());
            assertThat(oneWay.segments().values())
                    .as("each country's rows add up to the population's")
                    .allSatisfy(
                            w ->
                                    assertThat(byCountry(w))
                                            .isEqualTo(w.getPopulation().getPredictions()));

            Map<String, PerformanceStats> performance = oneWay.performance();
            assertThat(performance).isEqualTo(fourWay.performance());
            List<PerformanceStats> v1 =
                    performance.values().stream()
                            .filter(p -> p.getModelVersion().equals(model.manifest().version()))
                            .toList();
            assertThat(v1.stream().mapToLong(PerformanceStats::getLabelled).sum())
                    .as("every labelled prediction once")
                    .isEqualTo(WINDOWS * PER_WINDOW);
            assertThat(v1)
                    .filteredOn(p -> p.getLabelled() > 100)
                    .allSatisfy(
                            p -> {
                                assertThat(p.getAuc())
                                        .as("labels follow the scores")
                                        .isGreaterThan(0.85);
                                assertThat(p.getRecall()).isGreaterThan(0.8);
                                assertThat(p.getFraudAmountCaught()).isPositive();
                            });
            assertThat(
                            performance.values().stream()
                                    .filter(p -> p.getModelVersion().equals("unregistered"))
                                    .mapToLong(PerformanceStats::getUnlabelled)
                                    .sum())
                    .as("never labelled, counted at the horizon")
                    .isEqualTo(WINDOWS);

            assertThat(oneWay.requests())
                    .as("the shifted window, and only it, asks for retraining")
                    .singleElement()
                    .satisfies(
                            r -> {
                                assertThat(r.getTrigger()).isEqualTo("DRIFT");
                                assertThat(r.getEvidence())
                                        .singleElement()
                                        .satisfies(
                                                e ->
                                                        assertThat(e.getMetric())
                                                                .isEqualTo(
                                                                        "featurePsi:"
                                                                                + names.get(0)));
                                assertThat(r.getWindowEnd())
                                        .isEqualTo(Instant.ofEpochMilli(T0 + WINDOWS * WINDOW_MS));
                            });
            assertThat(fourWay.requests())
                    .extracting(RetrainRequest::getRequestId)
                    .isEqualTo(
                            oneWay.requests().stream().map(RetrainRequest::getRequestId).toList());
        }
    }

    private record Results(
            Map<String, DriftStats> drift,
            Map<String, PerformanceStats> performance,
            Map<String, SegmentStats> segments,
            List<RetrainRequest> requests) {}

    /**
     * Runs the job at {@code parallelism} until every window is out; stats by version@windowStart,
     * computedAt cleared.
     */
    private Results run(EmbeddedKafkaBroker broker, int parallelism) throws Exception {
        Configuration conf = new Configuration();
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        conf.set(ScoringOptions.REGISTRY_STORE, dir.resolve("artifacts").toUri().toString());
        conf.set(MonitoringOptions.GROUP_ID, "monitoring-" + parallelism);
        conf.set(MonitoringOptions.DRIFT_STATS_TOPIC, "drift-" + parallelism);
        conf.set(MonitoringOptions.PERFORMANCE_STATS_TOPIC, "performance-" + parallelism);
        conf.set(MonitoringOptions.SEGMENT_STATS_TOPIC, "segments-" + parallelism);
        conf.set(MonitoringOptions.LABEL_HORIZON, Duration.ofMinutes(10));
        conf.set(MonitoringOptions.RETRAIN_REQUESTS_TOPIC, "requests-" + parallelism);
        conf.set(
                MonitoringOptions.MAX_SCORE_PSI,
                100.0); // the test's scores are not the model's: watch the features
        conf.set(MonitoringOptions.MIN_PREDICTIONS, 100L);
        conf.set(MonitoringOptions.PERSISTENCE, 1);
        conf.set(MonitoringOptions.WINDOW, Duration.ofMillis(WINDOW_MS));
        // Every partition of both topics ends with records an hour later, which close the windows.
        // A short idleness let the watermark jump ahead of a partition whose first fetch was slow
        // (a loaded machine), and dropped its records as late.
        conf.set(ScoringOptions.IDLENESS, Duration.ofMinutes(1));
        conf.set(ScoringOptions.DELIVERY, Delivery.AT_LEAST_ONCE);
        conf.set(
                ScoringOptions.CHECKPOINT_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
        MonitoringJobConfig config = MonitoringJobConfig.fromConfiguration(conf);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(config.flinkConfiguration(conf));
        env.setParallelism(parallelism);
        new MonitoringJob(config).addTo(env);
        JobClient job = env.executeAsync(MonitoringJob.NAME);
        Map<String, DriftStats> drift =
                byWindow(
                        MonitoringTopics.read(
                                broker, "drift-" + parallelism, 2 * WINDOWS, DriftStats.class),
                        s -> s.setComputedAt(Instant.EPOCH));
        // Labels mature 30 s after their predictions (5 windows of version 1); the unlabelled at
        // the horizon (4 windows).
        Map<String, PerformanceStats> performance =
                byWindow(
                        MonitoringTopics.read(
                                broker,
                                "performance-" + parallelism,
                                WINDOWS + 1 + WINDOWS,
                                PerformanceStats.class),
                        s -> s.setComputedAt(Instant.EPOCH));
        Map<String, SegmentStats> segments =
                byWindow(
                        MonitoringTopics.read(
                                broker,
                                "segments-" + parallelism,
                                WINDOWS + 1 + WINDOWS,
                                SegmentStats.class),
                        s -> s.setComputedAt(Instant.EPOCH));
        List<RetrainRequest> requests =
                MonitoringTopics.read(broker, "requests-" + parallelism, 1, RetrainRequest.class);
        TestJobs.cancel(job);
        return new Results(drift, performance, segments, requests);
    }

    /** Stats by version@windowStart, computedAt cleared by {@code clear}. */
    private static <T extends SpecificRecordBase> Map<String, T> byWindow(
            List<T> stats, Consumer<T> clear) {
        stats.forEach(clear);
        return stats.stream()
                .collect(
                        Collectors.toMap(
                                s ->
                                        s.get("modelVersion")
                                                + "@"
                                                + ((Instant) s.get("windowStart")).toEpochMilli(),
                                Function.identity()));
    }

    private static long byCountry(SegmentStats window) {
        return window.getSegments().stream()
                .filter(r -> r.getSegment().equals("country"))
                .mapToLong(SegmentRow::getPredictions)
                .sum();
    }

    /**
     * Version 1's predictions labelled 30 s later, fraud mostly when the score is high; trailing
     * labels move the watermark.
     */
    private static List<TransactionLabel> labels(List<Prediction> predictions) {
        SplittableRandom random = new SplittableRandom(5);
        List<TransactionLabel> labels = new ArrayList<>();
        for (Prediction p : predictions) {
            if (p.getTransactionId().startsWith("p")) {
                boolean fraud =
                        p.getScore() > 0.5 ? random.nextDouble() < 0.9 : random.nextDouble() < 0.05;
                labels.add(
                        label(
                                p.getTransactionId(),
                                p.getEventTime(),
                                p.getEventTime().plusSeconds(30),
                                fraud));
            }
        }
        for (int p = 0; p < 8; p++) {
            Instant later = Instant.ofEpochMilli(T0 + WINDOWS * WINDOW_MS + 3_600_000);
            labels.add(label("late-" + p, later, later, false));
        }
        return labels;
    }

    private static TransactionLabel label(
            String id, Instant eventTime, Instant labelTime, boolean fraud) {
        return TransactionLabel.newBuilder()
                .setTransactionId(id)
                .setFraud(fraud)
                .setFraudPattern(null)
                .setEventTime(eventTime)
                .setLabelTime(labelTime)
                .build();
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
                list.add(
                        prediction(
                                "p" + w + "-" + i,
                                time,
                                model,
                                version,
                                features,
                                random.nextDouble()));
            }
            list.add(
                    prediction(
                            "u" + w, T0 + w * WINDOW_MS + 1, model, "unregistered", Map.of(), 0.7));
        }
        for (int p = 0; p < 8; p++) {
            list.add(
                    prediction(
                            "late-" + p,
                            T0 + WINDOWS * WINDOW_MS + 3_600_000,
                            model,
                            version,
                            Map.of(),
                            0.1));
        }
        return list;
    }

    private static Prediction prediction(
            String id,
            long time,
            String model,
            String version,
            Map<String, Double> features,
            double score) {
        return Prediction.newBuilder()
                .setTransactionId(id)
                .setEntityKey("k")
                .setEventTime(Instant.ofEpochMilli(time))
                .setModelName(model)
                .setModelVersion(version)
                .setScore(score)
                .setDecision(score >= 0.5 ? Decision.FLAG : Decision.ALLOW)
                .setThreshold(0.5)
                .setFeatures(features)
                .setScoringLatencyMicros(3)
                .setScoredAt(Instant.ofEpochMilli(time))
                .setAmount(25.0)
                .setEventFields(
                        Map.of(
                                "country", COUNTRIES[(int) (time % COUNTRIES.length)],
                                "channel", "ONLINE",
                                "amount", "25.0"))
                .build();
    }
}
