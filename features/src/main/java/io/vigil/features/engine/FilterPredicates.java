package io.vigil.features.engine;

import io.vigil.features.events.Event;
import io.vigil.features.events.EventFields;
import io.vigil.features.spec.EventFilter;
import io.vigil.features.spec.EventLayout;
import io.vigil.features.spec.FeatureFilter;
import io.vigil.features.spec.FieldType;
import io.vigil.features.spec.FilterGroup;
import io.vigil.features.spec.NotFilter;
import io.vigil.features.spec.NumericFilter;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** Turns a declared filter into a predicate over decoded events, resolved once per feature. */
final class FilterPredicates {

    private FilterPredicates() {}

    /** A filter, resolved once: null accepts every event. */
    static Predicate<Event> of(FeatureFilter filter, EventLayout layout) {
        if (filter == null) {
            return e -> true;
        }
        if (filter instanceof EventFilter equal
                && layout.slot(equal.field()).type() == FieldType.TEXT_LIST) {
            Function<Event, List<String>> items = EventFields.items(layout, equal.field());
            return e -> items.apply(e).stream().anyMatch(equal.values()::contains);
        }
        if (filter instanceof EventFilter equal) {
            Function<Event, String> field = EventFields.text(layout, equal.field());
            return e -> equal.values().contains(field.apply(e));
        }
        if (filter instanceof NumericFilter range) {
            ToDoubleFunction<Event> field = EventFields.numeric(layout, range.field());
            return e -> range.accepts(field.applyAsDouble(e));
        }
        if (filter instanceof NotFilter not) {
            return of(not.filter(), layout).negate();
        }
        FilterGroup group = (FilterGroup) filter;
        Predicate<Event> combined = null;
        for (FeatureFilter part : group.filters()) {
            Predicate<Event> p = of(part, layout);
            combined = combined == null ? p : group.all() ? combined.and(p) : combined.or(p);
        }
        return combined == null ? e -> group.all() : combined;
    }
}
