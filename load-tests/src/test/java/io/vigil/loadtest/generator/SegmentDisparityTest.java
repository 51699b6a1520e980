package io.vigil.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.modelops.monitoring.LabelledOutcome;
import io.vigil.modelops.monitoring.SegmentAccumulator;
import io.vigil.modelops.monitoring.SegmentReport;
import io.vigil.modelops.monitoring.SegmentRules;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.retrainer.training.LabelledVector;
import io.vigil.retrainer.training.LogisticRegressionTrainer;
import io.vigil.schemas.SegmentRow;
import io.vigil.schemas.SegmentStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generator's built-in disparity is found by Vigil's segment statistics, and none is reported
 * where none was built in: a fraud model trained on mature generated history decides 60,000 later
 * payments; by payment country, the built-in country's flag rate (over twice the population's) and
 * false positive rate (over 2 points above) stand out, and every other country's flag rate is
 * within a factor 2 of the population's and its false positive rate within 1 point.
 */
class SegmentDisparityTest {

    private static final String[] SEGMENTS = {"country"};

    @Test
    void theBuiltInDisparityIsFoundAndNoneIsReportedElsewhere() throws Exception {
        FeatureSpec spec = FeatureSpecs.bundled();
        int cards = 2000;
        TransactionGenerator generator =
                new TransactionGenerator(
                        new GeneratorSettings(
                                11,
                                cards,
                                cards / 86_400.0,
                                0.02,
                                Instant.parse("2026-01-01T00:00:00Z")));
        List<Long> times = new ArrayList<>();
        List<String> countries = new ArrayList<>();
        TrainingData data =
                TrainingData.generate(
                        generator,
                        100_000,
                        0.6,
                        "segment-test-secret",
                        g -> {
                            times.add(g.transaction().getEventTime().toEpochMilli());
                            countries.add(g.transaction().getCountry().toString());
                        },
                        spec);
        // The rows kept are the mature ones, in order: the last 100,000 transactions seen.
        List<String> rowCountries = countries.subList(countries.size() - 100_000, countries.size());
        assertThat(times.get(times.size() - 100_000) - times.get(0))
                .isGreaterThanOrEqualTo(spec.maturity().toMillis());
        TrainedModel model =
                new LogisticRegressionTrainer(10, 11)
                        .train(data.training(), data.holdout(), spec.featureNames(), "fraud", "1");

        SegmentStats stats =
                decide(
                        model,
                        spec.featureNames(),
                        data.holdout(),
                        rowCountries.subList(40_000, 100_000));
        System.out.println(
                "ROW auc "
                        + model.holdoutAuc()
                        + " thr "
                        + model.manifest().threshold()
                        + " pop "
                        + stats.getPopulation());

        SegmentRow builtIn = row(stats, TransactionGenerator.DISPARITY_COUNTRY);
        assertThat(builtIn.getFlagRateRatio()).as("flag rate vs population").isGreaterThan(2);
        assertThat(builtIn.getFalsePositiveRateGap())
                .as("false positive rate above the population's")
                .isGreaterThan(0.02);
        assertThat(stats.getWorstFlagRateSegment())
                .isEqualTo("country=" + TransactionGenerator.DISPARITY_COUNTRY);
        for (SegmentRow row : stats.getSegments()) {
            if (!row.getValue().equals(TransactionGenerator.DISPARITY_COUNTRY)) {
                assertThat(row.getFlagRateRatio())
                        .as("flag rate ratio of country " + row.getValue())
                        .isBetween(0.5, 2.0);
                assertThat(Math.abs(row.getFalsePositiveRateGap()))
                        .as("false positive rate gap of country " + row.getValue())
                        .isLessThan(0.01);
            }
        }
    }

    /** Scores {@code rows} (vectors of {@code features}) and counts them by country. */
    private static SegmentStats decide(
            TrainedModel model,
            List<String> features,
            List<LabelledVector> rows,
            List<String> countries)
            throws Exception {
        SegmentAccumulator window = new SegmentAccumulator();
        double threshold = model.manifest().threshold();
        double[][] vectors = rows.stream().map(LabelledVector::features).toArray(double[][]::new);
        double[] scores = new double[vectors.length];
        try (OnnxScorer scorer = OnnxScorer.load(model.onnx(), model.manifest(), features, 1024)) {
            scorer.score(new VectorRows().reset(vectors, vectors.length), scores);
        }
        for (int i = 0; i < vectors.length; i++) {
            LabelledOutcome outcome = new LabelledOutcome();
            outcome.kind = LabelledOutcome.Kind.LABELLED;
            outcome.modelName = "fraud";
            outcome.modelVersion = "1";
            outcome.score = scores[i];
            outcome.threshold = threshold;
            outcome.fraud = rows.get(i).fraud();
            outcome.segments = new String[] {countries.get(i)};
            window.add(SEGMENTS, outcome);
        }
        return new SegmentReport(SegmentRules.DEFAULTS, SEGMENTS)
                .of(window, "fraud", "1", 0, Duration.ofDays(1).toMillis(), 0);
    }

    private static SegmentRow row(SegmentStats stats, String country) {
        return stats.getSegments().stream()
                .filter(r -> r.getValue().equals(country))
                .findFirst()
                .orElseThrow();
    }
}
