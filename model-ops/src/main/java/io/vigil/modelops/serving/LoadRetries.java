package io.vigil.modelops.serving;

import io.vigil.schemas.ModelEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registry events whose version could not be read from the artifact store (a store that is briefly
 * unreachable, a file not yet visible), tried again with doubling delays before the version is
 * rejected. Flink-free.
 */
final class LoadRetries {

    /** Attempts in all, the first included, before a version is rejected: about a minute. */
    static final int ATTEMPTS = 7;

    static final long FIRST_DELAY_MILLIS = 1000;

    private final Map<String, Pending> pending = new LinkedHashMap<>();

    /**
     * Records a failed attempt at {@code now}.
     *
     * @return whether another attempt will follow (false: give up, reject)
     */
    boolean failed(ModelEvent event, long now) {
        Pending p = pending.get(event.getEventId());
        int attempts = p == null ? 1 : p.attempts + 1;
        if (attempts >= ATTEMPTS) {
            pending.remove(event.getEventId());
            return false;
        }
        pending.put(
                event.getEventId(),
                new Pending(event, attempts, now + (FIRST_DELAY_MILLIS << (attempts - 1))));
        return true;
    }

    /**
     * The events due for another attempt at {@code now}; each stays pending until it loads ({@link
     * #forget}) or fails again ({@link #failed}).
     */
    List<ModelEvent> due(long now) {
        List<ModelEvent> due = new ArrayList<>(0);
        for (Pending p : pending.values()) {
            if (p.dueAt <= now) {
                due.add(p.event);
            }
        }
        return due;
    }

    /** Forgets an event: it loaded, or a later event replaced it. */
    void forget(String eventId) {
        pending.remove(eventId);
    }

    /** When the next attempt is due (epoch milliseconds), or {@code Long.MAX_VALUE}. */
    long nextDue() {
        return pending.values().stream().mapToLong(p -> p.dueAt).min().orElse(Long.MAX_VALUE);
    }

    private record Pending(ModelEvent event, int attempts, long dueAt) {}
}
