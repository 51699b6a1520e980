package io.vigil.loadtest.harness;

import io.vigil.jobs.config.Delivery;

/**
 * One measured configuration.
 *
 * @param job {@code passthrough}, or {@code scoring-<model>} (e.g. {@code scoring-lr}, {@code
 *     scoring-gbdt})
 * @param delivery delivery guarantee of its sinks
 * @param drainRate records per second draining a preloaded topic (an upper bound)
 * @param sustainedRate the highest offered rate the job kept up with over the probe window (records
 *     per second actually sent); 0 if it kept up with none of the rates tried
 * @param producerBound the generator could not offer more: the job may sustain more than {@code
 *     sustainedRate}
 * @param latencyRate transactions per second offered during the latency run
 * @param p50Millis produce-to-consume latency percentiles at that rate, in milliseconds
 * @param latencySamples number of transactions whose latency was measured
 * @param jvmCpuMicros CPU microseconds per transaction of the JVM running the job (MiniCluster and
 *     harness) while it drained the history; {@code brokerCpuMicros} the same for the Kafka broker
 */
public record BenchResult(
        String job,
        Delivery delivery,
        double drainRate,
        double sustainedRate,
        boolean producerBound,
        int latencyRate,
        double p50Millis,
        double p99Millis,
        double p999Millis,
        long latencySamples,
        double jvmCpuMicros,
        double brokerCpuMicros) {}
