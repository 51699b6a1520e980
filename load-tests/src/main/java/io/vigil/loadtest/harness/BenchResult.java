package io.vigil.loadtest.harness;

import io.vigil.jobs.config.Delivery;

/**
 * One measured configuration.
 *
 * @param job {@code passthrough}, or {@code scoring-<model>} (e.g. {@code scoring-lr}, {@code scoring-gbdt})
 * @param delivery delivery guarantee of its sinks
 * @param throughput sustained records per second draining a preloaded topic
 * @param latencyRate transactions per second offered during the latency run
 * @param p50Millis produce-to-consume latency percentiles at that rate, in milliseconds
 * @param latencySamples number of transactions whose latency was measured
 */
public record BenchResult(String job, Delivery delivery, double throughput, int latencyRate,
        double p50Millis, double p99Millis, double p999Millis, long latencySamples) {}
