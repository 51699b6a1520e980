package io.vigil.loadtest.harness;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.features.flink.StateLayout;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.local.LocalFlink;
import io.vigil.loadtest.baseline.EntityStateSizes;
import io.vigil.loadtest.baseline.PassthroughJob;
import io.vigil.loadtest.baseline.SkeletonJob;
import io.vigil.loadtest.baseline.SqlPeerJob;
import io.vigil.loadtest.generator.CardTraffic;
import io.vigil.loadtest.generator.GeneratorSettings;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.modelops.registry.ModelRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

/**
 * Measures ScoringJob, once per {@link BenchModel} (e.g. a logistic regression and gradient-boosted
 * trees), against {@link PassthroughJob} on the same broker, the same input and the same delivery,
 * side by side in one run. First every job runs once unmeasured (JIT warm-up); then, for each job
 * and delivery, one job on its own topics:
 *
 * <ol>
 *   <li>drain rate: the job starts on a preloaded history (the same seeded transactions for every
 *       job, enough to fill its feature windows) and drains it; records per second over the span of
 *       the outputs' write times. An upper bound, and where the search starts;
 *   <li>maximum sustainable throughput: live traffic continues the history at 95% of the drain
 *       rate, then at lower rates, until the job keeps up over a fixed window (no growing backlog:
 *       {@link RateProbe}). The job's state is then what a running job's is, not an empty one's;
 *   <li>latency: produce-to-consume latency of every transaction into an HdrHistogram, with traffic
 *       offered at a fixed fraction of that maximum (or at a fixed rate, when one is given).
 * </ol>
 */
public final class LoadHarness {

    private static final String SECRET = "vigil-bench-secret-of-enough-bytes";

    /** Suffix of a ScoringJob measured with {@link StateLayout#WHOLE_VALUE}. */
    public static final String WHOLE_VALUE = "-whole-value";

    /**
     * Rates tried, as shares of the drain rate, before giving up on finding one the job keeps up
     * with.
     */
    private static final double[] SEARCH = {0.95, 0.8, 0.65, 0.5, 0.35};

    private final EmbeddedKafkaBroker broker;
    private final BenchSettings settings;
    private final List<BenchModel> models;
    private final Path work;
    private final PrintStream out;

    /** Each job's drain rate in its warm-up, records per second. */
    private final Map<String, Double> warmUpRates = new HashMap<>();

    /** Bytes of state per entity the skeleton keeps: ScoringJob's mean over the history. */
    private int[] stateBytes;

    public LoadHarness(
            EmbeddedKafkaBroker broker,
            BenchSettings settings,
            List<BenchModel> models,
            Path work,
            PrintStream out) {
        this.broker = broker;
        this.settings = settings;
        this.models = List.copyOf(models);
        this.work = work;
        this.out = out;
    }

    public List<BenchResult> run() throws Exception {
        ModelRegistry.ensureTopic(broker.bootstrapServers(), "model-events");
        if (settings.baselines().contains(BenchSettings.SKELETON)) {
            long start = System.nanoTime();
            FeatureSpec spec = FeatureSpecs.load(settings.featureSpec());
            stateBytes =
                    EntityStateSizes.measure(spec, generator(), settings.transactions(), SECRET);
            out.printf(
                    Locale.ROOT,
                    "  skeleton state per entity (ScoringJob's mean over the history, %.1f s):"
                            + " %s%n",
                    (System.nanoTime() - start) / 1e9,
                    EntityStateSizes.describe(spec, stateBytes));
        }
        List<String> jobs = new ArrayList<>(settings.baselines());
        models.forEach(m -> jobs.add(m.job()));
        if (settings.compareStateLayouts()) {
            // The first model again, its entity state written whole on every event, as before
            // deltas and the cache; measured before it (runs measured the later of two like jobs
            // cheaper).
            String first = models.get(0).job();
            jobs.add(jobs.indexOf(first), first + WHOLE_VALUE);
        }
        for (String job : jobs) {
            warmUpRates.put(job, warmUp(job, settings.deliveries().get(0)));
        }
        List<BenchResult> results = new ArrayList<>();
        for (Delivery delivery : settings.deliveries()) {
            for (String job : jobs) {
                results.add(measure(job, delivery));
            }
        }
        return results;
    }

    /**
     * Runs {@code job} over a third of the history, unmeasured: every job's code is compiled by the
     * JIT before any is measured. Without it the first job of a run (the passthrough) measured up
     * to several times slower than the same job measured after others in the same JVM.
     */
    private double warmUp(String job, Delivery delivery) throws Exception {
        String suffix = job + "-warmup";
        broker.createTopics(
                settings.partitions(),
                List.of(
                        "bench-in-" + suffix,
                        "bench-out-" + suffix,
                        "bench-out-" + suffix + "-dead"));
        TransactionGenerator generator = generator();
        int transactions = settings.transactions() / 3;
        preload("bench-in-" + suffix, generator, transactions, io(job));
        try (LiveRun run =
                new LiveRun(
                        broker.bootstrapServers(),
                        "bench-in-" + suffix,
                        "bench-out-" + suffix,
                        start(
                                job,
                                delivery,
                                "bench-in-" + suffix,
                                "bench-out-" + suffix,
                                "bench-" + suffix),
                        generator,
                        transactions,
                        io(job))) {
            double rate = run.drain(Duration.ofSeconds(Math.max(180, transactions / 500)));
            out.printf(Locale.ROOT, "  %-13s warm-up (unmeasured): %,9.0f records/s%n", job, rate);
            return rate;
        }
    }

    /**
     * Drains the history, searches the maximum sustainable rate, then records latency at a fraction
     * of it: one job throughout.
     */
    private BenchResult measure(String job, Delivery delivery) throws Exception {
        String suffix = job + "-" + delivery.name().toLowerCase(Locale.ROOT);
        String input = "bench-in-" + suffix;
        String output = "bench-out-" + suffix;
        broker.createTopics(settings.partitions(), List.of(input, output, output + "-dead"));
        TransactionGenerator generator = generator();
        preload(input, generator, settings.transactions(), io(job));
        try (LiveRun run =
                new LiveRun(
                        broker.bootstrapServers(),
                        input,
                        output,
                        start(job, delivery, input, output, "bench-" + suffix),
                        generator,
                        settings.transactions(),
                        io(job))) {
            // Three times what the warm-up's rate needs: a job much slower than ScoringJob (the SQL
            // peer) drains for minutes.
            Duration timeout =
                    Duration.ofSeconds(
                            Math.max(
                                    120,
                                    (long)
                                            (3
                                                    * settings.transactions()
                                                    / warmUpRates.getOrDefault(job, 2000.0))));
            double[] cpu = run.drainCpu(broker, timeout);
            double drain = run.drain(timeout);
            out.printf(
                    Locale.ROOT,
                    "  %-13s %-13s drains its history at %,9.0f records/s, CPU per record %.1f us"
                            + " (Flink JVM) + %.1f us (broker)%n",
                    job,
                    delivery,
                    drain,
                    cpu[0],
                    cpu[1]);
            RateProbe.Result sustained = sustainedRate(run, job, delivery, drain);
            double maximum = sustained == null ? 0 : sustained.achieved();
            int latencyRate =
                    settings.latencyRate() > 0
                            ? settings.latencyRate()
                            : Math.max(
                                    500, (int) (maximum * settings.latencyFraction() / 500) * 500);
            Histogram latency =
                    run.latency(latencyRate, settings.probeWarmup(), settings.latencyDuration());
            out.printf(
                    Locale.ROOT,
                    "  %-13s %-13s latency at %,d/s: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms (%,d"
                            + " samples)%n",
                    job,
                    delivery,
                    latencyRate,
                    latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0,
                    latency.getValueAtPercentile(99.9) / 1000.0,
                    latency.getTotalCount());
            return new BenchResult(
                    job,
                    delivery,
                    drain,
                    maximum,
                    sustained != null && sustained.producerBound(),
                    latencyRate,
                    latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0,
                    latency.getValueAtPercentile(99.9) / 1000.0,
                    latency.getTotalCount(),
                    cpu[0],
                    cpu[1]);
        }
    }

    private static JobIo io(String job) {
        return job.equals(BenchSettings.SQL_PEER) ? JobIo.SQL_PEER : JobIo.VIGIL;
    }

    private void preload(String topic, TransactionGenerator generator, int transactions, JobIo io) {
        long start = System.nanoTime();
        CardTraffic traffic = io.traffic(generator);
        try (TrafficProducer producer =
                new TrafficProducer(
                        broker.bootstrapServers(),
                        topic,
                        null,
                        traffic,
                        SentLedger.untracked(),
                        0,
                        1)) {
            for (int i = 0; i < transactions; i++) {
                producer.send(traffic.next());
            }
            producer.requireAllDelivered();
        }
        out.printf(
                Locale.ROOT,
                "  preloaded %,d transactions of %,d cards in %.1f s%n",
                transactions,
                settings.cards(),
                (System.nanoTime() - start) / 1e9);
    }

    private JobClient start(
            String job, Delivery delivery, String input, String output, String group)
            throws Exception {
        // --flink options reach Vigil's own options too (e.g. vigil.features.state.fold-every).
        Configuration conf = Configuration.fromMap(settings.flinkOptions());
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        conf.set(ScoringOptions.TRANSACTIONS_TOPIC, input);
        conf.set(ScoringOptions.PREDICTIONS_TOPIC, output);
        conf.set(ScoringOptions.DEAD_LETTER_TOPIC, output + "-dead");
        conf.set(ScoringOptions.GROUP_ID, group);
        BenchModel model =
                models.stream()
                        .filter(m -> job.startsWith(m.job()))
                        .findFirst()
                        .orElse(models.get(0));
        if (job.endsWith(WHOLE_VALUE)) {
            conf.set(ScoringOptions.STATE_FOLD_EVERY, StateLayout.WHOLE_VALUE.foldEvery());
            conf.set(ScoringOptions.STATE_CACHE_ENTRIES, StateLayout.WHOLE_VALUE.cacheEntries());
            conf.set(
                    ScoringOptions.STATE_WRITE_AT_BARRIERS,
                    StateLayout.WHOLE_VALUE.writeAtBarriers());
        }
        conf.set(ScoringOptions.MODEL_PATH, model.model().toUri().toString());
        conf.set(ScoringOptions.MANIFEST_PATH, model.manifest().toUri().toString());
        conf.set(ScoringOptions.ENTITY_KEY_SECRET, SECRET);
        conf.set(ScoringOptions.FEATURE_SPEC, settings.featureSpec());
        conf.set(ScoringOptions.DELIVERY, delivery);
        conf.set(ScoringOptions.STATE_BACKEND, settings.stateBackend());
        conf.set(ScoringOptions.CHECKPOINT_INTERVAL, settings.checkpointInterval());
        conf.set(
                ScoringOptions.CHECKPOINT_DIRECTORY,
                work.resolve("checkpoints").toUri().toString());
        // Generated event time runs ahead of the clock (about one payment per card per day).
        conf.set(ScoringOptions.MAX_FUTURE_SKEW, Duration.ofDays(3650));
        ScoringJobConfig config = ScoringJobConfig.fromConfiguration(conf);
        Configuration flink = Configuration.fromMap(settings.flinkOptions());
        return switch (job) {
            case BenchSettings.PASSTHROUGH ->
                    LocalFlink.start(
                            config.flinkConfiguration(LocalFlink.configuration(flink)),
                            settings.parallelism(),
                            PassthroughJob.NAME,
                            env -> PassthroughJob.addTo(env, config));
            case BenchSettings.SKELETON ->
                    LocalFlink.start(
                            config.flinkConfiguration(LocalFlink.configuration(flink)),
                            settings.parallelism(),
                            SkeletonJob.NAME,
                            env -> SkeletonJob.addTo(env, config, stateBytes));
            case BenchSettings.SQL_PEER ->
                    SqlPeerJob.start(
                            config,
                            config.flinkConfiguration(LocalFlink.configuration(flink)),
                            settings.parallelism());
            default -> LocalFlink.startScoringJob(config, flink, settings.parallelism());
        };
    }

    private TransactionGenerator generator() {
        return new TransactionGenerator(
                new GeneratorSettings(
                        settings.seed(),
                        settings.cards(),
                        settings.cards() / 86_400.0,
                        0.02,
                        Instant.now().minus(Duration.ofDays(1))));
    }

    /**
     * The highest rate found that {@code job} keeps up with: the {@link #SEARCH} shares of its
     * drain rate from the top, then once halfway between the last rate it fell behind at and the
     * first it kept up with, as the search's steps (about 15%) are too coarse for a ratio of two
     * jobs' rates. Null if it kept up with none.
     */
    private RateProbe.Result sustainedRate(LiveRun run, String job, Delivery delivery, double drain)
            throws Exception {
        int fellBehindAt = 0;
        for (double share : SEARCH) {
            RateProbe.Result probe = probe(run, job, delivery, roundedRate(drain * share));
            if (probe.keptUp()) {
                if (fellBehindAt == 0) {
                    return probe;
                }
                int between = roundedRate((probe.rate() + fellBehindAt) / 2.0);
                if (between <= probe.rate()) {
                    return probe;
                }
                RateProbe.Result finer = probe(run, job, delivery, between);
                return finer.keptUp() ? finer : probe;
            }
            if (!probe.producerBound()) {
                fellBehindAt = probe.rate();
            }
        }
        return null;
    }

    private static int roundedRate(double rate) {
        return Math.max(500, (int) (rate / 500) * 500);
    }

    private RateProbe.Result probe(LiveRun run, String job, Delivery delivery, int rate)
            throws Exception {
        RateProbe.Result probe = run.probe(rate, settings.probeWarmup(), settings.probeWindow());
        out.printf(
                Locale.ROOT,
                "  %-13s %-13s offered %,7d/s (sent %,7.0f/s): backlog grew by %,d -> %s%n",
                job,
                delivery,
                probe.rate(),
                probe.achieved(),
                probe.backlogGrowth(),
                probe.producerBound()
                        ? "producer-bound"
                        : probe.keptUp() ? "keeps up" : "falls behind");
        return probe;
    }
}
