package io.vigil.features.engine;

/**
 * A transaction on its way through the entity stages of a feature spec: each stage fills its
 * entity's slice of {@link #features}. Serialized by {@link EnrichedEventSerializer}.
 */
public class EnrichedEvent {

    public CardEvent event;

    /** The whole feature vector, in the spec's order; filled stage by stage. */
    public double[] features;

    public EnrichedEvent() {}

    public EnrichedEvent(CardEvent event, int featureCount) {
        this.event = event;
        this.features = new double[featureCount];
    }

    /** The finished vector, ready to score. */
    public FeaturizedEvent toFeaturized() {
        return new FeaturizedEvent(
                event.transactionId,
                event.entityKey,
                event.eventTime,
                event.ingestTime,
                event.amount,
                features);
    }
}
