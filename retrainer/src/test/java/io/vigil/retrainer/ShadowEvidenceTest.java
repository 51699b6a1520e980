package io.vigil.retrainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The verdict on a shadow trial, from the live rows: wait for evidence, promote a clearly better
 * challenger, keep the champion when the gain is not sure or when false alarms rise, and count only
 * the transactions the champion decided while this challenger shadowed.
 */
class ShadowEvidenceTest {

    static final PromotionPolicy POLICY =
            new PromotionPolicy(Duration.ofDays(30), 0.3, 100, 10, 0.02, 10)
                    .withShadow(new ShadowRule(1000, 20, 0.95, 0.01, Duration.ofHours(1)));

    @Test
    void waitsUntilEnoughLabelledTransactionsWereShadowed() {
        ShadowEvidence.Verdict verdict = judge(rows(900, 2.0, 0, 0.5, "2"), 0.5);

        assertThat(verdict.status()).isEqualTo(ShadowEvidence.Status.WAITING);
        assertThat(verdict.summary()).contains("900 of 1,000 labelled transactions in shadow");
    }

    @Test
    void promotesAChallengerThatRanksFraudBetterOnTheSameTransactions() {
        ShadowEvidence.Verdict verdict = judge(rows(3000, 2.5, 0, 0.5, "2"), 0.5);

        assertThat(verdict.status()).as(verdict.summary()).isEqualTo(ShadowEvidence.Status.PROMOTE);
        assertThat(verdict.summary()).startsWith("wins on 3,000 live transactions");
        assertThat(verdict.evidence().get("liveAuc"))
                .isGreaterThan(verdict.evidence().get("championLiveAuc"));
        assertThat(verdict.evidence().get("liveAucGainLowerBound")).isPositive();
        assertThat(verdict.evidence().get("liveFraudAmountCaught"))
                .isGreaterThan(verdict.evidence().get("championLiveFraudAmountCaught"));
    }

    @Test
    void keepsTheChampionWhenTheChallengerIsNoBetter() {
        ShadowEvidence.Verdict verdict = judge(rows(3000, 1.0, 0, 0.5, "2"), 0.5);

        assertThat(verdict.status()).isEqualTo(ShadowEvidence.Status.KEEP_CHAMPION);
        assertThat(verdict.summary()).startsWith("its AUC gain is not sure");
        assertThat(verdict.evidence().get("liveAucGainLowerBound")).isNegative();
    }

    @Test
    void keepsTheChampionWhenTheChallengersThresholdRaisesFalseAlarms() {
        // Better ranking, but a threshold that flags far more genuine payments.
        ShadowEvidence.Verdict verdict = judge(rows(3000, 2.5, 0, 0.5, "2"), 0.2);

        assertThat(verdict.status()).isEqualTo(ShadowEvidence.Status.KEEP_CHAMPION);
        assertThat(verdict.summary()).startsWith("its false positive rate rises");
    }

    @Test
    void countsOnlyTransactionsTheChampionDecidedWhileThisChallengerScoredThem() {
        List<ServedRows.LabelledRow> rows = new ArrayList<>(rows(1000, 2.5, 0, 0.5, "2"));
        rows.addAll(rows(500, 2.5, 1, 0.5, "3")); // another shadow
        List<ServedRows.LabelledRow> canary = rows(500, 2.5, 2, 0.5, "2");
        canary.replaceAll(r -> withRole(r, "canary"));
        rows.addAll(canary);
        List<ServedRows.LabelledRow> unscored = rows(500, 2.5, 3, Double.NaN, "2");
        rows.addAll(unscored);
        rows.add(new ServedRows.LabelledRow("x", 1, new double[0], true, 1, new String[0], null));

        ShadowEvidence.Verdict verdict = judge(rows, 0.5);

        assertThat(verdict.evidence().get("shadowTransactions")).isEqualTo(1000.0);
    }

    private static ShadowEvidence.Verdict judge(List<ServedRows.LabelledRow> rows, double t) {
        return ShadowEvidence.judge(POLICY, new String[0], rows, "2", t);
    }

    /**
     * Rows where fraud shifts the champion's score by 1 and the shadow's by {@code shadowSignal}
     * (logistic of signal plus noise, moved for a shadow threshold of {@code shadowThreshold}; NaN:
     * the shadow gave no score), 5% fraud, amount 100 each.
     */
    static List<ServedRows.LabelledRow> rows(
            int count, double shadowSignal, long seed, double shadowThreshold, String shadow) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ServedRows.LabelledRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean fraud = random.nextDouble() < 0.05;
            double noise = random.nextGaussian();
            double champion = logistic((fraud ? 1 : 0) + noise - 2);
            double challenger =
                    logistic((fraud ? shadowSignal : 0) + noise - 2 + 0.3 * random.nextGaussian());
            // Moved so that the shadow's threshold cuts where 0.5 would: the same ranking.
            double shadowScore =
                    Double.isNaN(shadowThreshold) ? Double.NaN : challenger + shadowThreshold - 0.5;
            rows.add(
                    new ServedRows.LabelledRow(
                            shadow + "-" + seed + "-" + i,
                            i,
                            new double[0],
                            fraud,
                            100,
                            new String[0],
                            new ServedRows.Served(
                                    "1", "champion", champion, 0.5, shadow, shadowScore)));
        }
        return rows;
    }

    private static ServedRows.LabelledRow withRole(ServedRows.LabelledRow r, String role) {
        ServedRows.Served s = r.served();
        return new ServedRows.LabelledRow(
                r.transactionId(),
                r.eventTime(),
                r.features(),
                r.fraud(),
                r.amount(),
                r.segments(),
                new ServedRows.Served(
                        s.version(),
                        role,
                        s.score(),
                        s.threshold(),
                        s.shadowVersion(),
                        s.shadowScore()));
    }

    private static double logistic(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
