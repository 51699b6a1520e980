package io.vigil.features.spec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated feature spec: the events it reads, and the entities and features it computes. Read
 * with {@link FeatureSpecParser}.
 *
 * @param events the declaration of the user's events
 * @param entities in declaration order; each is one keyed stage of the job
 * @param layout where the fields the spec uses sit in a decoded event
 * @param labels the declaration of the user's labels, or null for Vigil's {@code TransactionLabel}
 * @param labelLayout where the fields the labels use sit in a decoded label, or null
 */
public record FeatureSpec(
        EventDeclaration events,
        List<EntitySpec> entities,
        EventLayout layout,
        LabelDeclaration labels,
        EventLayout labelLayout)
        implements Serializable {

    /** Every feature's name, entity by entity in declaration order: the feature vector's order. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        entities.forEach(e -> e.features().forEach(f -> names.add(f.name())));
        return names;
    }
}
