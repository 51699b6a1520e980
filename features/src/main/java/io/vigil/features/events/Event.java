package io.vigil.features.events;

import io.vigil.features.spec.EventLayout;
import java.util.Arrays;
import java.util.Objects;

/**
 * A decoded, validated event as it travels through the job: its id, its time, and the fields the
 * spec uses, at the slots of the spec's {@link EventLayout}. Sensitive fields hold their keyed hash
 * only, so nothing downstream of decoding can leak them. An absent number is {@code NaN}, an absent
 * text {@code null}.
 */
public class Event {

    public String id;

    /** Event time, epoch milliseconds. */
    public long eventTime;

    /** Wall-clock time the record was decoded, epoch milliseconds (for latency, not for logic). */
    public long ingestTime;

    public double[] numbers;
    public String[] texts;

    public Event() {}

    /** An event with every field of {@code layout} absent. */
    public static Event of(EventLayout layout) {
        return sized(layout.numberCount(), layout.textCount());
    }

    /** An event with {@code numbers} absent numbers and {@code texts} absent texts. */
    static Event sized(int numbers, int texts) {
        Event e = new Event();
        e.numbers = new double[numbers];
        Arrays.fill(e.numbers, Double.NaN);
        e.texts = new String[texts];
        return e;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event other
                && Objects.equals(id, other.id)
                && eventTime == other.eventTime
                && Arrays.equals(numbers, other.numbers)
                && Arrays.equals(texts, other.texts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, eventTime);
    }

    @Override
    public String toString() {
        return "Event{" + id + ", t=" + eventTime + '}';
    }
}
