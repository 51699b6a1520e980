package io.vigil.loadtest.harness;

import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.StateBackend;
import java.time.Duration;
import java.util.List;

/**
 * What a benchmark run measures and how long.
 *
 * @param transactions records preloaded for the throughput runs
 * @param cards distinct cards among them (keyed state size)
 * @param latencyRate transactions per second offered in the latency runs
 * @param latencyWarmup traffic before latency is recorded
 * @param latencyDuration traffic whose latency is recorded
 */
public record BenchSettings(int transactions, int cards, int partitions, int parallelism, StateBackend stateBackend,
        Duration checkpointInterval, List<Delivery> deliveries, int latencyRate, Duration latencyWarmup,
        Duration latencyDuration, long seed) {

    /** A few minutes in all. */
    public static BenchSettings quick() {
        return new BenchSettings(300_000, 50_000, 4, 2, StateBackend.ROCKSDB, Duration.ofSeconds(2),
                List.of(Delivery.EXACTLY_ONCE, Delivery.AT_LEAST_ONCE), 5_000, Duration.ofSeconds(5), Duration.ofSeconds(15), 1);
    }

    /** Longer runs, tighter figures. */
    public static BenchSettings full() {
        return new BenchSettings(1_500_000, 200_000, 4, 2, StateBackend.ROCKSDB, Duration.ofSeconds(2),
                List.of(Delivery.EXACTLY_ONCE, Delivery.AT_LEAST_ONCE), 10_000, Duration.ofSeconds(10), Duration.ofSeconds(60), 1);
    }
}
