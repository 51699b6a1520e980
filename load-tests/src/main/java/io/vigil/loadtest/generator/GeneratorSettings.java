package io.vigil.loadtest.generator;

import java.time.Instant;

/**
 * What the generator simulates.
 *
 * @param seed same seed, same stream
 * @param cards number of cardholders
 * @param eventsPerSecond transactions per second of event time (not of wall-clock time)
 * @param fraudRate share of transactions that are fraudulent, e.g. 0.02
 * @param start event time of the stream's beginning
 */
public record GeneratorSettings(
        long seed, int cards, double eventsPerSecond, double fraudRate, Instant start) {

    public GeneratorSettings {
        if (cards < 1 || !(eventsPerSecond > 0) || !(fraudRate >= 0 && fraudRate < 0.5)) {
            throw new IllegalArgumentException(
                    "need cards >= 1, eventsPerSecond > 0 and fraudRate in [0, 0.5): " + this);
        }
    }
}
