package io.vigil.loadtest.examples;

import io.vigil.loadtest.generator.Traffic;
import io.vigil.loadtest.generator.TrafficEvent;
import java.nio.charset.StandardCharsets;

/**
 * Impressions as {@link Traffic}: keyed by user, each click (or its absence) known when the
 * generator says; broken records alternate between bytes that are not Avro and an impression in a
 * slot the spec refuses.
 */
public final class ClickTraffic implements Traffic {

    private final ImpressionGenerator generator;

    public ClickTraffic(ImpressionGenerator generator) {
        this.generator = generator;
    }

    @Override
    public TrafficEvent next() {
        return event(generator.next());
    }

    /** {@code g} as traffic (e.g. history generated earlier). */
    public static TrafficEvent event(GeneratedImpression g) {
        return new TrafficEvent(
                g.id(),
                g.userId().getBytes(StandardCharsets.UTF_8),
                g.impression(),
                g.shownAt(),
                g.clicked(),
                g.click(),
                g.labelAt());
    }

    @Override
    public byte[] broken(long n) {
        return n % 2 == 0
                ? "{not avro at all}".getBytes(StandardCharsets.UTF_8)
                : generator.withInvalidSlot();
    }

    @Override
    public double eventsPerSecond() {
        return generator.eventsPerSecond();
    }

    @Override
    public long clock() {
        return generator.clock();
    }
}
