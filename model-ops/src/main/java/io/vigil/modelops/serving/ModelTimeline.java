package io.vigil.modelops.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What serves from when, in event time: entries by activation time, the entry for an event being
 * the latest one activated at or before its event time. Every subtask holds the same entries, so
 * every subtask (and every replay) picks the same entry for the same event.
 *
 * @param <T> what serves (a model, a canary setting)
 */
public final class ModelTimeline<T> {

    /** Entries kept before the oldest are released: room for events arriving late across swaps. */
    public static final int KEPT_ENTRIES = 4;

    private final TreeMap<Long, T> entries = new TreeMap<>();

    /** Adds an entry; returns the entries that fell off (replaced or too old), for release. */
    public List<T> add(long activationTime, T value) {
        List<T> dropped = new ArrayList<>();
        T replaced = entries.put(activationTime, value);
        if (replaced != null) {
            dropped.add(replaced);
        }
        while (entries.size() > KEPT_ENTRIES) {
            dropped.add(entries.pollFirstEntry().getValue());
        }
        return dropped;
    }

    /** The entry serving an event at {@code eventTime}, or null if nothing was active yet. */
    public T at(long eventTime) {
        Map.Entry<Long, T> entry = entries.floorEntry(eventTime);
        return entry == null ? null : entry.getValue();
    }

    /** The entry activated first, or null when there is none. */
    public T earliest() {
        return entries.isEmpty() ? null : entries.firstEntry().getValue();
    }

    /** Removes every entry {@code test} accepts; returns them, for release. */
    public List<T> removeIf(Predicate<T> test) {
        List<T> removed = new ArrayList<>();
        entries.values()
                .removeIf(
                        value -> {
                            boolean remove = test.test(value);
                            if (remove) {
                                removed.add(value);
                            }
                            return remove;
                        });
        return removed;
    }

    public List<T> values() {
        return new ArrayList<>(entries.values());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
