package io.vigil.features.flink;

import io.vigil.features.engine.EnrichedEvent;
import io.vigil.features.engine.EntityDelta;
import io.vigil.features.engine.EntityFeatureEngine;
import io.vigil.features.engine.EntityState;
import io.vigil.features.events.Event;
import io.vigil.features.events.EventFields;
import io.vigil.features.serialization.EntityDeltaSerializer;
import io.vigil.features.serialization.EntityStateSerializer;
import io.vigil.features.serialization.FeatureTypes;
import io.vigil.features.spec.EntitySpec;
import io.vigil.features.spec.EventLayout;
import io.vigil.features.spec.FeatureOrder;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;

/**
 * The work of one entity stage of a feature spec, for the keyed function that hosts it ({@link
 * EntityFeaturesFunction}, or a stage that also takes another input): keyed by the entity's key
 * field, it fills the entity's slice of each event's feature vector from its {@link EntityState},
 * then remembers the event. The state is kept as {@link StateLayout} says ({@link
 * EntityStateStore}): by default an event of an entity active lately reads nothing from RocksDB and
 * appends only the few dozen bytes it adds, and the whole state is written once every few events.
 * State is dropped by an event-time timer once the longest window has passed since its latest
 * event: one timer per entity, set at its first event and moved forward when it fires while the
 * entity is still active, so events in between touch no timer. Events without a key value (e.g. no
 * device) get the features of an entity with no history and touch no state.
 *
 * <p>With {@link FeatureOrder#EVENT_TIME}, events wait in keyed state (a map from event time to the
 * events of that instant) for an event-time timer, so each entity's state sees them in event-time
 * order whatever the arrival order. The wait is bounded: decoding refuses event times more than
 * {@code vigil.input.max-future-skew} ahead of the clock, so while events flow an event waits at
 * most that skew plus the watermark's out-of-orderness (idle partitions do not hold the watermark
 * back). The {@value #ORDERING_BUFFER} gauge counts the events waiting on this subtask (those that
 * arrived since it started: events restored from a checkpoint are not counted).
 */
public final class EntityStage implements Serializable {

    private static final long serialVersionUID = 1L;

    /** State name of the entity's whole state: part of savepoints, never rename. */
    public static final String STATE = "entity-state";

    /** State name of the deltas of the entity's events since: part of savepoints, never rename. */
    public static final String DELTAS = "entity-deltas";

    /**
     * State name of events waiting for the watermark ({@link FeatureOrder#EVENT_TIME}): never
     * rename. (Earlier versions kept card transactions under {@code entity-pending}; that state is
     * left unread, see docs/operations.md.)
     */
    public static final String PENDING = "entity-pending-events";

    /** Metric: events waiting for the watermark on this subtask (gauge). */
    public static final String ORDERING_BUFFER = "orderingBufferEvents";

    /**
     * Metric: entity states read from RocksDB, i.e. events (and timers) of entities not in the heap
     * cache (counter): against the stage's records in, the cache's miss rate.
     */
    public static final String STATE_READS = "entityStateReads";

    private static final Comparator<EnrichedEvent> BY_TRANSACTION_ID =
            Comparator.comparing(e -> e.event.id);

    /**
     * Prefix of the keys of events whose key field is empty (followed by the transaction id, so
     * they spread over the subtasks instead of all landing on one); such events never reach state.
     */
    static final String NO_KEY = "\u0000";

    private final EntitySpec spec;
    private final EventLayout layout;
    private final int offset;
    private final FeatureOrder order;
    private final StateLayout stateLayout;

    /** Whether the host calls {@link #writeChanges} before every checkpoint barrier. */
    private boolean hostWritesAtBarriers;

    private transient EntityFeatureEngine engine;
    private transient EntityStateStore store;
    private transient MapState<Long, List<EnrichedEvent>> pending;
    private transient long buffered;

    /**
     * @param offset where this entity's features start in the vector
     * @param stateLayout how the entity's state is written and cached
     */
    public EntityStage(
            EntitySpec spec,
            EventLayout layout,
            int offset,
            FeatureOrder order,
            StateLayout stateLayout) {
        this.spec = spec;
        this.layout = layout;
        this.offset = offset;
        this.order = order;
        this.stateLayout = stateLayout;
    }

    /** Keys events by the entity's key fields. */
    public static KeySelector<EnrichedEvent, String> keyOf(EntitySpec spec, EventLayout layout) {
        List<String> fields = spec.keys();
        return new KeySelector<>() {
            private static final long serialVersionUID = 1L;
            private transient Function<Event, String> accessor;

            @Override
            public String getKey(EnrichedEvent value) {
                if (accessor == null) {
                    accessor = EventFields.key(layout, fields);
                }
                String key = accessor.apply(value.event);
                return key == null ? NO_KEY + value.event.id : key;
            }
        };
    }

    /**
     * Declares that the host calls {@link #writeChanges} before every checkpoint barrier (in {@code
     * prepareSnapshotPreBarrier}), so changes may wait for it ({@link
     * StateLayout#writeAtBarriers()}): call before {@link #open}, e.g. when the host is built. A
     * host that does not call it must not declare it: a checkpoint would miss the waiting changes.
     */
    public void hostWritesAtBarriers() {
        hostWritesAtBarriers = true;
    }

    /**
     * Writes the changes that waited for this barrier, each entity's whole state under its key,
     * which {@code useKey} makes the current one (the host's current key is left changed).
     */
    public void writeChanges(Consumer<String> useKey) throws Exception {
        store.writeChanges(useKey);
    }

    /** Reads the stage's state and registers its metrics: call once, from the host's open. */
    public void open(RuntimeContext context) {
        engine = new EntityFeatureEngine(spec, layout);
        store =
                new EntityStateStore(
                        engine,
                        context.getState(
                                new ValueStateDescriptor<>(
                                        STATE,
                                        new EntityStateSerializer(
                                                engine.groupKeys(), engine.distinctKeys()))),
                        context.getListState(
                                new ListStateDescriptor<>(
                                        DELTAS,
                                        new EntityDeltaSerializer(
                                                engine.groupKeys(), engine.distinctKeys()))),
                        stateLayout,
                        hostWritesAtBarriers,
                        context.getMetricGroup().counter(STATE_READS));
        pending =
                context.getMapState(
                        new MapStateDescriptor<>(
                                PENDING, Types.LONG, Types.LIST(FeatureTypes.ENRICHED_EVENT)));
        context.getMetricGroup().gauge(ORDERING_BUFFER, () -> buffered);
    }

    /**
     * Fills the entity's slice of the event's vector and emits it (or, in event-time order, keeps
     * it until the watermark passes its time).
     *
     * @param key the current key of the host
     */
    public void process(
            EnrichedEvent value, String key, TimerService timers, Collector<EnrichedEvent> out)
            throws Exception {
        if (key.startsWith(NO_KEY)) {
            engine.compute(engine.newState(), value.event, value.features, offset);
            out.collect(value);
            return;
        }
        long time = value.event.eventTime;
        if (order == FeatureOrder.EVENT_TIME && time > timers.currentWatermark()) {
            List<EnrichedEvent> waiting = pending.get(time);
            if (waiting == null) {
                waiting = new ArrayList<>(1);
                timers.registerEventTimeTimer(time);
            }
            waiting.add(value);
            pending.put(time, waiting);
            buffered++;
            return;
        }
        apply(value, key, timers);
        out.collect(value);
    }

    /** Computes the event's features from the entity's state, then adds the event to it. */
    private void apply(EnrichedEvent value, String key, TimerService timers) throws Exception {
        EntityStateStore.Current current = store.load(key);
        if (current == null) {
            EntityState state = engine.newState();
            engine.compute(state, value.event, value.features, offset);
            engine.update(state, value.event);
            // The entity's first event sets its one timer. Later events do not move it (a delete
            // and a register per event, measured in the scoring job's profile): when it fires it
            // is moved to the expiry then due.
            state.expiry = engine.expiryOf(state);
            timers.registerEventTimeTimer(state.expiry);
            store.create(key, state);
            return;
        }
        engine.compute(current.state, value.event, value.features, offset);
        EntityDelta delta = engine.delta(value.event);
        engine.apply(current.state, delta);
        store.applied(current, delta);
    }

    /**
     * Emits the events due at {@code timestamp} (event-time order) and drops or keeps the entity's
     * state when its expiry timer fires.
     */
    public void onTimer(
            long timestamp, String key, TimerService timers, Collector<EnrichedEvent> out)
            throws Exception {
        List<EnrichedEvent> due = order == FeatureOrder.EVENT_TIME ? pending.get(timestamp) : null;
        if (due != null) {
            pending.remove(timestamp);
            buffered = Math.max(0, buffered - due.size());
            // One order for events of the same instant, in streaming and batch alike.
            due.sort(BY_TRANSACTION_ID);
            for (EnrichedEvent value : due) {
                apply(value, key, timers);
                out.collect(value);
            }
        }
        EntityStateStore.Current current = store.load(key);
        if (current != null && timestamp == current.state.expiry) {
            long expiresAt = engine.expiryOf(current.state);
            if (expiresAt <= timestamp) {
                store.clear(key);
            } else {
                // Events came after the timer was set: the history is still in a window.
                current.state.expiry = expiresAt;
                timers.registerEventTimeTimer(expiresAt);
                store.write(current);
            }
        }
    }
}
