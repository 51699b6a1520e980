package io.vigil.features.engine;

/**
 * An event with the feature vector computed for it, ready to be scored. Feature values are in the
 * order of the spec's {@link io.vigil.features.spec.FeatureSpec#featureNames()}.
 *
 * <p>Serialized by {@link FeaturizedEventSerializer}.
 */
public class FeaturizedEvent {

    public String transactionId;
    public String entityKey;

    /** Event time, epoch milliseconds. */
    public long eventTime;

    /** Wall-clock time the record was decoded, epoch milliseconds. */
    public long ingestTime;

    /** Amount of the transaction (what a missed fraud costs). */
    public double amount;

    public double[] features;

    /**
     * The event fields the spec carries into the prediction, as text, in the order of its {@code
     * events.carry} (empty without any).
     */
    public String[] carried = NO_TEXT;

    /**
     * The spec's text features (categorical values for models with string inputs), in the order of
     * its {@link io.vigil.features.spec.FeatureSpec#textFeatureNames()} (empty without any).
     */
    public String[] textFeatures = NO_TEXT;

    /** No text values: no carried fields, no text features. */
    public static final String[] NO_TEXT = new String[0];

    public FeaturizedEvent() {}

    public FeaturizedEvent(
            String transactionId,
            String entityKey,
            long eventTime,
            long ingestTime,
            double amount,
            double[] features) {
        this.transactionId = transactionId;
        this.amount = amount;
        this.entityKey = entityKey;
        this.eventTime = eventTime;
        this.ingestTime = ingestTime;
        this.features = features;
    }
}
