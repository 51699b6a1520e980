package io.vigil.features.spec;

import java.io.Serializable;

/**
 * Which events a feature counts: equality on any field ({@link EventFilter}), a numeric range
 * ({@link NumericFilter}), or {@code all}/{@code any}/{@code not} combinations of those.
 */
public sealed interface FeatureFilter extends Serializable
        permits EventFilter, NumericFilter, FilterGroup, NotFilter {

    /**
     * What the filter selects, as part of the entity state's layout: features sharing window,
     * filter and field share state, and a restored state keeps a window whose key is unchanged.
     * Stable across versions; never change an existing filter's key.
     */
    String key();

    /** For people: e.g. {@code channel in [ONLINE]}, {@code amount >= 100}. */
    String describe();
}
