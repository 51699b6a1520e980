package io.vigil.features.spec;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated feature spec: the events it reads, and the entities and features it computes. Read
 * with {@link FeatureSpecParser}.
 *
 * @param events the declaration of the user's events
 * @param entities in declaration order; each is one keyed stage of the job
 * @param textFeatures the {@code value} features (the current event's value of a field as text, for
 *     models with string inputs), in declaration order: they travel beside the numeric vector
 * @param layout where the fields the spec uses sit in a decoded event
 * @param labels the declaration of the user's labels, or null for Vigil's {@code TransactionLabel}
 * @param labelLayout where the fields the labels use sit in a decoded label, or null
 * @param lookups the reference tables that enrich every event, in declaration order
 */
public record FeatureSpec(
        EventDeclaration events,
        List<EntitySpec> entities,
        List<FeatureDefinition> textFeatures,
        EventLayout layout,
        LabelDeclaration labels,
        EventLayout labelLayout,
        List<LookupDeclaration> lookups)
        implements Serializable {

    /** Every feature's name, entity by entity in declaration order: the feature vector's order. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        entities.forEach(e -> e.features().forEach(f -> names.add(f.name())));
        return names;
    }

    /**
     * How much history an entity needs before its features stop changing with its age: the longest
     * window of any feature. An entity first seen less than this long ago has windows that do not
     * yet reach back their full length (its 90-day count holds fewer than 90 days), so rows before
     * that are warm-up: they fill state, but a model trained or profiled on them learns young
     * entities and sees drift when they mature.
     */
    public Duration maturity() {
        Duration longest = Duration.ZERO;
        for (EntitySpec entity : entities) {
            for (FeatureDefinition feature : entity.features()) {
                if (feature.window() != null && feature.window().compareTo(longest) > 0) {
                    longest = feature.window();
                }
            }
        }
        return longest;
    }

    /** Every text feature's name, in declaration order: the order of an event's text values. */
    public List<String> textFeatureNames() {
        return textFeatures.stream().map(FeatureDefinition::name).toList();
    }
}
