package io.vigil.retrainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.jobs.testutils.CardModelFixture;
import io.vigil.modelops.onnx.OfflineScoring;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.modelops.testutils.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The models other modules' tests load from checked-in files are what this trainer produces: each
 * is retrained here from its seeds and data and must score the same rows the same. Regenerate a
 * fixture by writing {@code trained.onnx()} and {@code trained.manifest().toYaml()} over it.
 */
class FixtureModelsTest {

    @Test
    void theModelOpsFixturesAreThisTrainersModels() throws Exception {
        assertSameScores(
                TestModels.logisticRegression(),
                new LogisticRegressionTrainer(5, 42)
                        .train(
                                labelled(TestModels.rows(4000, 1)),
                                labelled(TestModels.rows(1000, 2)),
                                TestModels.FEATURES,
                                "test-lr",
                                "1"),
                TestModels.FEATURES,
                TestModels.vectors(200, 9));
        assertSameScores(
                TestModels.otherLogisticRegression(),
                new LogisticRegressionTrainer(1, 99)
                        .train(
                                labelled(TestModels.rows(1000, 3)),
                                labelled(TestModels.rows(500, 4)),
                                TestModels.FEATURES,
                                "test-lr",
                                "2"),
                TestModels.FEATURES,
                TestModels.vectors(200, 9));
    }

    @Test
    void theJobsFixturesAreThisTrainersModels() throws Exception {
        List<String> bundled = CardModelFixture.bundledFeatures();
        for (long seed : new long[] {7, 11}) {
            assertSameScores(
                    CardModelFixture.model(seed),
                    card(seed, bundled),
                    bundled,
                    cardRows(bundled.size()));
        }
        for (List<String> features : CardModelFixture.WIDTH_FEATURES) {
            assertSameScores(
                    CardModelFixture.modelOver(features),
                    card(5, features),
                    features,
                    cardRows(features.size()));
        }
    }

    private static TrainedModel card(long seed, List<String> features) throws Exception {
        return new LogisticRegressionTrainer(3, seed)
                .train(
                        cardLabelled(3000, seed, features.size()),
                        cardLabelled(800, seed + 1, features.size()),
                        features,
                        "card-test",
                        "1");
    }

    private static void assertSameScores(
            TrainedModel fixture,
            TrainedModel retrained,
            List<String> features,
            List<double[]> rows)
            throws Exception {
        double[] expected =
                OfflineScoring.score(retrained.onnx(), retrained.manifest(), features, rows);
        double[] actual = OfflineScoring.score(fixture.onnx(), fixture.manifest(), features, rows);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(actual[i])
                    .as(fixture.manifest().name() + " row " + i)
                    .isCloseTo(expected[i], within(1e-6));
        }
        assertThat(fixture.manifest().threshold())
                .isCloseTo(retrained.manifest().threshold(), within(1e-9));
    }

    private static List<LabelledVector> labelled(List<TestModels.Row> rows) {
        return rows.stream().map(r -> new LabelledVector(r.features(), r.fraud())).toList();
    }

    private static List<LabelledVector> cardLabelled(int count, long seed, int width) {
        return CardModelFixture.rows(count, seed, width).stream()
                .map(r -> new LabelledVector(r.features(), r.fraud()))
                .toList();
    }

    private static List<double[]> cardRows(int width) {
        return CardModelFixture.rows(200, 99, width).stream()
                .map(CardModelFixture.Row::features)
                .toList();
    }
}
