package io.vigil.loadtest.harness;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.config.StateBackend;
import io.vigil.jobs.local.LocalFlink;
import io.vigil.loadtest.generator.CardTraffic;
import io.vigil.loadtest.generator.GeneratorSettings;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.serving.SessionCache;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

/**
 * Model swaps under load: ScoringJob serves live traffic while the champion is moved over and over
 * between registered versions (different digests, so sessions are loaded and closed). Compares the
 * scoring latency during swaps with the steady state before them, and reports this JVM's RSS growth
 * (the MiniCluster runs in it).
 */
public final class SwapSoak {

    private final EmbeddedKafkaBroker broker;
    private final ModelRegistry registry;
    private final List<String> versions;
    private final Path work;
    private final PrintStream out;

    /**
     * @param versions registered versions of {@code fraud-lr} to rotate through, the first one
     *     serving at start
     */
    public SwapSoak(
            EmbeddedKafkaBroker broker,
            ModelRegistry registry,
            List<String> versions,
            Path work,
            PrintStream out) {
        this.broker = broker;
        this.registry = registry;
        this.versions = versions;
        this.work = work;
        this.out = out;
    }

    /**
     * Runs steady traffic for {@code window}, then {@code swaps} swaps one after another (at most
     * one per window/swaps).
     */
    public Result run(int swaps, int rate, Duration window) throws Exception {
        broker.createTopics(4, List.of("soak-in", "soak-out", "soak-dead"));
        registry.moveAlias("fraud-lr", versions.get(0), "champion", Instant.EPOCH, "soak");
        JobClient job = LocalFlink.startScoringJob(config(), new Configuration(), 2);
        SentLedger ledger = new SentLedger();
        PredictionMonitor monitor =
                new PredictionMonitor(broker.bootstrapServers(), "soak-out", "soak-dead", ledger);
        Thread monitorThread = new Thread(monitor, "soak-monitor");
        monitorThread.start();
        TransactionGenerator generator =
                new TransactionGenerator(
                        new GeneratorSettings(3, 20_000, rate, 0.02, Instant.now()));
        try (TrafficProducer producer =
                new TrafficProducer(
                        broker.bootstrapServers(),
                        "soak-in",
                        null,
                        new CardTraffic(generator),
                        ledger,
                        0,
                        rate)) {
            Thread producerThread = new Thread(producer, "soak-traffic");
            producerThread.start();
            Thread.sleep(Duration.ofSeconds(10).toMillis());
            monitor.intervalLatency();
            monitor.intervalScoringLatency();
            long rssBefore = rssMegabytes();
            Thread.sleep(window.toMillis());
            Histogram steadyScoring = monitor.intervalScoringLatency();
            Histogram steadyEndToEnd = monitor.intervalLatency();
            long rssSteady = rssMegabytes();
            long interval = window.toMillis() / swaps;
            long swapStart = System.nanoTime();
            for (int i = 1; i <= swaps; i++) {
                String version = versions.get(i % versions.size());
                registry.moveAlias(
                        "fraud-lr", version, "champion", Instant.now().plusMillis(500), "soak");
                Thread.sleep(interval);
            }
            Duration swapPhase = Duration.ofNanos(System.nanoTime() - swapStart);
            Thread.sleep(1000);
            Histogram swapScoring = monitor.intervalScoringLatency();
            Histogram swapEndToEnd = monitor.intervalLatency();
            long rssAfter = rssMegabytes();
            producer.stop();
            producerThread.join(10_000);
            Result result =
                    new Result(
                            swaps,
                            rate,
                            steadyScoring.getValueAtPercentile(99),
                            swapScoring.getValueAtPercentile(99),
                            steadyEndToEnd.getValueAtPercentile(99) / 1000.0,
                            swapEndToEnd.getValueAtPercentile(99) / 1000.0,
                            rssBefore,
                            rssSteady,
                            rssAfter,
                            window.toSeconds(),
                            monitor.versionsServed().size(),
                            SessionCache.openSessions(),
                            swapPhase.toSeconds());
            out.println(result.describe());
            return result;
        } finally {
            monitor.stop();
            monitorThread.join(10_000);
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    private ScoringJobConfig config() {
        Configuration conf = new Configuration();
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        conf.set(ScoringOptions.TRANSACTIONS_TOPIC, "soak-in");
        conf.set(ScoringOptions.PREDICTIONS_TOPIC, "soak-out");
        conf.set(ScoringOptions.DEAD_LETTER_TOPIC, "soak-dead");
        conf.set(ScoringOptions.GROUP_ID, "soak");
        conf.set(ScoringOptions.MODEL_NAME, "fraud-lr");
        conf.set(ScoringOptions.REGISTRY_STORE, registry.store().root());
        conf.set(ScoringOptions.ENTITY_KEY_SECRET, "vigil-soak-secret-of-enough-bytes");
        conf.set(ScoringOptions.DELIVERY, Delivery.AT_LEAST_ONCE);
        conf.set(ScoringOptions.STATE_BACKEND, StateBackend.ROCKSDB);
        conf.set(
                ScoringOptions.CHECKPOINT_DIRECTORY,
                work.resolve("checkpoints").toUri().toString());
        return ScoringJobConfig.fromConfiguration(conf);
    }

    /** Resident set size of this process, from /proc (0 where there is none). */
    static long rssMegabytes() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return 0;
    }

    /**
     * @param steadyP99Micros p99 of the predictions' scoring latency before the swaps
     * @param swapP99Micros the same while swapping
     * @param versionsServed distinct versions that decided predictions
     * @param openSessions ONNX Runtime sessions still open when measured
     */
    public record Result(
            int swaps,
            int rate,
            long steadyP99Micros,
            long swapP99Micros,
            double steadyEndToEndP99Millis,
            double swapEndToEndP99Millis,
            long rssBeforeMb,
            long rssSteadyMb,
            long rssAfterMb,
            long steadySeconds,
            int versionsServed,
            int openSessions,
            long swapSeconds) {

        /**
         * RSS growth during the swaps beyond what the steady state's growth rate predicts for as
         * long.
         */
        public long swapGrowthMb() {
            double steadyRate = (rssSteadyMb - rssBeforeMb) / (double) Math.max(1, steadySeconds);
            return Math.round(rssAfterMb - rssSteadyMb - steadyRate * swapSeconds);
        }

        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "%d swaps in %d s at %,d transactions/s: scoring latency p99 %,d us steady, %,d"
                        + " us during swaps (%.2fx); end-to-end p99 %.1f ms steady, %.1f ms during"
                        + " swaps; RSS %,d MB -> %,d MB in %d s steady, -> %,d MB after the swaps"
                        + " (%+d MB beyond the steady trend); %d versions served; %d sessions open",
                    swaps,
                    swapSeconds,
                    rate,
                    steadyP99Micros,
                    swapP99Micros,
                    swapP99Micros / (double) Math.max(1, steadyP99Micros),
                    steadyEndToEndP99Millis,
                    swapEndToEndP99Millis,
                    rssBeforeMb,
                    rssSteadyMb,
                    steadySeconds,
                    rssAfterMb,
                    swapGrowthMb(),
                    versionsServed,
                    openSessions);
        }
    }
}
