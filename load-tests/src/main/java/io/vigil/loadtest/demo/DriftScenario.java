package io.vigil.loadtest.demo;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.FeatureSpecs;
import io.vigil.jobs.config.KafkaAccess;
import io.vigil.jobs.config.MonitoringJobConfig;
import io.vigil.jobs.config.MonitoringOptions;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.local.LocalFlink;
import io.vigil.loadtest.demo.dashboard.DashboardState;
import io.vigil.loadtest.generator.MarketShift;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.modelops.monitoring.RetrainThresholds;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.retrainer.FlinkServedRows;
import io.vigil.retrainer.PromotionPolicy;
import io.vigil.retrainer.RetrainRequestLoop;
import io.vigil.retrainer.Retrainer;
import io.vigil.retrainer.ShadowRule;
import io.vigil.retrainer.ShadowTrials;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;

/**
 * The parts {@code ./vigil demo --scenario drift} adds to the demo: MonitoringJob beside
 * ScoringJob, the retrainer following retrain requests, the loop console, and the market shift
 * injected into live traffic after a while. Windows and delays are in event time, which the demo
 * runs about 30,000 times faster than the clock: a 12-hour window passes in about 1.5 s.
 */
final class DriftScenario implements AutoCloseable {

    static final Duration WINDOW = Duration.ofHours(12);

    /**
     * Days of history replayed before live traffic: the spec's longest window, so every window is
     * as full live as in the (mature) training rows, and drift means the traffic changed, not that
     * the job's state is younger than the model's.
     */
    static int replayDays(FeatureSpec spec) {
        return (int) Math.max(1, spec.maturity().toDays());
    }

    static final List<String> TOPICS =
            List.of("drift-stats", "performance-stats", "segment-stats", "retrain-requests");

    /**
     * MonitoringJob's default drift and AUC thresholds and persistence; fewer predictions and
     * labels per judged window (a demo window holds about 1,500 predictions), and one request per
     * degradation in a demo's lifetime: the cool-down is longer than any demo.
     */
    static final RetrainThresholds THRESHOLDS =
            new RetrainThresholds(0.25, 0.25, 0.80, 300, 150, 3, Duration.ofDays(365));

    /**
     * A challenger that wins on the holdout runs in shadow and is promoted on live evidence. The
     * demo's traffic matures a few hundred labels a day of event time (a second or two). Training
     * waits for 4,000 labelled rows with 40 frauds on each side of the split: with the least the
     * retrainer accepts (2,000 and 20) the first challenger after the shift learned too little of
     * it to beat the champion live. The trial judges on 1,500 live transactions with 25 frauds, to
     * show the whole loop within about a minute of the shift; it gives up after two minutes of the
     * clock.
     */
    static final PromotionPolicy PROMOTION =
            new PromotionPolicy(Duration.ofDays(30), 0.3, 4000, 40, 0.02, 10)
                    .withShadow(new ShadowRule(1500, 25, 0.95, 0.01, Duration.ofMinutes(2)));

    private final TransactionGenerator generator;
    private final Duration shiftAfter;
    private final ModelRegistry registry;
    private final LoopConsole console;
    private final String bootstrap;
    private RetrainRequestLoop retrainer;
    private Thread retrainerThread;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "vigil-demo-shift");
                        t.setDaemon(true);
                        return t;
                    });
    private final AtomicInteger promoted = new AtomicInteger();
    private final Thread consoleThread;

    DriftScenario(
            EmbeddedKafkaBroker broker,
            Path registryRoot,
            TransactionGenerator generator,
            Duration shiftAfter,
            DashboardState dashboard) {
        this.generator = generator;
        this.shiftAfter = shiftAfter;
        this.registry =
                new ModelRegistry(
                        broker.bootstrapServers(),
                        "model-events",
                        new ArtifactStore(registryRoot.toAbsolutePath().toUri().toString()));
        this.console = new LoopConsole(broker.bootstrapServers(), THRESHOLDS, WINDOW, dashboard);
        this.bootstrap = broker.bootstrapServers();
        this.consoleThread = daemon(console, "vigil-demo-loop-console");
    }

    /**
     * The retrainer, answering requests and judging shadow trials on what was served from {@code
     * liveFrom} on: the history replayed before it is never training data (its event times precede
     * any degradation), and not reading it keeps each training set's batch job short.
     */
    private RetrainRequestLoop retrainer(Instant liveFrom) {
        FlinkServedRows served =
                new FlinkServedRows(
                        KafkaAccess.of(bootstrap),
                        "predictions",
                        WireFormat.AVRO,
                        "labels",
                        FeatureSpecs.bundled(),
                        LocalFlink.configuration(new Configuration()),
                        liveFrom);
        Retrainer trainer = new Retrainer(registry, served, PROMOTION, DriftScenario::print);
        ShadowTrials trials =
                new ShadowTrials(
                        registry, served, PROMOTION, DriftScenario::print, Clock.systemUTC());
        return new RetrainRequestLoop(
                KafkaAccess.of(bootstrap).properties(),
                "retrain-requests",
                "vigil-retrainer",
                trainer,
                trials,
                Duration.ofSeconds(3),
                40,
                DriftScenario::print,
                outcome -> {
                    if (outcome.promoted()) {
                        promoted.incrementAndGet();
                    }
                    print("retrainer: " + outcome.summary());
                });
    }

    /**
     * MonitoringJob's settings for the demo: 12 h windows, labels awaited 10 days, the thresholds
     * above; the replayed history (before {@code liveFrom}) warms up feature state and is not
     * judged.
     */
    static MonitoringJobConfig monitoringConfig(
            String bootstrap, Configuration scoring, Instant liveFrom) {
        Configuration conf = new Configuration(scoring);
        conf.set(MonitoringOptions.IGNORE_BEFORE, Duration.ofMillis(liveFrom.toEpochMilli()));
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, bootstrap);
        conf.set(MonitoringOptions.WINDOW, WINDOW);
        conf.set(MonitoringOptions.LABEL_HORIZON, Duration.ofDays(10));
        // Predictions of two scoring subtasks share partitions: allow an hour of event time (0.1 s)
        // of disorder.
        conf.set(ScoringOptions.OUT_OF_ORDERNESS, Duration.ofHours(1));
        conf.set(MonitoringOptions.MAX_SCORE_PSI, THRESHOLDS.maxScorePsi());
        conf.set(MonitoringOptions.MAX_FEATURE_PSI, THRESHOLDS.maxFeaturePsi());
        conf.set(MonitoringOptions.MIN_AUC, THRESHOLDS.minAuc());
        conf.set(MonitoringOptions.MIN_PREDICTIONS, THRESHOLDS.minPredictions());
        conf.set(MonitoringOptions.MIN_LABELLED, THRESHOLDS.minLabelled());
        conf.set(MonitoringOptions.PERSISTENCE, THRESHOLDS.persistence());
        conf.set(MonitoringOptions.COOL_DOWN, THRESHOLDS.coolDown());
        return MonitoringJobConfig.fromConfiguration(conf);
    }

    /**
     * Live traffic has started: follow the loop, and shift the traffic after the configured time.
     */
    void start() {
        consoleThread.start();
        retrainer = retrainer(Instant.now());
        retrainerThread = daemon(retrainer, "vigil-demo-retrainer");
        retrainerThread.start();
        scheduler.schedule(
                () -> {
                    generator.shift(MarketShift.DEMO);
                    console.markShift(generator.clock());
                },
                shiftAfter.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Once live traffic has stopped: lets a retrain request in hand finish, a running shadow trial
     * be judged twice more (on the labels that were on their way when traffic stopped; after that
     * no more come), and the console see a promotion made, for at most {@code max}, so the demo
     * does not end in the middle of the loop it shows. Returns early when interrupted (Ctrl-C).
     */
    void awaitRetrainer(Duration max) {
        if (retrainer == null) {
            return; // live traffic never started
        }
        long deadline = System.nanoTime() + max.toNanos();
        int judgedAtStop = retrainer.trialJudgements();
        if (retrainer.unanswered() > 0 || retrainer.runningTrials() > 0) {
            print("traffic stopped; waiting for the retrainer (at most " + max.toSeconds() + " s)");
        }
        try {
            while ((retrainer.unanswered() > 0
                            || retrainer.runningTrials() > 0
                                    && retrainer.trialJudgements() < judgedAtStop + 2
                            || console.promotionsSeen() < promoted.get())
                    && System.nanoTime() < deadline) {
                Thread.sleep(200); // polling counters another thread moves: nothing to wait on
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (retrainer.runningTrials() > 0) {
            print("a shadow trial stays undecided: no more labels mature once traffic stops");
        }
    }

    String summary() {
        return console.summary();
    }

    @Override
    public void close() throws InterruptedException {
        scheduler.shutdownNow();
        console.stop();
        if (retrainer != null) {
            retrainer.stop();
            retrainerThread.join(30_000);
            retrainer.close();
        }
        consoleThread.join(5_000);
        console.close();
        registry.close();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void print(String line) {
        System.out.println(
                LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "  " + line);
    }
}
