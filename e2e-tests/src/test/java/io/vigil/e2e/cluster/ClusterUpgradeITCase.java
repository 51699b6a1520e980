package io.vigil.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecParser;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.scoring.ScoringJob;
import io.vigil.jobs.testutils.TopicReader;
import io.vigil.jobs.testutils.Transactions;
import io.vigil.schemas.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade as a platform engineer runs one on a real multi-process cluster: stop the job with a
 * savepoint over the REST API, start the newer version (its spec adds a feature) from the
 * savepoint. The entities' history and the model version active before the upgrade carry over, and
 * the output stays exactly-once across it.
 */
class ClusterUpgradeITCase {

    private static final String SECRET = "cluster-upgrade-secret-long-enough";
    private static final int TRANSACTIONS = 2_000;
    private static final int SWAP_AT = 400;
    private static final long BASE = Instant.now().minus(Duration.ofHours(3)).toEpochMilli();
    private static final String ADDED =
            "      - {name: count_3d, aggregation: count, window: 3d}\n";
    private static final List<String> CARD_FEATURES =
            List.of(
                    "count_24h",
                    "sum_amount_24h",
                    "mean_amount_30d",
                    "distinct_merchants_24h",
                    "seconds_since_previous");

    @TempDir Path dir;

    @Test
    void aNewerVersionStartedFromASavepointKeepsStateAndModelAndExactlyOnceOutput()
            throws Exception {
        String newerSpec = withAddedCardFeature(FeatureSpecs.bundledText());
        Path newerSpecFile = Files.writeString(dir.resolve("card-fraud-v2.yaml"), newerSpec);

        try (ClusterTestbed testbed =
                ClusterTestbed.start(
                        dir, SECRET, Instant.ofEpochMilli(BASE + SWAP_AT * 1000L), 2, 2)) {
            FlinkRestClient rest = testbed.rest();
            String jar = testbed.uploadJobJar();
            String v1 = rest.run(jar, ScoringJob.class.getName(), args(testbed, null), 2, null);
            rest.awaitFullyRunning(v1, Duration.ofSeconds(90));
            try (PacedTraffic traffic =
                    new PacedTraffic(
                            testbed.bootstrap(),
                            "transactions",
                            "tx",
                            TRANSACTIONS / 2,
                            400,
                            BASE)) {
                traffic.join();
            }
            assertThat(
                            TopicReader.read(
                                    testbed.bootstrap(),
                                    "predictions",
                                    TRANSACTIONS / 2,
                                    Duration.ofMinutes(1),
                                    Duration.ZERO))
                    .hasSize(TRANSACTIONS / 2);
            String savepoint =
                    rest.stopWithSavepoint(v1, testbed.savepoints(), Duration.ofMinutes(1));

            String v2 =
                    rest.run(
                            jar,
                            ScoringJob.class.getName(),
                            args(testbed, newerSpecFile),
                            2,
                            savepoint);
            rest.awaitFullyRunning(v2, Duration.ofSeconds(90));
            try (PacedTraffic traffic =
                    new PacedTraffic(
                            testbed.bootstrap(),
                            "transactions",
                            "tx",
                            TRANSACTIONS / 2,
                            TRANSACTIONS,
                            400,
                            BASE)) {
                traffic.join();
            }
            List<Prediction> all = testbed.exactlyOnce(TRANSACTIONS);
            List<Prediction> upgraded =
                    all.stream()
                            .filter(
                                    p ->
                                            ClusterTestbed.number(p.getTransactionId())
                                                    >= TRANSACTIONS / 2)
                            .toList();
            assertThat(upgraded)
                    .as("the newer version computes the added feature")
                    .allSatisfy(p -> assertThat(p.getFeatures()).containsKey("count_3d"));
            assertThat(upgraded)
                    .as(
                            "the model version active before the upgrade still serves (champion"
                                    + " since transaction %d)",
                            SWAP_AT)
                    .allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo("2"));

            FeatureSpec before = FeatureSpecs.bundled();
            Map<String, double[]> history =
                    Transactions.replay(
                            before, SECRET, PacedTraffic.transactions("tx", TRANSACTIONS, BASE));
            for (Prediction p : upgraded) {
                for (String name : CARD_FEATURES) {
                    assertThat(p.getFeatures().get(name))
                            .as(
                                    p.getTransactionId()
                                            + " "
                                            + name
                                            + " kept the history before the upgrade")
                            .isEqualTo(
                                    history.get(p.getTransactionId())[
                                            before.featureNames().indexOf(name)]);
                }
            }
        }
    }

    private static String withAddedCardFeature(String spec) throws Exception {
        String anchor = "      - {name: amount, aggregation: current, field: amount}\n";
        assertThat(spec).contains(anchor);
        String newer = spec.replace(anchor, anchor + ADDED);
        assertThat(FeatureSpecParser.parse(newer, "card-fraud-v2.yaml").featureNames())
                .contains("count_3d");
        return newer;
    }

    /**
     * @param spec the newer version's feature spec, or null for the bundled one
     */
    private static List<String> args(ClusterTestbed testbed, Path spec) {
        String[] more =
                spec == null
                        ? new String[0]
                        : new String[] {"--vigil.features.spec", spec.toUri().toString()};
        return testbed.exactlyOnceArgs("1s", "checkpoints", more);
    }
}
