package io.vigil.jobs.scoring;

/**
 * Operator ids of the scoring job. Savepoints map state to these: never change one of a released
 * job, or its state is lost on upgrade.
 */
public final class Uids {

    public static final String TRANSACTIONS_SOURCE = "transactions-source";
    public static final String DECODE = "decode-transactions";
    public static final String SCORING = "scoring";
    public static final String PREDICTIONS_SINK = "predictions-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String DEAD_LETTER_COUNT = "dead-letter-count";
    public static final String MODEL_EVENTS_SOURCE = "model-events-source";
    public static final String MODEL_REJECTIONS_SINK = "model-rejections-sink";

    private Uids() {}

    /** The stage of one entity of a feature spec: stable as long as the entity's name is. */
    public static String featuresOf(String entity) {
        return "features-" + entity;
    }
}
