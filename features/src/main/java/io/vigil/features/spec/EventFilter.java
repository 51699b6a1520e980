package io.vigil.features.spec;

import java.util.Set;

/**
 * Events whose {@code field} has one of {@code values} (e.g. channel in [CARD_PRESENT,
 * CONTACTLESS]); a number matches as written ({@code 5411}, not {@code 5411.0}).
 */
public record EventFilter(String field, Set<String> values) implements FeatureFilter {

    /** The record's text, as state written by every version has it. */
    @Override
    public String key() {
        return toString();
    }

    @Override
    public String describe() {
        return field + " in " + values;
    }
}
