package io.vigil.jobs.config;

/** How predictions and dead letters are written to Kafka. */
public enum Delivery {
    /**
     * Kafka transactions committed with each checkpoint: read_committed consumers see every record
     * exactly once, at the latency of the checkpoint interval.
     */
    EXACTLY_ONCE,
    /**
     * Records are flushed at least every few milliseconds and on checkpoints; after a failure some
     * may repeat. Each prediction is keyed by transaction id so consumers can drop duplicates.
     */
    AT_LEAST_ONCE
}
