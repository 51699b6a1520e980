package io.vigil.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.testutils.CardModelFixture;
import io.vigil.jobs.testutils.PredictionOracle;
import io.vigil.jobs.testutils.TopicReader;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.codec.RecordCodec;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What every cluster test runs ScoringJob against: a real Kafka broker with the transactions,
 * predictions and dead-letters topics, a model registry holding the fixture's two versions of
 * {@value #MODEL} (the second activated at a given event time), and a multi-process standalone
 * Flink cluster, all under the test's directory and closed in reverse order. It also knows how the
 * tests submit the shaded job jar and check what it wrote.
 */
final class ClusterTestbed implements AutoCloseable {

    /** The model the cluster tests register ({@code CardModelFixture}). */
    static final String MODEL = "card-test";

    /** Starts the cluster in the given directory: the tests choose its shape and options. */
    @FunctionalInterface
    interface ClusterStarter {
        StandaloneCluster start(Path flinkDir) throws Exception;
    }

    private final Path dir;
    private final String secret;
    private final EmbeddedKafkaBroker broker;
    private final ModelRegistry registry;
    private final StandaloneCluster cluster;

    private ClusterTestbed(
            Path dir,
            String secret,
            EmbeddedKafkaBroker broker,
            ModelRegistry registry,
            StandaloneCluster cluster) {
        this.dir = dir;
        this.secret = secret;
        this.broker = broker;
        this.registry = registry;
        this.cluster = cluster;
    }

    /**
     * Starts the broker (topics of four partitions), the registry with the fixture's model (version
     * 2 active from {@code swapAt}) and a cluster of {@code taskManagers} TaskManagers with {@code
     * slots} slots each and Flink's default options.
     */
    static ClusterTestbed start(
            Path dir, String secret, Instant swapAt, int taskManagers, int slots) throws Exception {
        return start(
                dir,
                secret,
                4,
                swapAt,
                flink -> StandaloneCluster.start(flink, taskManagers, slots, Map.of()));
    }

    /**
     * Starts the broker (topics with {@code partitions} partitions), the registry with the
     * fixture's model (version 2 active from {@code swapAt}) and the cluster; on failure closes
     * what started.
     *
     * @param secret the entity-key secret the job is given
     */
    static ClusterTestbed start(
            Path dir, String secret, int partitions, Instant swapAt, ClusterStarter starter)
            throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        ModelRegistry registry = null;
        try {
            broker.createTopics(partitions, List.of("transactions", "predictions", "dead-letters"));
            registry =
                    new ModelRegistry(
                            broker.bootstrapServers(),
                            "model-events",
                            new ArtifactStore(dir.resolve("store").toUri().toString()));
            CardModelFixture.registerSwap(registry, swapAt);
            StandaloneCluster cluster = starter.start(dir.resolve("flink"));
            return new ClusterTestbed(dir, secret, broker, registry, cluster);
        } catch (Exception | Error e) {
            if (registry != null) {
                registry.close();
            }
            broker.close();
            throw e;
        }
    }

    EmbeddedKafkaBroker broker() {
        return broker;
    }

    String bootstrap() {
        return broker.bootstrapServers();
    }

    StandaloneCluster cluster() {
        return cluster;
    }

    FlinkRestClient rest() {
        return cluster.rest();
    }

    /** Uploads the shaded job jar ({@code target/*-job.jar}); returns its id on the cluster. */
    String uploadJobJar() throws Exception {
        try (var files = Files.list(Path.of("target"))) {
            Path jar =
                    files.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "run `mvn package` first: no"
                                                            + " target/*-job.jar"));
            return rest().uploadJar(jar);
        }
    }

    /**
     * ScoringJob's program arguments: exactly-once, the fixture's model from the registry's
     * artifact store, checkpoints in a directory of their own.
     *
     * @param checkpointInterval e.g. {@code 1s}
     * @param checkpoints the checkpoint directory's name under the test's directory
     * @param more further arguments, as pairs of option and value
     */
    List<String> exactlyOnceArgs(String checkpointInterval, String checkpoints, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--vigil.kafka.bootstrap-servers",
                                bootstrap(),
                                "--vigil.model.name",
                                MODEL,
                                "--vigil.registry.store",
                                dir.resolve("store").toUri().toString(),
                                "--vigil.entity-key.secret",
                                secret,
                                "--vigil.delivery",
                                "EXACTLY_ONCE",
                                "--vigil.checkpoint.interval",
                                checkpointInterval,
                                "--vigil.checkpoint.directory",
                                dir.resolve(checkpoints).toUri().toString()));
        args.addAll(Arrays.asList(more));
        return args;
    }

    /** Where {@code stopWithSavepoint} writes. */
    String savepoints() {
        return dir.resolve("savepoints").toUri().toString();
    }

    /**
     * The predictions topic as an analyst reads it (read_committed): {@code expected} records, then
     * 3 s more for extras.
     */
    List<Prediction> predictions(int expected) throws Exception {
        RecordCodec<Prediction> codec = WireFormat.AVRO.codec(Prediction.class);
        List<Prediction> predictions = new ArrayList<>();
        for (var record :
                TopicReader.read(
                        bootstrap(),
                        "predictions",
                        expected,
                        Duration.ofMinutes(2),
                        Duration.ofSeconds(3))) {
            predictions.add(codec.decode(record.value()));
        }
        return predictions;
    }

    /**
     * The predictions of transactions {@code tx-0 .. tx-(sent-1)}, after checking each is there
     * exactly once (the cluster's logs in the message otherwise).
     */
    List<Prediction> exactlyOnce(int sent) throws Exception {
        List<Prediction> predictions = predictions(sent);
        Map<String, Long> counts =
                predictions.stream()
                        .collect(
                                Collectors.groupingBy(
                                        Prediction::getTransactionId, Collectors.counting()));
        assertThat(counts.values())
                .as("no duplicates; cluster logs:\n" + cluster.logs())
                .allMatch(c -> c == 1);
        assertThat(counts.keySet())
                .as("no transaction missing; cluster logs:\n" + cluster.logs())
                .hasSize(sent)
                .allMatch(id -> number(id) < sent);
        return predictions;
    }

    /**
     * Asserts the predictions of {@code PacedTraffic}'s transactions {@code tx-0 .. tx-(sent-1)}
     * are what one uninterrupted run computes: the model version active at each transaction (the
     * swap at transaction {@code swapAt}), the card and device features of an offline replay, and
     * ONNX Runtime's score for them. Merchant features are left out: a merchant sells to cards on
     * every partition, so they depend on the order the partitions' events meet.
     */
    void assertAsOneUninterruptedRun(List<Prediction> predictions, int sent, int swapAt, long base)
            throws Exception {
        for (Prediction p : predictions) {
            int number = number(p.getTransactionId());
            assertThat(p.getModelVersion())
                    .as("version of transaction %d", number)
                    .isEqualTo(number < swapAt ? "1" : "2");
        }
        FeatureSpec spec = FeatureSpecs.bundled();
        PredictionOracle.assertFeaturesEqualReplay(
                predictions,
                spec,
                secret,
                PacedTraffic.transactions("tx", sent, base),
                featuresOf(spec, "card", "device"));
        PredictionOracle.assertScoresEqualOnnxRuntime(predictions, CardModelFixture.swapVersions());
    }

    /** The number of transaction {@code tx-N}. */
    static int number(String transactionId) {
        return Integer.parseInt(transactionId.substring("tx-".length()));
    }

    private static List<String> featuresOf(FeatureSpec spec, String... entities) {
        List<String> names = new ArrayList<>();
        for (EntitySpec entity : spec.entities()) {
            if (List.of(entities).contains(entity.name())) {
                entity.features().forEach(f -> names.add(f.name()));
            }
        }
        return names;
    }

    @Override
    public void close() throws Exception {
        try (broker;
                registry;
                cluster) {
            // closes the cluster, then the registry, then the broker
        }
    }
}
