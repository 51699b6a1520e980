package io.vigil.jobs.backfill;

import io.vigil.features.engine.FeaturizedEvent;

/**
 * One row of a training set: a transaction's feature vector (as the spec computes it at that point
 * in time) and its label if one arrived. A Flink POJO.
 */
public class TrainingRow {

    public String transactionId;
    public long eventTime;
    public double[] features;

    /** The spec's text features, in its order (empty without any). */
    public String[] textFeatures = new String[0];

    /**
     * The event fields the spec carries, in its {@code events.carry} order, as text (null when the
     * event lacked one); empty when the spec carries none.
     */
    public String[] carried = new String[0];

    /**
     * What the prediction said (decider, scores, shadow), for rows read from the predictions topic;
     * null for rows computed from history.
     */
    public ServedScores served;

    /** 1 fraud, 0 genuine, -1 no label known. */
    public int label = -1;

    public TrainingRow() {}

    public TrainingRow(String transactionId, long eventTime, double[] features) {
        this.transactionId = transactionId;
        this.eventTime = eventTime;
        this.features = features;
    }

    /** The row of an event whose features were computed from history (no label yet). */
    public static TrainingRow of(FeaturizedEvent event) {
        TrainingRow row = new TrainingRow(event.transactionId, event.eventTime, event.features);
        row.textFeatures = event.textFeatures;
        row.carried = event.carried;
        return row;
    }
}
