package io.vigil.modelops.monitoring;

/**
 * What became of one prediction: its label arrived ({@link Kind#LABELLED}), the horizon passed
 * without one ({@link Kind#UNLABELLED}), or a label came that matched no prediction ({@link
 * Kind#UNMATCHED_LABEL}, model fields {@value #ANY}). A Flink POJO.
 */
public class LabelledOutcome {

    public enum Kind {
        LABELLED,
        UNLABELLED,
        UNMATCHED_LABEL
    }

    /** Model name and version of outcomes that belong to no prediction. */
    public static final String ANY = "*";

    public Kind kind;
    public String modelName;
    public String modelVersion;
    public double score;
    public double threshold;

    /** The score's range: [0, 1] for probabilities, the declared one for a raw score. */
    public double scoreMin = 0;

    public double scoreMax = 1;
    public boolean fraud;

    /** Amount of the transaction; NaN when the prediction did not carry it. */
    public double amount;

    /**
     * When the outcome became known (label time, or the horizon), epoch ms: the window it counts
     * in.
     */
    public long maturedAt;

    /**
     * The prediction's value of each declared segment, in declaration order ({@link Segmenter});
     * empty when none is declared.
     */
    public String[] segments = new String[0];

    public LabelledOutcome() {}

    public String modelKey() {
        return modelName + ":" + modelVersion;
    }
}
