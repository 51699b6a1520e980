package io.vigil.features.engine;

import io.vigil.features.events.Event;

/**
 * An event on its way through the entity stages of a feature spec: each stage fills its entity's
 * slice of {@link #features}. Serialized by {@link EnrichedEventSerializer}.
 */
public class EnrichedEvent {

    public Event event;

    /** The whole feature vector, in the spec's order; filled stage by stage. */
    public double[] features;

    public EnrichedEvent() {}

    public EnrichedEvent(Event event, int featureCount) {
        this.event = event;
        this.features = new double[featureCount];
    }

    /**
     * The finished vector, ready to score.
     *
     * @param entityKey the key of the spec's first entity (null when absent)
     * @param amount what the decision puts at stake, NaN when not declared
     * @param carried the fields the spec carries into the prediction, as text
     * @param textFeatures the spec's text features
     */
    public FeaturizedEvent toFeaturized(
            String entityKey, double amount, String[] carried, String[] textFeatures) {
        FeaturizedEvent featurized =
                new FeaturizedEvent(
                        event.id, entityKey, event.eventTime, event.ingestTime, amount, features);
        featurized.carried = carried;
        featurized.textFeatures = textFeatures;
        return featurized;
    }
}
