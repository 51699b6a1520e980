package io.vigil.loadtest.demo;

import io.vigil.cli.ContributedCommand;
import io.vigil.cli.support.RunningDemo;
import io.vigil.cli.support.SpecFiles;
import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.MonitoringJobConfig;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.config.StateBackend;
import io.vigil.jobs.local.LocalFlink;
import io.vigil.jobs.monitoring.MonitoringJob;
import io.vigil.jobs.scoring.ScoringJob;
import io.vigil.loadtest.generator.GeneratedTransaction;
import io.vigil.loadtest.generator.GeneratorSettings;
import io.vigil.loadtest.generator.LabelDelays;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.loadtest.harness.PredictionMonitor;
import io.vigil.loadtest.harness.SentLedger;
import io.vigil.loadtest.harness.TrafficProducer;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.registry.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./vigil demo}: the whole slice on this machine. Starts a Kafka broker and a Flink
 * MiniCluster, trains the model on generated history, registers it as champion, replays the last
 * two days of it so cards have history, then scores live generated traffic and prints progress
 * until the duration ends or Ctrl-C; then stops everything it started. Live traffic keeps the
 * history's pace per card (about one payment a day), so event time runs much faster than the wall
 * clock.
 */
@Command(
        name = "demo",
        description = {
            "Run the whole pipeline on this machine and show its progress.",
            "Starts a Kafka broker and a Flink MiniCluster, trains a model on generated history and"
                + " registers it as champion, then scores live generated traffic until the duration"
                + " ends or Ctrl-C, with progress. While it runs, `./vigil tail predictions` in"
                + " another terminal prints the predictions."
        })
public final class DemoCommand implements ContributedCommand {

    private static final int HISTORY_DAYS = 20;
    private static final int REPLAY_DAYS = 2;

    /** How long the drift scenario waits, after the traffic, for a retrain request in hand. */
    private static final Duration RETRAINER_GRACE = Duration.ofSeconds(90);

    /** Long enough for the last exactly-once transaction to commit (1 s checkpoints). */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);

    @Option(
            names = "--duration",
            paramLabel = "D",
            description =
                    "How long to score live traffic, e.g. 60s or 5min (default: 60s; Ctrl-C stops"
                            + " earlier).")
    Duration duration = Duration.ofSeconds(60);

    @Option(
            names = "--rate",
            paramLabel = "N",
            description = "Live transactions per second (default: 1000).")
    int rate = 1000;

    @Option(
            names = "--delivery",
            paramLabel = "D",
            description = "${COMPLETION-CANDIDATES} (default: EXACTLY_ONCE).")
    Delivery delivery = Delivery.EXACTLY_ONCE;

    @Option(
            names = "--state",
            paramLabel = "S",
            description = "${COMPLETION-CANDIDATES} (default: ROCKSDB).")
    StateBackend state = StateBackend.ROCKSDB;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Flink parallelism (default: 2).")
    int parallelism = 2;

    @Option(names = "--cards", paramLabel = "N", description = "Cardholders (default: 3000).")
    int cards = 3000;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Traffic and training seed (default: 1).")
    long seed = 1;

    @Option(
            names = "--spec",
            paramLabel = "FILE",
            description =
                    "Feature spec to compute (default: the card-fraud example in"
                            + " features/src/main/resources/specs).")
    String specFile;

    @Option(
            names = "--scenario",
            paramLabel = "S",
            description =
                    "${COMPLETION-CANDIDATES} (default: STEADY). DRIFT: MonitoringJob and the"
                            + " retrainer run too, and after --shift-after the traffic shifts (more"
                            + " spending, device-ring fraud); the console shows drift rising, the"
                            + " retrain request, training, promotion and recovery.")
    Scenario scenario = Scenario.STEADY;

    @Option(
            names = "--shift-after",
            paramLabel = "D",
            description = "When the drift scenario shifts the traffic (default: 25s).")
    Duration shiftAfter = Duration.ofSeconds(25);

    /** What the live traffic does. */
    enum Scenario {
        STEADY,
        DRIFT
    }

    @Override
    public Integer call() throws Exception {
        SpecFiles spec = SpecFiles.load(specFile);

        CountDownLatch finished = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Thread hook =
                new Thread(
                        () -> {
                            main.interrupt();
                            awaitQuietly(finished);
                        },
                        "vigil-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        DemoConsole console = new DemoConsole();
        try {
            return run(
                    console,
                    duration,
                    rate,
                    delivery,
                    state,
                    parallelism,
                    cards,
                    seed,
                    spec,
                    scenario == Scenario.DRIFT ? shiftAfter : null);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down (Ctrl-C): the hook is waiting for us, which is fine.
            }
        }
    }

    /**
     * @param shiftAfter null: the steady scenario; else the drift scenario, shifting traffic after
     *     this long
     */
    private int run(
            DemoConsole console,
            Duration duration,
            int rate,
            Delivery delivery,
            StateBackend state,
            int parallelism,
            int cards,
            long seed,
            SpecFiles spec,
            Duration shiftAfter)
            throws Exception {
        Path work = Files.createDirectories(Path.of(".vigil", "demo"));
        console.step("starting Kafka broker (KRaft, 127.0.0.1)");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(4, List.of("transactions", "predictions", "labels"));
            broker.createTopics(1, List.of("dead-letters"));
            if (shiftAfter != null) {
                broker.createTopics(1, DriftScenario.TOPICS);
            }
            ModelRegistry.ensureTopic(broker.bootstrapServers(), "model-events");
            RunningDemo.started(broker.bootstrapServers());
            console.step(
                    "broker ready on "
                            + broker.bootstrapServers()
                            + "; topics transactions, predictions, dead-letters, labels,"
                            + " model-events");

            // Each card pays about once a day, in history and live alike.
            int historySize = cards * HISTORY_DAYS;
            GeneratorSettings settings =
                    new GeneratorSettings(
                            seed,
                            cards,
                            cards / (double) Duration.ofDays(1).toSeconds(),
                            0.02,
                            Instant.now().minus(Duration.ofDays(HISTORY_DAYS)));
            TransactionGenerator generator = new TransactionGenerator(settings);
            List<GeneratedTransaction> recent = new ArrayList<>();
            int replayDays = shiftAfter == null ? REPLAY_DAYS : DriftScenario.REPLAY_DAYS;
            long replayFrom = Instant.now().minus(Duration.ofDays(replayDays)).toEpochMilli();
            console.step(
                    "training the fraud model on "
                            + HISTORY_DAYS
                            + " days of generated history, with the "
                            + spec.spec().featureNames().size()
                            + " features of the spec");
            TrainedModel model =
                    FraudModelTraining.train(
                            generator,
                            historySize,
                            "fraud-lr",
                            "1",
                            seed,
                            System.out,
                            g -> {
                                if (g.transaction().getEventTime().toEpochMilli() >= replayFrom) {
                                    recent.add(g);
                                }
                            },
                            spec.spec());
            try (ModelRegistry registry =
                    new ModelRegistry(
                            broker.bootstrapServers(),
                            "model-events",
                            new ArtifactStore(
                                    work.resolve("registry")
                                            .toAbsolutePath()
                                            .toUri()
                                            .toString()))) {
                registry.register(model.onnx(), model.manifest(), "demo");
                registry.moveAlias(
                        model.manifest().name(),
                        model.manifest().version(),
                        "champion",
                        Instant.EPOCH,
                        "demo");
            }
            console.step(
                    "registered fraud-lr:1 and made it the champion (try ./vigil model list in"
                            + " another terminal)");

            Configuration conf =
                    scoringConfiguration(
                            broker,
                            delivery,
                            state,
                            work,
                            spec.writeTo(work.resolve("features.yaml")));
            ScoringJobConfig config = ScoringJobConfig.fromConfiguration(conf);
            JobClient job;
            DriftScenario drift = null;
            if (shiftAfter == null) {
                console.step(
                        "starting ScoringJob on a Flink MiniCluster ("
                                + delivery
                                + ", "
                                + state
                                + ", parallelism "
                                + parallelism
                                + ")");
                job = LocalFlink.startScoringJob(config, new Configuration(), parallelism);
            } else {
                MonitoringJobConfig monitoring =
                        DriftScenario.monitoringConfig(
                                broker.bootstrapServers(),
                                conf,
                                Instant.ofEpochMilli(generator.clock()));
                console.step(
                        "starting ScoringJob and MonitoringJob (drift and labels per "
                                + DriftScenario.WINDOW.toHours()
                                + " h of event time) on a Flink MiniCluster ("
                                + delivery
                                + ", "
                                + state
                                + ", parallelism "
                                + parallelism
                                + ")");
                job =
                        LocalFlink.start(
                                config.flinkConfiguration(new Configuration()),
                                parallelism,
                                "vigil-demo",
                                env -> {
                                    new ScoringJob(config).addTo(env);
                                    new MonitoringJob(monitoring).addTo(env);
                                });
                drift = new DriftScenario(broker, work.resolve("registry"), generator, shiftAfter);
            }
            try {
                return score(
                        console,
                        broker,
                        generator,
                        recent,
                        replayDays,
                        job,
                        duration,
                        rate,
                        seed,
                        drift);
            } finally {
                if (drift != null) {
                    drift.awaitRetrainer(RETRAINER_GRACE);
                    System.out.println(drift.summary());
                    drift.close();
                }
                console.step("stopping the job and the broker");
                job.cancel().get(30, TimeUnit.SECONDS);
                RunningDemo.stopped();
            }
        }
    }

    private static int score(
            DemoConsole console,
            EmbeddedKafkaBroker broker,
            TransactionGenerator generator,
            List<GeneratedTransaction> recent,
            int replayDays,
            JobClient job,
            Duration duration,
            int rate,
            long seed,
            DriftScenario drift)
            throws Exception {
        SentLedger ledger = new SentLedger();
        try (TrafficProducer producer =
                new TrafficProducer(
                                broker.bootstrapServers(),
                                "transactions",
                                "labels",
                                generator,
                                ledger,
                                1000,
                                rate)
                        .withLabelDelays(LabelDelays.realistic(seed))) {
            console.step(
                    "replaying the last "
                            + replayDays
                            + " days ("
                            + recent.size()
                            + " transactions) so cards have history");
            recent.forEach(producer::send);
            producer.flush();
            PredictionMonitor monitor =
                    new PredictionMonitor(
                            broker.bootstrapServers(), "predictions", "dead-letters", ledger);
            Thread monitorThread = start(monitor, "vigil-demo-monitor");
            Thread producerThread = start(producer, "vigil-demo-traffic");
            if (drift != null) {
                drift.start();
            }
            console.step(
                    String.format(
                            "scoring live traffic at %,d/s for %d s (Ctrl-C stops); event time runs"
                                + " %,.0fx faster than the clock, so each card pays about once a"
                                + " day as in its history",
                            rate, duration.toSeconds(), rate / generator.eventsPerSecond()));
            int status = console.watch(job, producer, monitor, duration);
            producer.stop();
            producerThread.join(10_000);
            console.drain(monitor, producer.sent(), DRAIN_TIMEOUT);
            monitor.stop();
            monitorThread.join(10_000);
            console.summary(producer, monitor);
            return status;
        }
    }

    private static Configuration scoringConfiguration(
            EmbeddedKafkaBroker broker,
            Delivery delivery,
            StateBackend state,
            Path work,
            String specUri) {
        Configuration conf = new Configuration();
        conf.set(ScoringOptions.FEATURE_SPEC, specUri);
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        conf.set(ScoringOptions.MODEL_NAME, "fraud-lr");
        // A demo secret; production takes it from a secret store (see the README).
        conf.set(ScoringOptions.ENTITY_KEY_SECRET, "vigil-demo-secret-not-for-production");
        conf.set(ScoringOptions.DELIVERY, delivery);
        // The demo compresses days of event time into minutes, so its event times run ahead of the
        // clock.
        conf.set(ScoringOptions.MAX_FUTURE_SKEW, Duration.ofDays(3650));
        conf.set(ScoringOptions.STATE_BACKEND, state);
        conf.set(ScoringOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        conf.set(
                ScoringOptions.CHECKPOINT_DIRECTORY,
                work.toAbsolutePath().resolve("checkpoints").toUri().toString());
        return conf;
    }

    private static Thread start(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
