package io.vigil.retrainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The promotion gate on disparity, on decisions whose gaps are known. */
class DisparityGateTest {

    private static final String[] SEGMENTS = {"country"};

    /** 1,100 genuine and 40 fraudulent held-out rows per country. */
    private static List<ServedRows.LabelledRow> rows() {
        List<ServedRows.LabelledRow> rows = new ArrayList<>();
        for (String country : new String[] {"NL", "ES"}) {
            for (int i = 0; i < 1140; i++) {
                rows.add(
                        new ServedRows.LabelledRow(
                                country + i,
                                i,
                                new double[0],
                                i < 40,
                                10,
                                new String[] {country},
                                null));
            }
        }
        return rows;
    }

    /** Every fraud flagged, and {@code esFalseAlarms} genuine payments in ES. */
    private static double[] scores(List<ServedRows.LabelledRow> rows, int esFalseAlarms) {
        double[] scores = new double[rows.size()];
        int alarms = 0;
        for (int i = 0; i < scores.length; i++) {
            ServedRows.LabelledRow row = rows.get(i);
            boolean alarm =
                    !row.fraud() && row.segments()[0].equals("ES") && alarms++ < esFalseAlarms;
            scores[i] = row.fraud() || alarm ? 0.9 : 0.1;
        }
        return scores;
    }

    @Test
    void aChallengerThatWidensTheWorstGapBeyondTheBoundIsNotPromoted() {
        List<ServedRows.LabelledRow> rows = rows();
        DisparityGate.Worst champion = DisparityGate.worst(SEGMENTS, rows, scores(rows, 0), 0.5);
        DisparityGate.Worst challenger =
                DisparityGate.worst(SEGMENTS, rows, scores(rows, 110), 0.5);

        // ES false positive rate 0.1 against 0.05 for everyone: a gap of 0.05.
        assertThat(challenger.gap()).isCloseTo(0.05, within(1e-12));
        assertThat(challenger.segment()).isEqualTo("country=ES");
        assertThat(champion.gap()).isZero();
        DisparityGate.Verdict refused = DisparityGate.judge(0.02, challenger, champion);
        assertThat(refused.allows()).isFalse();
        assertThat(refused.summary()).contains("0.050 (country=ES)").contains("wider by more");
        assertThat(DisparityGate.judge(0.06, challenger, champion).allows()).isTrue();
        assertThat(DisparityGate.judge(null, challenger, champion).allows())
                .as("no bound declared")
                .isTrue();
    }

    @Test
    void withoutSegmentsOrEvidenceNothingIsJudged() {
        List<ServedRows.LabelledRow> few = rows().subList(0, 200);
        DisparityGate.Worst worst = DisparityGate.worst(SEGMENTS, few, scores(few, 0), 0.5);

        assertThat(worst.gap()).isNull();
        assertThat(DisparityGate.judge(0.0, worst, worst).allows()).isTrue();
        assertThat(DisparityGate.worst(new String[0], rows(), scores(rows(), 110), 0.5).gap())
                .isNull();
    }
}
