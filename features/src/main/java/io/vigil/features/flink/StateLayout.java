package io.vigil.features.flink;

import java.io.Serializable;

/**
 * How an entity stage keeps its state (see {@link EntityStateStore}).
 *
 * @param foldEvery the entity's whole state is written once every this many of its events; the
 *     events in between append only what they add (a delta of a few dozen bytes). 1 writes the
 *     whole state on every event (the layout of earlier versions, which reads the same data)
 * @param cacheEntries entities whose current state each subtask keeps on the heap besides RocksDB
 *     (least recently used first out; 0 for none): an event of a cached entity reads nothing from
 *     RocksDB
 * @param writeAtBarriers whether a cached entity's changes stay on the heap until the next
 *     checkpoint barrier, which writes its whole state once, instead of a delta per event (where
 *     the stage's host writes them there, {@link EntityStageOperator}; at most {@code cacheEntries}
 *     entities wait so, the others are written per event)
 */
public record StateLayout(int foldEvery, int cacheEntries, boolean writeAtBarriers)
        implements Serializable {

    /**
     * Changes written at each checkpoint barrier for 10,000 cached entities per entity stage and
     * subtask, the whole state every 8 events (deltas in between) for the others: a quarter to a
     * third less CPU per transaction than deltas alone on the bench machine
     * (load-tests/RESULTS.md). The writes at each barrier pause the stage: a latency-bound path
     * (at-least-once) leaves them off and keeps the deltas, which took its p99 at 10,000/s from 430
     * to 249 ms.
     */
    public static final StateLayout DEFAULT = new StateLayout(8, 10_000, true);

    /** The whole state written on every event, nothing cached: how earlier versions kept it. */
    public static final StateLayout WHOLE_VALUE = new StateLayout(1, 0, false);

    public StateLayout {
        if (foldEvery < 1 || foldEvery > 1_000) {
            throw new IllegalArgumentException(
                    "fold-every must be within 1..1000 (was " + foldEvery + ")");
        }
        if (cacheEntries < 0) {
            throw new IllegalArgumentException(
                    "cache-entries must not be negative (was " + cacheEntries + ")");
        }
    }

    /**
     * Deltas every event and the whole state every {@code foldEvery}, nothing held to a barrier.
     */
    public StateLayout(int foldEvery, int cacheEntries) {
        this(foldEvery, cacheEntries, false);
    }
}
