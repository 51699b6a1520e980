package io.vigil.modelops.serving;

import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Events no version could score yet (no champion kept at all), in arrival order, each for at most
 * {@code maxWaitMillis} from its decoding: then it expires, to be dead-lettered rather than held
 * forever. Flink-free; the operator checkpoints {@link #all()}.
 */
final class WaitingEvents {

    /** The dead letters' reason code. */
    static final String NO_MODEL = "NO_MODEL";

    private final long maxWaitMillis;
    private final List<FeaturizedEvent> events = new ArrayList<>();

    WaitingEvents(long maxWaitMillis) {
        this.maxWaitMillis = maxWaitMillis;
    }

    List<FeaturizedEvent> list() {
        return events;
    }

    /** All waiting events, removed: to be tried again. */
    List<FeaturizedEvent> drain() {
        List<FeaturizedEvent> all = new ArrayList<>(events);
        events.clear();
        return all;
    }

    /** Removes and returns the events that have waited longer than allowed at {@code now}. */
    List<FeaturizedEvent> expire(long now) {
        List<FeaturizedEvent> expired = new ArrayList<>(0);
        for (Iterator<FeaturizedEvent> it = events.iterator(); it.hasNext(); ) {
            FeaturizedEvent e = it.next();
            if (now - e.ingestTime >= maxWaitMillis) {
                expired.add(e);
                it.remove();
            }
        }
        return expired;
    }

    /**
     * When the next event expires (epoch milliseconds), or {@code Long.MAX_VALUE} if none waits.
     */
    long nextExpiry() {
        long oldest = Long.MAX_VALUE;
        for (FeaturizedEvent e : events) {
            oldest = Math.min(oldest, e.ingestTime);
        }
        return oldest == Long.MAX_VALUE ? oldest : oldest + maxWaitMillis;
    }

    /** The dead letter of an event no version scored. */
    static DeadLetter noModel(FeaturizedEvent event, String reason, String sourceTopic) {
        return DeadLetter.newBuilder()
                .setReasonCode(NO_MODEL)
                .setReason(reason)
                .setSourceTopic(sourceTopic)
                .setSourcePartition(-1)
                .setSourceOffset(-1L)
                .setOriginalBytes(ByteBuffer.allocate(0))
                .setDeadLetteredAt(Instant.now())
                .setEventId(event.transactionId)
                .build();
    }

    int size() {
        return events.size();
    }

    boolean isEmpty() {
        return events.isEmpty();
    }
}
