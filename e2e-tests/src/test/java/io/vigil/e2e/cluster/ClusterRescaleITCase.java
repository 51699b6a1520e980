package io.vigil.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.scoring.ScoringJob;
import io.vigil.jobs.testutils.CardModelFixture;
import io.vigil.jobs.testutils.PredictionOracle;
import io.vigil.jobs.testutils.TopicReader;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.schemas.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rescaling as a platform engineer does it on a real multi-process cluster: ScoringJob runs at
 * parallelism 2, is stopped with a savepoint and started from it at 4, then stopped again and
 * started at 1, under traffic between the stops. Keyed state is redistributed by key group (the
 * jobs' explicit max parallelism), the entity states' deltas and cache included, and the model
 * swapped in before the first rescale keeps serving: every transaction is among the committed
 * predictions once, every card and device feature equals an offline replay (what an unrescaled run
 * computes), and every score equals ONNX Runtime's for the version active at the transaction.
 */
class ClusterRescaleITCase {

    private static final String SECRET = "cluster-rescale-secret-long-enough";
    private static final int PER_PHASE = 600;
    private static final int[] PARALLELISM = {2, 4, 1};
    private static final int TRANSACTIONS = PER_PHASE * PARALLELISM.length;
    private static final int SWAP_AT = 300;
    private static final long BASE = Instant.now().minus(Duration.ofHours(3)).toEpochMilli();

    @TempDir Path dir;

    @Test
    void scoringJobRescaledTwoToFourToOneComputesWhatAnUnrescaledRunDoes() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                ModelRegistry registry =
                        new ModelRegistry(
                                broker.bootstrapServers(),
                                "model-events",
                                new ArtifactStore(dir.resolve("store").toUri().toString()));
                StandaloneCluster cluster =
                        StandaloneCluster.start(dir.resolve("flink"), 2, 2, Map.of())) {
            broker.createTopics(4, List.of("transactions", "predictions", "dead-letters"));
            CardModelFixture.registerSwap(registry, Instant.ofEpochMilli(BASE + SWAP_AT * 1000L));

            FlinkRestClient rest = cluster.rest();
            String jar = rest.uploadJar(ClusterFailoverITCase.jobJar());
            String savepoint = null;
            for (int phase = 0; phase < PARALLELISM.length; phase++) {
                String job =
                        rest.run(
                                jar,
                                ScoringJob.class.getName(),
                                args(broker),
                                PARALLELISM[phase],
                                savepoint);
                rest.awaitFullyRunning(job, Duration.ofSeconds(90));
                try (PacedTraffic traffic =
                        new PacedTraffic(
                                broker.bootstrapServers(),
                                "transactions",
                                "tx",
                                phase * PER_PHASE,
                                (phase + 1) * PER_PHASE,
                                400,
                                BASE)) {
                    traffic.join();
                }
                assertThat(
                                TopicReader.read(
                                        broker.bootstrapServers(),
                                        "predictions",
                                        (phase + 1) * PER_PHASE,
                                        Duration.ofMinutes(1),
                                        Duration.ZERO))
                        .as("scored at parallelism %d", PARALLELISM[phase])
                        .hasSize((phase + 1) * PER_PHASE);
                savepoint =
                        rest.stopWithSavepoint(
                                job,
                                dir.resolve("savepoints").toUri().toString(),
                                Duration.ofMinutes(1));
            }

            List<Prediction> predictions = ClusterFailoverITCase.predictions(broker, TRANSACTIONS);
            Map<String, Long> counts =
                    predictions.stream()
                            .collect(
                                    Collectors.groupingBy(
                                            Prediction::getTransactionId, Collectors.counting()));
            assertThat(counts.values())
                    .as("no duplicates across the rescales")
                    .allMatch(c -> c == 1);
            assertThat(counts).as("no transaction missing").hasSize(TRANSACTIONS);
            for (Prediction p : predictions) {
                int number = Integer.parseInt(p.getTransactionId().substring("tx-".length()));
                assertThat(p.getModelVersion())
                        .as("version of transaction %d", number)
                        .isEqualTo(number < SWAP_AT ? "1" : "2");
            }
            FeatureSpec spec = FeatureSpecs.bundled();
            PredictionOracle.assertFeaturesEqualReplay(
                    predictions,
                    spec,
                    SECRET,
                    PacedTraffic.transactions("tx", TRANSACTIONS, BASE),
                    ClusterFailoverITCase.featuresOf(spec, "card", "device"));
            PredictionOracle.assertScoresEqualOnnxRuntime(
                    predictions, CardModelFixture.swapVersions());
        }
    }

    private List<String> args(EmbeddedKafkaBroker broker) {
        return ScoringJobArguments.exactlyOnce(
                broker.bootstrapServers(), dir, SECRET, "1s", "checkpoints");
    }
}
