package io.vigil.loadtest.generator;

/**
 * A generated stream of some example's events, in event-time order. Not thread-safe: one producer
 * draws from it.
 */
public interface Traffic {

    TrafficEvent next();

    /**
     * A record that looks like the next event but must be dead-lettered ({@code n} counts the
     * broken records so far, so a stream can vary how they break).
     */
    byte[] broken(long n);

    /** Events per second of event time. */
    double eventsPerSecond();

    /** Event time of the latest event, epoch ms. */
    long clock();
}
