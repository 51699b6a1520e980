package io.vigil.features.flink;

import io.vigil.features.engine.EntityDelta;
import io.vigil.features.engine.EntityFeatureEngine;
import io.vigil.features.engine.EntityState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One entity stage's state, for the current key: the entity's whole {@link EntityState} (written
 * every {@link StateLayout#foldEvery()} events), the {@link EntityDelta}s of its events since
 * (appended one per event: a RocksDB merge, no read), and the current state of recently active
 * entities on the heap. Per event RocksDB sees a delta of a few dozen bytes instead of the whole
 * state, so the memtables that each checkpoint flushes grow by that; an entity in the cache is not
 * read from RocksDB at all. What RocksDB holds is always complete (state plus deltas), so the cache
 * is never written back: an entity falls out of it, or the job restarts, at no cost but a read. Not
 * thread-safe: the keyed function's thread only.
 */
final class EntityStateStore {

    private final EntityFeatureEngine engine;
    private final ValueState<EntityState> whole;
    private final ListState<EntityDelta> deltas;
    private final StateLayout layout;
    private final Map<String, Current> cache;
    private final Counter reads;
    private boolean changeLogged;

    /**
     * Whether the backend hands out its stored objects (heap state) rather than copies (RocksDB),
     * found at the first value read: then a change to the object is a change to the state, so every
     * event writes the whole state (which costs nothing there) and nothing is cached.
     */
    private Boolean sharedObjects;

    private static final Logger LOG = LoggerFactory.getLogger(EntityStateStore.class);

    /** An entity's current state and how many deltas RocksDB holds after its whole state. */
    static final class Current {
        final EntityState state;
        int pending;

        private Current(EntityState state, int pending) {
            this.state = state;
            this.pending = pending;
        }
    }

    EntityStateStore(
            EntityFeatureEngine engine,
            ValueState<EntityState> whole,
            ListState<EntityDelta> deltas,
            StateLayout layout,
            Counter reads) {
        this.engine = engine;
        this.reads = reads;
        this.whole = whole;
        this.deltas = deltas;
        this.layout = layout;
        int capacity = layout.cacheEntries();
        this.cache =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Current> eldest) {
                        return size() > capacity;
                    }
                };
    }

    /**
     * The current key's state (its deltas applied, laid out for this spec), or null when the entity
     * has none.
     */
    Current load(String key) throws Exception {
        Current current = cache.get(key);
        if (current != null) {
            return current;
        }
        reads.inc();
        EntityState stored = whole.value();
        if (stored == null) {
            return null;
        }
        if (sharedObjects == null) {
            sharedObjects = whole.value() == stored;
        }
        EntityState state = engine.adapt(stored);
        int pending = 0;
        Iterable<EntityDelta> written = deltas.get();
        if (written != null) {
            for (EntityDelta delta : written) {
                engine.apply(state, delta);
                pending++;
            }
        }
        current = new Current(state, pending);
        if (sharedObjects && pending > 0) {
            write(current); // the deltas are in the stored object now: drop them
        }
        if (state != stored) {
            if (!changeLogged) {
                changeLogged = true;
                LOG.info(
                        "Feature spec of entity '{}' changed since its state was written: {}",
                        engine.spec().name(),
                        engine.describeChange(stored));
            }
            write(current); // keep the new layout, deltas folded in
        }
        remember(key, current);
        return current;
    }

    /** A new entity's state, written at once (it holds the entity's expiry). */
    Current create(String key, EntityState state) throws Exception {
        Current current = new Current(state, 0);
        write(current);
        if (sharedObjects == null) {
            sharedObjects = whole.value() == state;
        }
        remember(key, current);
        return current;
    }

    /**
     * Records that {@code delta} was applied to {@code current}: appended, or the whole state
     * written when {@link StateLayout#foldEvery()} events have gathered.
     */
    void applied(Current current, EntityDelta delta) throws Exception {
        if (sharedObjects || current.pending + 1 >= layout.foldEvery()) {
            write(current);
        } else {
            deltas.add(delta);
            current.pending++;
        }
    }

    /** Writes the whole state and drops the deltas it now holds. */
    void write(Current current) throws Exception {
        whole.update(current.state);
        if (current.pending > 0) {
            deltas.clear();
            current.pending = 0;
        }
    }

    /** Forgets the current key's entity. */
    void clear(String key) {
        whole.clear();
        deltas.clear();
        cache.remove(key);
    }

    private void remember(String key, Current current) {
        if (layout.cacheEntries() > 0 && !sharedObjects) {
            cache.put(key, current);
        }
    }
}
