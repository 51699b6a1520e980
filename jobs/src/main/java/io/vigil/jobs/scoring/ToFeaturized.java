package io.vigil.jobs.scoring;

import io.vigil.features.engine.EnrichedEvent;
import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.features.events.Event;
import io.vigil.features.events.EventFields;
import io.vigil.features.spec.EventLayout;
import io.vigil.features.spec.FeatureSpec;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * The finished vector with what the prediction names: the first entity's key, the declared amount,
 * the carried fields and the text features.
 */
final class ToFeaturized implements MapFunction<EnrichedEvent, FeaturizedEvent> {
    private static final long serialVersionUID = 1L;
    private final FeatureSpec spec;
    private transient Function<Event, String> entityKey;
    private transient ToDoubleFunction<Event> amount;
    private transient List<Function<Event, String>> carried;
    private transient List<Function<Event, String>> textFeatures;

    ToFeaturized(FeatureSpec spec) {
        this.spec = spec;
    }

    @Override
    public FeaturizedEvent map(EnrichedEvent value) {
        if (entityKey == null) {
            EventLayout layout = spec.layout();
            entityKey = EventFields.key(layout, spec.entities().get(0).keys());
            String amountField = spec.events().amountField();
            amount =
                    amountField == null
                            ? e -> Double.NaN
                            : EventFields.numeric(layout, amountField);
            carried =
                    spec.events().carried().stream()
                            .map(field -> EventFields.text(layout, field))
                            .toList();
            textFeatures =
                    spec.textFeatures().stream()
                            .map(feature -> EventFields.text(layout, feature.field()))
                            .toList();
        }
        return value.toFeaturized(
                entityKey.apply(value.event),
                amount.applyAsDouble(value.event),
                texts(carried, value.event),
                texts(textFeatures, value.event));
    }

    private static String[] texts(List<Function<Event, String>> fields, Event event) {
        if (fields.isEmpty()) {
            return FeaturizedEvent.NO_TEXT;
        }
        String[] values = new String[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = fields.get(i).apply(event);
        }
        return values;
    }
}
