package io.vigil.features.spec;

import io.vigil.features.CardEvent;
import java.util.Objects;
import java.util.function.Function;

/** Values of a field seen in a window, with when each was last seen. */
final class WindowDistincts {
    final int offset;
    final long windowMs;
    final EventFilter filter;
    final String field;
    final Function<CardEvent, String> text;
    final java.util.function.Predicate<CardEvent> passes;
    /** Index of this group (its used-slot counter in the state). */
    final int index;

    WindowDistincts(int index, long windowMs, EventFilter filter, String field) {
        this.index = index;
        this.offset = index * EntityFeatureEngine.DISTINCT_CAPACITY;
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
        for (int i = offset; i < offset + s.distinctUsed[index]; i++) {
            long lastSeen = s.distinctLastSeen[i];
            if (lastSeen != Long.MIN_VALUE && lastSeen >= t - windowMs && lastSeen <= t) {
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
        int used = s.distinctUsed[index];
        int target = offset;
        for (int i = offset; i < offset + used; i++) {
            if (s.distinctHashes[i] == hash) {
                s.distinctLastSeen[i] = Math.max(s.distinctLastSeen[i], e.eventTime);
                return;
            }
            if (s.distinctLastSeen[i] < s.distinctLastSeen[target]) {
                target = i;
            }
        }
        if (used < EntityFeatureEngine.DISTINCT_CAPACITY) {
            target = offset + used; // slots fill in order
            s.distinctUsed[index] = used + 1;
        } // else: full, forget the least recently seen value
        s.distinctHashes[target] = hash;
        s.distinctLastSeen[target] = e.eventTime;
    }
}
