package io.vigil.retrainer;

import io.vigil.retrainer.training.PairedAuc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A shadow trial's live evidence and verdict ({@link ShadowRule}): the transactions the champion
 * decided while the challenger scored them in shadow, with matured labels; the champion judged by
 * the decisions it made, the challenger by the decisions its threshold would have made. Rows a
 * canary decided, or where either model gave no score, are left out. Flink-free.
 */
final class ShadowEvidence {

    enum Status {
        /** Too few matured labels yet. */
        WAITING,
        PROMOTE,
        KEEP_CHAMPION
    }

    /**
     * @param evidence the figures behind it, by name, for the registry event
     */
    record Verdict(Status status, String summary, Map<String, Double> evidence) {}

    /** One model's results on the trial's transactions. */
    record Side(double auc, double fpr, double tpr, double fraudCaught, DisparityGate.Worst worst) {

        static Side of(
                List<ServedRows.LabelledRow> rows,
                double[] scores,
                double threshold,
                double auc,
                String[] segments) {
            long frauds = 0;
            long genuine = 0;
            long caught = 0;
            long falseAlarms = 0;
            double fraudCaught = 0;
            for (int i = 0; i < scores.length; i++) {
                boolean flagged = scores[i] >= threshold;
                ServedRows.LabelledRow row = rows.get(i);
                if (row.fraud()) {
                    frauds++;
                    caught += flagged ? 1 : 0;
                    fraudCaught += flagged && !Double.isNaN(row.amount()) ? row.amount() : 0;
                } else {
                    genuine++;
                    falseAlarms += flagged ? 1 : 0;
                }
            }
            return new Side(
                    auc,
                    (double) falseAlarms / Math.max(1, genuine),
                    (double) caught / Math.max(1, frauds),
                    fraudCaught,
                    DisparityGate.worst(segments, rows, scores, threshold));
        }
    }

    private ShadowEvidence() {}

    /**
     * Judges {@code challenger} (decision threshold {@code challengerThreshold}) on {@code rows}.
     *
     * @param segments the names of the rows' segment values
     */
    static Verdict judge(
            PromotionPolicy policy,
            String[] segments,
            List<ServedRows.LabelledRow> rows,
            String challenger,
            double challengerThreshold) {
        ShadowRule rule = policy.shadow();
        List<ServedRows.LabelledRow> paired =
                rows.stream().filter(r -> shadowedByChampion(r, challenger)).toList();
        double[] champion = new double[paired.size()];
        double[] shadow = new double[paired.size()];
        boolean[] fraud = new boolean[paired.size()];
        int frauds = 0;
        for (int i = 0; i < champion.length; i++) {
            champion[i] = paired.get(i).served().score();
            shadow[i] = paired.get(i).served().shadowScore();
            fraud[i] = paired.get(i).fraud();
            frauds += fraud[i] ? 1 : 0;
        }
        if (paired.size() < rule.minLabelled() || frauds < rule.minFrauds()) {
            return new Verdict(
                    Status.WAITING,
                    String.format(
                            Locale.ROOT,
                            "%,d of %,d labelled transactions in shadow (%d of %d frauds)",
                            paired.size(),
                            rule.minLabelled(),
                            frauds,
                            rule.minFrauds()),
                    Map.of());
        }
        PairedAuc.Comparison auc = PairedAuc.compare(champion, shadow, fraud);
        double championThreshold = paired.get(0).served().threshold();
        Side old = Side.of(paired, champion, championThreshold, auc.aucA(), segments);
        Side challenging = Side.of(paired, shadow, challengerThreshold, auc.aucB(), segments);
        double bound = auc.lowerBound(rule.confidence());
        DisparityGate.Verdict fairness =
                DisparityGate.judge(
                        policy.maxDisparityWidening(), challenging.worst(), old.worst());
        boolean aucWins = bound > 0;
        boolean fprHolds = challenging.fpr() <= old.fpr() + rule.maxFprIncrease();
        boolean promote = aucWins && fprHolds && fairness.allows();
        String why =
                promote
                        ? "wins"
                        : !aucWins
                                ? "its AUC gain is not sure"
                                : !fprHolds
                                        ? "its false positive rate rises by more than "
                                                + rule.maxFprIncrease()
                                        : "it widens the worst disparity";
        String summary =
                String.format(
                        Locale.ROOT,
                        "%s on %,d live transactions in shadow (%d fraud): AUC %.3f vs %.3f"
                                + " (gain %+.3f, %.0f%% lower bound %+.3f, DeLong); false"
                                + " positive rate %.4f vs %.4f; fraud caught %.0f vs %.0f; %s",
                        why,
                        paired.size(),
                        frauds,
                        challenging.auc(),
                        old.auc(),
                        auc.difference(),
                        rule.confidence() * 100,
                        bound,
                        challenging.fpr(),
                        old.fpr(),
                        challenging.fraudCaught(),
                        old.fraudCaught(),
                        fairness.summary());
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("shadowTransactions", (double) paired.size());
        evidence.put("shadowFrauds", (double) frauds);
        evidence.put("liveAuc", challenging.auc());
        evidence.put("championLiveAuc", old.auc());
        evidence.put("liveAucGainLowerBound", bound);
        evidence.put("liveFalsePositiveRate", challenging.fpr());
        evidence.put("championLiveFalsePositiveRate", old.fpr());
        evidence.put("liveFraudAmountCaught", challenging.fraudCaught());
        evidence.put("championLiveFraudAmountCaught", old.fraudCaught());
        return new Verdict(promote ? Status.PROMOTE : Status.KEEP_CHAMPION, summary, evidence);
    }

    private static boolean shadowedByChampion(ServedRows.LabelledRow row, String challenger) {
        ServedRows.Served served = row.served();
        return served != null
                && challenger.equals(served.shadowVersion())
                && !"canary".equals(served.role())
                && !Double.isNaN(served.score())
                && !Double.isNaN(served.shadowScore());
    }
}
