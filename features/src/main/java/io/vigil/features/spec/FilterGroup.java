package io.vigil.features.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Events that pass all of {@code filters} ({@code all: [...]}) or any of them ({@code any: [...]}).
 */
public record FilterGroup(boolean all, List<FeatureFilter> filters) implements FeatureFilter {

    @Override
    public String key() {
        return (all ? "all(" : "any(")
                + filters.stream().map(FeatureFilter::key).collect(Collectors.joining(", "))
                + ")";
    }

    @Override
    public String describe() {
        return filters.stream()
                .map(f -> "(" + f.describe() + ")")
                .collect(Collectors.joining(all ? " and " : " or "));
    }
}
