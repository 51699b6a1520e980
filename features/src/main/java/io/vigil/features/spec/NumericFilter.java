package io.vigil.features.spec;

/**
 * Events whose numeric {@code field} lies within the bounds (an absent value never does): {@code >
 * 100}, {@code >= 100}, {@code < 100}, {@code <= 100}, or {@code between: [10, 100]} (both ends
 * included).
 *
 * @param min lower bound, or null for none
 * @param max upper bound, or null for none
 */
public record NumericFilter(
        String field, Double min, boolean minIncluded, Double max, boolean maxIncluded)
        implements FeatureFilter {

    public boolean accepts(double value) {
        if (Double.isNaN(value)) {
            return false;
        }
        boolean aboveMin = min == null || (minIncluded ? value >= min : value > min);
        boolean belowMax = max == null || (maxIncluded ? value <= max : value < max);
        return aboveMin && belowMax;
    }

    @Override
    public String key() {
        return "NumericFilter[" + describe() + "]";
    }

    @Override
    public String describe() {
        StringBuilder s = new StringBuilder(field);
        if (min != null) {
            s.append(minIncluded ? " >= " : " > ").append(min);
        }
        if (max != null) {
            s.append(min != null ? " and" : "").append(maxIncluded ? " <= " : " < ").append(max);
        }
        return s.toString();
    }
}
