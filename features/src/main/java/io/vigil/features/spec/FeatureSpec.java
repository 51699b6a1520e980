package io.vigil.features.spec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated feature spec: entities and their features. Read with {@link FeatureSpecParser}.
 *
 * @param entities in declaration order; each is one keyed stage of the job
 */
public record FeatureSpec(List<EntitySpec> entities) implements Serializable {

    /** Every feature's name, entity by entity in declaration order: the feature vector's order. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        entities.forEach(e -> e.features().forEach(f -> names.add(f.name())));
        return names;
    }
}
