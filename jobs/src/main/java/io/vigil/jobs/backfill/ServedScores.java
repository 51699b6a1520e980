package io.vigil.jobs.backfill;

/**
 * What a prediction said about a transaction besides its features: who decided, with which score
 * and threshold, and what a shadow model scored beside it. The live evidence a challenger in shadow
 * is judged on. A Flink POJO; NaN where a number is unknown.
 */
public class ServedScores {

    /** The version that decided. */
    public String modelVersion;

    /** The rollout role that decided (champion, canary), or null from jobs predating rollouts. */
    public String servedBy;

    public double score = Double.NaN;
    public double threshold = Double.NaN;

    /** The shadow version that scored beside the decider, or null when none was active. */
    public String shadowVersion;

    public double shadowScore = Double.NaN;

    /** The transaction's amount (NaN when the spec declares none). */
    public double amount = Double.NaN;

    public ServedScores() {}

    /** The fields as text in a fixed order (null for an unknown one), for row files. */
    String[] toTexts() {
        return new String[] {
            modelVersion,
            servedBy,
            text(score),
            text(threshold),
            shadowVersion,
            text(shadowScore),
            text(amount)
        };
    }

    /** The inverse of {@link #toTexts()}. */
    static ServedScores fromTexts(String[] texts) {
        if (texts.length != 7) {
            throw new IllegalArgumentException("served scores have 7 fields, not " + texts.length);
        }
        ServedScores served = new ServedScores();
        served.modelVersion = texts[0];
        served.servedBy = texts[1];
        served.score = number(texts[2]);
        served.threshold = number(texts[3]);
        served.shadowVersion = texts[4];
        served.shadowScore = number(texts[5]);
        served.amount = number(texts[6]);
        return served;
    }

    private static String text(double value) {
        return Double.isNaN(value) ? null : Double.toString(value);
    }

    private static double number(String text) {
        return text == null ? Double.NaN : Double.parseDouble(text);
    }
}
