package io.vigil.features.flink;

import io.vigil.features.engine.EntityDelta;
import io.vigil.features.engine.EntityFeatureEngine;
import io.vigil.features.engine.EntityState;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One entity stage's state, for the current key: the entity's whole {@link EntityState}, the {@link
 * EntityDelta}s of its events since (appended one per event: a RocksDB merge, no read), and the
 * current state of recently active entities on the heap. An entity in the cache is not read from
 * RocksDB at all. Where its host writes changes at checkpoint barriers ({@link #writeChanges}), a
 * cached entity's events write nothing either: its whole state is written once, at the next
 * barrier, however many events it had (at most {@link StateLayout#cacheEntries()} entities wait so;
 * they stay cached until written). Otherwise, and for the entities beyond that, each event appends
 * its delta and every {@link StateLayout#foldEvery()}-th writes the whole state, so the memtables
 * that each checkpoint flushes grow by a few dozen bytes per event. Either way what RocksDB holds
 * at a barrier is complete (state plus deltas), so a restart or an entity leaving the cache costs a
 * read, nothing else. Not thread-safe: the keyed function's thread only.
 */
final class EntityStateStore {

    private final EntityFeatureEngine engine;
    private final ValueState<EntityState> whole;
    private final ListState<EntityDelta> deltas;
    private final StateLayout layout;
    private final Map<String, Current> cache;

    /** Cached entities whose changes wait for the next barrier, by key (write-at-barriers only). */
    private final Map<String, Current> changed = new HashMap<>();

    private final boolean writesAtBarriers;
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
        final String key;
        final EntityState state;
        int pending;

        private Current(String key, EntityState state, int pending) {
            this.key = key;
            this.state = state;
            this.pending = pending;
        }
    }

    EntityStateStore(
            EntityFeatureEngine engine,
            ValueState<EntityState> whole,
            ListState<EntityDelta> deltas,
            StateLayout layout,
            boolean hostWritesAtBarriers,
            Counter reads) {
        this.engine = engine;
        this.writesAtBarriers =
                hostWritesAtBarriers && layout.writeAtBarriers() && layout.cacheEntries() > 0;
        this.reads = reads;
        this.whole = whole;
        this.deltas = deltas;
        this.layout = layout;
        int capacity = layout.cacheEntries();
        this.cache =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Current> eldest) {
                        // An entity whose changes wait for the barrier stays until written.
                        return size() > capacity && !changed.containsKey(eldest.getKey());
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
        current = new Current(key, state, pending);
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

    /** A new entity's state, written now or at the barrier (it holds the entity's expiry). */
    Current create(String key, EntityState state) throws Exception {
        Current current = new Current(key, state, 0);
        if (sharedObjects == null) {
            // The first entity is written at once: reading it back tells how the backend keeps it.
            whole.update(state);
            sharedObjects = whole.value() == state;
            remember(key, current);
            return current;
        }
        remember(key, current);
        if (!heldToBarrier(current)) {
            whole.update(state);
        }
        return current;
    }

    /**
     * Records that {@code delta} was applied to {@code current}: appended, or the whole state
     * written when {@link StateLayout#foldEvery()} events have gathered.
     */
    void applied(Current current, EntityDelta delta) throws Exception {
        if (heldToBarrier(current)) {
            return;
        }
        if (sharedObjects || current.pending + 1 >= layout.foldEvery()) {
            write(current);
        } else {
            deltas.add(delta);
            current.pending++;
        }
    }

    /** The whole state changed: writes it (or holds it to the barrier) and drops its deltas. */
    void write(Current current) throws Exception {
        if (heldToBarrier(current)) {
            return;
        }
        writeWhole(current);
    }

    /**
     * Writes the whole state of every entity whose changes waited for this barrier, each after
     * {@code useKey} made its key the current one; the host calls it before each checkpoint barrier
     * (and may leave its key changed).
     */
    void writeChanges(Consumer<String> useKey) throws Exception {
        for (Current current : changed.values()) {
            useKey.accept(current.key);
            writeWhole(current);
        }
        changed.clear();
        // Entities kept past the capacity while they waited go now, least recently used first.
        Iterator<String> eldest = cache.keySet().iterator();
        while (cache.size() > layout.cacheEntries() && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }

    /**
     * Whether {@code current}'s change waits for the barrier: it is cached, and already waiting or
     * there is room.
     */
    private boolean heldToBarrier(Current current) {
        if (!writesAtBarriers || Boolean.TRUE.equals(sharedObjects) || sharedObjects == null) {
            return false;
        }
        if (changed.containsKey(current.key)) {
            return true;
        }
        if (changed.size() >= layout.cacheEntries() || !cache.containsKey(current.key)) {
            return false;
        }
        changed.put(current.key, current);
        return true;
    }

    private void writeWhole(Current current) throws Exception {
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
        changed.remove(key);
    }

    private void remember(String key, Current current) {
        if (layout.cacheEntries() > 0 && !sharedObjects) {
            cache.put(key, current);
        }
    }
}
