package io.vigil.features.engine;

import io.vigil.features.events.Event;
import io.vigil.features.spec.Aggregation;
import io.vigil.features.spec.FeatureFilter;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Values of a field seen in a window, with when each was last seen: at most {@value
 * EntityFeatureEngine#DISTINCT_CAPACITY}; a new value takes the place of one that fell out of the
 * window, else of the least recently seen when full. With {@code everyEvent}, one entry per event
 * instead of per value (the latest events of the window, for frequencies).
 */
final class WindowDistincts {
    final long windowMs;
    final FeatureFilter filter;
    final String field;
    final Function<Event, String> text;
    final Predicate<Event> passes;

    /** Index of this group in the state. */
    final int index;

    /** One entry per event rather than per distinct value. */
    final boolean everyEvent;

    WindowDistincts(
            int index,
            long windowMs,
            FeatureFilter filter,
            String field,
            boolean everyEvent,
            Function<Event, String> text,
            Predicate<Event> passes) {
        this.index = index;
        this.everyEvent = everyEvent;
        this.passes = passes;
        this.windowMs = windowMs;
        this.filter = filter;
        this.field = field;
        this.text = text;
    }

    boolean matches(long window, FeatureFilter otherFilter, String otherField, boolean perEvent) {
        return windowMs == window
                && everyEvent == perEvent
                && Objects.equals(filter, otherFilter)
                && Objects.equals(field, otherField);
    }

    /**
     * Distinct values in the window, or 1 when {@code current} is not among them ({@code
     * first_seen}), or the share of entries holding it ({@code frequency}). Entries seen after
     * {@code t} are left out.
     */
    double read(EntityState s, long t, Aggregation aggregation, String current) {
        int hash = Objects.hashCode(current);
        int entries = 0;
        int same = 0;
        int start = s.distinctStart(index);
        for (int i = start; i < start + s.distinctUsed[index]; i++) {
            long lastSeen = s.distinctLastSeen[i];
            if (lastSeen >= t - windowMs && lastSeen <= t) {
                entries++;
                same += s.distinctHashes[i] == hash ? 1 : 0;
            }
        }
        return switch (aggregation) {
            case DISTINCT_COUNT -> entries;
            case FREQUENCY -> entries == 0 ? 0 : same / (double) entries;
            default -> same == 0 ? 1 : 0;
        };
    }

    /** The hash of {@code e}'s value, as {@link #add} and {@link #read} take it. */
    int hashOf(Event e) {
        return Objects.hashCode(text.apply(e));
    }

    /** Adds a value (by its hash) seen at {@code time} by an event that passes the filter. */
    void add(EntityState s, long time, int hash) {
        int start = s.distinctStart(index);
        int used = s.distinctUsed[index];
        long latest = time;
        for (int i = start; i < start + used; i++) {
            if (!everyEvent && s.distinctHashes[i] == hash) {
                s.distinctLastSeen[i] = Math.max(s.distinctLastSeen[i], time);
                return;
            }
            latest = Math.max(latest, s.distinctLastSeen[i]);
        }
        insert(s, start, used, hash, time, latest - windowMs);
    }

    /**
     * Adds a value: in place of one last seen before {@code oldest} when there is one, else of the
     * least recently seen when full, else by growing the arrays (no allocation in the usual cases).
     */
    private void insert(EntityState s, int start, int used, int hash, long time, long oldest) {
        int slot = -1;
        int leastRecent = -1;
        for (int i = start; i < start + used; i++) {
            if (s.distinctLastSeen[i] < oldest) {
                slot = i;
                break;
            }
            if (leastRecent < 0 || s.distinctLastSeen[i] < s.distinctLastSeen[leastRecent]) {
                leastRecent = i;
            }
        }
        if (slot < 0 && used >= EntityFeatureEngine.DISTINCT_CAPACITY) {
            slot = leastRecent;
        }
        if (slot < 0) {
            slot = start + used;
            int[] hashes = new int[s.distinctHashes.length + 1];
            System.arraycopy(s.distinctHashes, 0, hashes, 0, slot);
            System.arraycopy(
                    s.distinctHashes, slot, hashes, slot + 1, s.distinctHashes.length - slot);
            long[] lastSeen = new long[s.distinctLastSeen.length + 1];
            System.arraycopy(s.distinctLastSeen, 0, lastSeen, 0, slot);
            System.arraycopy(
                    s.distinctLastSeen, slot, lastSeen, slot + 1, s.distinctLastSeen.length - slot);
            s.distinctHashes = hashes;
            s.distinctLastSeen = lastSeen;
            s.distinctUsed[index] = used + 1;
        }
        s.distinctHashes[slot] = hash;
        s.distinctLastSeen[slot] = time;
    }
}
