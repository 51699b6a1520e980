package io.vigil.features.spec;

/**
 * In which order an entity stage applies events to its state.
 *
 * <p>Kafka orders events only within a partition, so an entity whose events come from several
 * partitions or upstream subtasks (a merchant, a device) sees them interleaved by arrival. Either
 * way a transaction never sees an event with a later event time; the orders differ in latency and
 * in whether streaming equals the batch backfill.
 */
public enum FeatureOrder {

    /**
     * As events arrive: no added latency. Streaming equals the batch backfill for every entity
     * whose events arrive in event-time order (e.g. keyed like the topic's partitions); an event
     * that arrives after a later one of its entity sees less history than it would in order.
     */
    ARRIVAL,

    /**
     * In event-time order: each stage holds an event in keyed state until the watermark passes its
     * time, then applies that instant's events in transaction-id order. Streaming equals the batch
     * backfill at any parallelism; each event waits for the watermark (the configured
     * out-of-orderness, and longer when a partition falls behind). Events behind the watermark are
     * applied at once, as in {@link #ARRIVAL}.
     */
    EVENT_TIME
}
