package io.vigil.features.spec;

import io.vigil.features.CardEvent;
import java.util.Objects;
import java.util.function.Function;

/**
 * Values of a field seen in a window, with when each was last seen: at most
 * {@value EntityFeatureEngine#DISTINCT_CAPACITY} (the least recently seen is forgotten first), and
 * none seen longer than the window before the latest.
 */
final class WindowDistincts {
    final long windowMs;
    final EventFilter filter;
    final String field;
    final Function<CardEvent, String> text;
    final java.util.function.Predicate<CardEvent> passes;
    /** Index of this group in the state. */
    final int index;

    WindowDistincts(int index, long windowMs, EventFilter filter, String field) {
        this.index = index;
        this.passes = EntityFeatureEngine.predicate(filter);
        this.windowMs = windowMs;
        this.filter = filter;
        this.field = field;
        this.text = EventFields.text(field);
    }

    boolean matches(long window, EventFilter otherFilter, String otherField) {
        return windowMs == window && Objects.equals(filter, otherFilter) && Objects.equals(field, otherField);
    }

    double read(EntityState s, long t, Aggregation aggregation, String current) {
        int hash = Objects.hashCode(current);
        int distinct = 0;
        boolean seen = false;
        int start = s.distinctStart(index);
        for (int i = start; i < start + s.distinctUsed[index]; i++) {
            long lastSeen = s.distinctLastSeen[i];
            if (lastSeen >= t - windowMs && lastSeen <= t) {
                distinct++;
                seen |= s.distinctHashes[i] == hash;
            }
        }
        return aggregation == Aggregation.DISTINCT_COUNT ? distinct : seen ? 0 : 1;
    }

    void add(EntityState s, CardEvent e) {
        if (!passes.test(e)) {
            return;
        }
        int hash = Objects.hashCode(text.apply(e));
        int start = s.distinctStart(index);
        int used = s.distinctUsed[index];
        long latest = e.eventTime;
        for (int i = start; i < start + used; i++) {
            if (s.distinctHashes[i] == hash) {
                s.distinctLastSeen[i] = Math.max(s.distinctLastSeen[i], e.eventTime);
                return;
            }
            latest = Math.max(latest, s.distinctLastSeen[i]);
        }
        insert(s, start, used, hash, e.eventTime, latest - windowMs);
    }

    /**
     * Adds a value, dropping the values last seen before {@code oldest} and, when still full, the
     * least recently seen. Happens once per new value, so the arrays are rebuilt to fit.
     */
    private void insert(EntityState s, int start, int used, int hash, long time, long oldest) {
        int kept = 0;
        int leastRecent = -1;
        for (int i = start; i < start + used; i++) {
            if (s.distinctLastSeen[i] >= oldest) {
                kept++;
                if (leastRecent < 0 || s.distinctLastSeen[i] < s.distinctLastSeen[leastRecent]) {
                    leastRecent = i;
                }
            }
        }
        boolean evict = kept >= EntityFeatureEngine.DISTINCT_CAPACITY;
        int size = kept - (evict ? 1 : 0) + 1;
        int total = s.distinctHashes.length - used + size;
        int[] hashes = new int[total];
        long[] lastSeen = new long[total];
        System.arraycopy(s.distinctHashes, 0, hashes, 0, start);
        System.arraycopy(s.distinctLastSeen, 0, lastSeen, 0, start);
        int to = start;
        for (int i = start; i < start + used; i++) {
            if (s.distinctLastSeen[i] >= oldest && !(evict && i == leastRecent)) {
                hashes[to] = s.distinctHashes[i];
                lastSeen[to] = s.distinctLastSeen[i];
                to++;
            }
        }
        hashes[to] = hash;
        lastSeen[to] = time;
        int tail = s.distinctHashes.length - (start + used);
        System.arraycopy(s.distinctHashes, start + used, hashes, to + 1, tail);
        System.arraycopy(s.distinctLastSeen, start + used, lastSeen, to + 1, tail);
        s.distinctHashes = hashes;
        s.distinctLastSeen = lastSeen;
        s.distinctUsed[index] = size;
    }
}
