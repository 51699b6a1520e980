package io.vigil.loadtest.harness;

import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.StateBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a benchmark run measures and how long.
 *
 * @param transactions history preloaded for each job (with {@code cards}, it sets how many days of
 *     event time the history spans: a card pays about once a day, and windows reach 30 days)
 * @param cards distinct cards (keyed state size)
 * @param latencyRate transactions per second offered in the latency runs; 0 for {@code
 *     latencyFraction} of each job's maximum sustainable rate
 * @param latencyFraction share of the maximum sustainable rate offered in the latency runs
 * @param probeWarmup traffic before a probe (or a latency run) starts measuring
 * @param probeWindow the window over which a job must keep up with a rate
 * @param latencyDuration traffic whose latency is recorded
 * @param featureSpec URI of the feature spec ScoringJob computes (see {@code FeatureSpecs.load})
 * @param flinkOptions further Flink options for every job, e.g. RocksDB tuning ({@code
 *     state.backend.rocksdb.*})
 * @param compareStateLayouts also measure ScoringJob (the first model) with its entity state
 *     written whole on every event, as before deltas and the state cache ({@code -whole-value})
 * @param baselines the jobs ScoringJob is measured against, in this order: any of {@link
 *     #PASSTHROUGH}, {@link #SKELETON}, {@link #SQL_PEER}
 */
public record BenchSettings(
        int transactions,
        int cards,
        int partitions,
        int parallelism,
        StateBackend stateBackend,
        Duration checkpointInterval,
        List<Delivery> deliveries,
        int latencyRate,
        double latencyFraction,
        Duration probeWarmup,
        Duration probeWindow,
        Duration latencyDuration,
        long seed,
        String featureSpec,
        Map<String, String> flinkOptions,
        List<String> baselines,
        boolean compareStateLayouts) {

    /** A job that decodes and writes, with one keyed hop and no state. */
    public static final String PASSTHROUGH = "passthrough";

    /** ScoringJob's shape (hops, state per entity, sinks) without features or model. */
    public static final String SKELETON = "skeleton";

    /** The bundled spec's features in Flink SQL: what a team would write instead. */
    public static final String SQL_PEER = "sql-peer";

    /** Every baseline. */
    public static final List<String> BASELINES = List.of(PASSTHROUGH, SKELETON, SQL_PEER);

    /**
     * About ten minutes in all (with one model: the Flink SQL peer alone drains its history for two
     * to three minutes), exactly-once only.
     */
    public static BenchSettings quick() {
        return new BenchSettings(
                300_000,
                10_000,
                4,
                2,
                StateBackend.ROCKSDB,
                Duration.ofSeconds(2),
                List.of(Delivery.EXACTLY_ONCE),
                0,
                0.5,
                Duration.ofSeconds(4),
                Duration.ofSeconds(12),
                Duration.ofSeconds(12),
                1,
                FeatureSpecs.BUNDLED,
                Map.of(),
                BASELINES,
                false);
    }

    /** Longer runs, tighter figures. */
    public static BenchSettings full() {
        return new BenchSettings(
                1_800_000,
                50_000,
                4,
                2,
                StateBackend.ROCKSDB,
                Duration.ofSeconds(2),
                List.of(Delivery.EXACTLY_ONCE, Delivery.AT_LEAST_ONCE),
                0,
                0.5,
                Duration.ofSeconds(10),
                Duration.ofSeconds(40),
                Duration.ofSeconds(60),
                1,
                FeatureSpecs.BUNDLED,
                Map.of(),
                BASELINES,
                false);
    }
}
