package io.vigil.features.spec;

/** Events that do not pass {@code filter} ({@code not: {...}}). */
public record NotFilter(FeatureFilter filter) implements FeatureFilter {

    @Override
    public String key() {
        return "not(" + filter.key() + ")";
    }

    @Override
    public String describe() {
        return "not (" + filter.describe() + ")";
    }
}
