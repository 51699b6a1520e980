package io.vigil.features.serialization;

import io.vigil.features.engine.EnrichedEvent;
import io.vigil.features.engine.EntityState;
import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.features.events.Event;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink's type information of the feature engine's records, each with its own serializer (no Kryo,
 * no POJO analysis). The engine's classes stay free of Flink: streams and state that carry them
 * name these types explicitly ({@code returns(...)}, state descriptors, {@code
 * ResultTypeQueryable}).
 */
public final class FeatureTypes {

    public static final TypeInformation<Event> EVENT =
            new RecordTypeInfo<>(Event.class, EventSerializer.INSTANCE);
    public static final TypeInformation<EnrichedEvent> ENRICHED_EVENT =
            new RecordTypeInfo<>(EnrichedEvent.class, EnrichedEventSerializer.INSTANCE);
    public static final TypeInformation<FeaturizedEvent> FEATURIZED_EVENT =
            new RecordTypeInfo<>(FeaturizedEvent.class, FeaturizedEventSerializer.INSTANCE);
    public static final TypeInformation<EntityState> ENTITY_STATE =
            new RecordTypeInfo<>(EntityState.class, EntityStateSerializer.INSTANCE);

    private FeatureTypes() {}
}
