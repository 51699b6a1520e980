package io.vigil.features.spec;

import io.vigil.features.EnrichedEvent;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One entity stage of a feature spec, keyed by the entity's key field: fills the entity's slice of
 * each event's feature vector from its {@link EntityState} (one RocksDB value per entity), then
 * remembers the event. State is dropped by an event-time timer once the longest window has passed
 * (at most one timer per entity per hour). Events without a key value (e.g. no device) get the
 * features of an entity with no history and touch no state.
 */
public class EntityFeaturesFunction extends KeyedProcessFunction<String, EnrichedEvent, EnrichedEvent> {

    private static final long serialVersionUID = 1L;

    /** State name: part of savepoints, never rename. */
    public static final String STATE = "entity-state";

    /** Key of events whose key field is empty; such events never reach state. */
    static final String NO_KEY = "";

    private final EntitySpec spec;
    private final int offset;

    private transient EntityFeatureEngine engine;
    private transient ValueState<EntityState> state;
    private transient ValueState<Long> expiry;
    private transient boolean changeLogged;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EntityFeaturesFunction.class);

    /** @param offset where this entity's features start in the vector */
    public EntityFeaturesFunction(EntitySpec spec, int offset) {
        this.spec = spec;
        this.offset = offset;
    }

    /** Keys events by the entity's key field. */
    public static KeySelector<EnrichedEvent, String> keyOf(EntitySpec spec) {
        String field = spec.key();
        return new KeySelector<>() {
            private static final long serialVersionUID = 1L;
            private transient Function<io.vigil.features.CardEvent, String> accessor;

            @Override
            public String getKey(EnrichedEvent value) {
                if (accessor == null) {
                    accessor = EventFields.text(field);
                }
                String key = accessor.apply(value.event);
                return key == null ? NO_KEY : key;
            }
        };
    }

    @Override
    public void open(OpenContext openContext) {
        engine = new EntityFeatureEngine(spec);
        state = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE, EntityState.class));
        expiry = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE + "-expiry", Long.class));
    }

    @Override
    public void processElement(EnrichedEvent value, Context ctx, Collector<EnrichedEvent> out) throws Exception {
        if (NO_KEY.equals(ctx.getCurrentKey())) {
            engine.compute(engine.newState(), value.event, value.features, offset);
            out.collect(value);
            return;
        }
        EntityState stored = state.value();
        EntityState current = stored == null ? engine.newState() : engine.adapt(stored);
        if (current != stored && stored != null && !changeLogged) {
            changeLogged = true;
            LOG.info("Feature spec of entity '{}' changed since its state was written: {}", spec.name(), engine.describeChange(stored));
        }
        engine.compute(current, value.event, value.features, offset);
        engine.update(current, value.event);
        state.update(current);
        long newExpiry = engine.expiryOf(current);
        Long previous = expiry.value();
        if (previous == null || previous != newExpiry) {
            if (previous != null) {
                ctx.timerService().deleteEventTimeTimer(previous);
            }
            ctx.timerService().registerEventTimeTimer(newExpiry);
            expiry.update(newExpiry);
        }
        out.collect(value);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EnrichedEvent> out) throws Exception {
        Long current = expiry.value();
        if (current != null && timestamp >= current) {
            state.clear();
            expiry.clear();
        }
    }
}
