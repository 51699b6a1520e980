package io.vigil.modelops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.features.spec.SegmentDeclaration;
import io.vigil.schemas.Decision;
import io.vigil.schemas.Prediction;
import io.vigil.schemas.SegmentRow;
import io.vigil.schemas.SegmentStats;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rates and disparities by segment, the minimum-evidence rules, and the cardinality cap. */
class SegmentReportTest {

    private static final String[] NAMES = {"country"};
    private static final SegmentRules RULES = new SegmentRules(100, 10, 100);

    @Test
    void disparitiesAgainstThePopulationAreExactWhereThereIsEnoughEvidence() {
        SegmentAccumulator window = new SegmentAccumulator();
        // NL: 2,000 decisions, 40 positives, all caught, 20 false alarms.
        add(window, "NL", 40, true, true);
        add(window, "NL", 20, false, true);
        add(window, "NL", 1940, false, false);
        // ES: 1,000 decisions, 20 positives, 10 caught, 90 false alarms.
        add(window, "ES", 10, true, true);
        add(window, "ES", 10, true, false);
        add(window, "ES", 90, false, true);
        add(window, "ES", 890, false, false);
        // FR: too few to judge.
        add(window, "FR", 50, false, true);

        SegmentStats stats = new SegmentReport(RULES, NAMES).of(window, "fraud", "1", 0, 1, 2);

        SegmentRow population = stats.getPopulation();
        assertThat(population.getPredictions()).isEqualTo(3050);
        assertThat(population.getFlagRate()).isCloseTo(210 / 3050.0, within(1e-12));
        SegmentRow es = row(stats, "ES");
        assertThat(es.getFlagRate()).isCloseTo(0.1, within(1e-12));
        assertThat(es.getFlagRateRatio()).isCloseTo(0.1 / (210 / 3050.0), within(1e-12));
        assertThat(es.getTruePositiveRateGap()).isCloseTo(0.5 - 50 / 60.0, within(1e-12));
        assertThat(es.getFalsePositiveRateGap())
                .isCloseTo(90 / 980.0 - 160 / 2990.0, within(1e-12));
        assertThat(es.getEqualizedOddsGap()).isCloseTo(50 / 60.0 - 0.5, within(1e-12));
        SegmentRow fr = row(stats, "FR");
        assertThat(fr.getFlagRate()).as("rates are shown").isEqualTo(1.0);
        assertThat(fr.getFlagRateRatio()).as("but 50 decisions are not judged").isNull();
        assertThat(fr.getEqualizedOddsGap()).isNull();
        assertThat(stats.getWorstEqualizedOddsSegment()).isEqualTo("country=ES");
        assertThat(stats.getWorstFlagRateSegment()).isEqualTo("country=NL");
    }

    @Test
    void aSegmentKeepsItsFirstValuesAndCountsTheRestTogether() {
        SegmentAccumulator window = new SegmentAccumulator();
        for (int v = 0; v < 100; v++) {
            add(window, "value-" + v, 1, false, false);
        }

        SegmentStats stats = new SegmentReport(RULES, NAMES).of(window, "m", "1", 0, 1, 2);

        assertThat(stats.getSegments()).hasSize(SegmentAccumulator.MAX_VALUES + 1);
        assertThat(row(stats, SegmentAccumulator.OTHER).getPredictions()).isEqualTo(80);
    }

    @Test
    void valuesAreTheFieldOrItsBandMissingWhenAbsent() {
        Segmenter segmenter =
                new Segmenter(
                        List.of(
                                new SegmentDeclaration("country", "country", List.of()),
                                new SegmentDeclaration("band", "amount", List.of(50.0, 500.0))));
        Map<String, String> fields = new HashMap<>();
        fields.put("amount", "50");

        assertThat(segmenter.valuesOf(prediction(fields)))
                .containsExactly(Segmenter.MISSING, "[50, 500)");
        fields.put("country", "ES");
        fields.put("amount", "12.5");
        assertThat(segmenter.valuesOf(prediction(fields))).containsExactly("ES", "[-inf, 50)");
        fields.put("amount", "lots");
        assertThat(segmenter.valuesOf(prediction(fields))[1]).isEqualTo(Segmenter.INVALID);
        fields.put("amount", "1e9");
        assertThat(segmenter.valuesOf(prediction(fields))[1]).isEqualTo("[500, inf)");
        fields.put("country", "x".repeat(100_000));
        assertThat(segmenter.valuesOf(prediction(fields))[0])
                .as("a hostile value is not kept in state")
                .isEqualTo(Segmenter.TOO_LONG);
    }

    private static void add(
            SegmentAccumulator window, String country, int count, boolean fraud, boolean flag) {
        for (int i = 0; i < count; i++) {
            LabelledOutcome o = new LabelledOutcome();
            o.kind = LabelledOutcome.Kind.LABELLED;
            o.score = flag ? 0.9 : 0.1;
            o.threshold = 0.5;
            o.fraud = fraud;
            o.segments = new String[] {country};
            window.add(NAMES, o);
        }
    }

    private static SegmentRow row(SegmentStats stats, String value) {
        return stats.getSegments().stream()
                .filter(r -> r.getValue().equals(value))
                .findFirst()
                .orElseThrow();
    }

    private static Prediction prediction(Map<String, String> fields) {
        return Prediction.newBuilder()
                .setTransactionId("t")
                .setEntityKey("k")
                .setEventTime(Instant.EPOCH)
                .setModelName("m")
                .setModelVersion("1")
                .setScore(0.1)
                .setDecision(Decision.ALLOW)
                .setThreshold(0.5)
                .setFeatures(Map.of())
                .setScoringLatencyMicros(1)
                .setScoredAt(Instant.EPOCH)
                .setEventFields(new HashMap<>(fields))
                .build();
    }
}
