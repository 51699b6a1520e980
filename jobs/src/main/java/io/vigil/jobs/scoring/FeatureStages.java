package io.vigil.jobs.scoring;

import io.vigil.features.engine.EnrichedEvent;
import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.features.events.Event;
import io.vigil.features.events.EventFields;
import io.vigil.features.flink.EntityFeaturesFunction;
import io.vigil.features.flink.StateLayout;
import io.vigil.features.serialization.FeatureTypes;
import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.EventLayout;
import io.vigil.features.spec.FeatureOrder;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.modelops.serving.EventColumns;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The feature part of the job: a declared spec as one keyed stage per entity (uid {@code
 * features-<entity>}), each filling its slice of the vector.
 */
public final class FeatureStages {

    private final FeatureSpec spec;
    private final FeatureOrder order;
    private final StateLayout stateLayout;

    private FeatureStages(FeatureSpec spec, FeatureOrder order, StateLayout stateLayout) {
        this.spec = spec;
        this.order = order;
        this.stateLayout = stateLayout;
    }

    /**
     * @param specUri the spec to compute (see {@link FeatureSpecs#load})
     * @param stateLayout how each entity stage keeps its state
     */
    public static FeatureStages of(String specUri, FeatureOrder order, StateLayout stateLayout) {
        return new FeatureStages(FeatureSpecs.load(specUri), order, stateLayout);
    }

    public FeatureSpec spec() {
        return spec;
    }

    /** What each featurized event carries: features, text features and carried fields. */
    public EventColumns columns() {
        return new EventColumns(
                spec.featureNames(), spec.textFeatureNames(), spec.events().carried());
    }

    /** Names of the computed features, in vector order. */
    public List<String> featureNames() {
        return spec.featureNames();
    }

    public DataStream<FeaturizedEvent> addTo(DataStream<Event> events) {
        int size = spec.featureNames().size();
        DataStream<EnrichedEvent> stream =
                events.map(event -> new EnrichedEvent(event, size))
                        .returns(FeatureTypes.ENRICHED_EVENT)
                        .name("feature vector");
        int offset = 0;
        for (EntitySpec entity : spec.entities()) {
            stream =
                    stream.keyBy(EntityFeaturesFunction.keyOf(entity, spec.layout()))
                            .process(
                                    new EntityFeaturesFunction(
                                            entity, spec.layout(), offset, order, stateLayout))
                            .uid(Uids.featuresOf(entity.name()))
                            .name(entity.name() + " features");
            offset += entity.features().size();
        }
        return stream.map(new ToFeaturized(spec))
                .returns(FeatureTypes.FEATURIZED_EVENT)
                .name("features done");
    }

    /**
     * The finished vector with what the prediction names: the first entity's key, the declared
     * amount, the carried fields and the text features.
     */
    private static final class ToFeaturized implements MapFunction<EnrichedEvent, FeaturizedEvent> {
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
}
