package io.vigil.cli;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.MonitoringJobConfig;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.config.StateBackend;
import io.vigil.jobs.monitoring.MonitoringJob;
import io.vigil.jobs.scoring.ScoringJob;
import io.vigil.loadtest.generator.GeneratedTransaction;
import io.vigil.loadtest.generator.GeneratorSettings;
import io.vigil.loadtest.generator.LabelDelays;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.loadtest.harness.SentLedger;
import io.vigil.loadtest.harness.LocalFlink;
import io.vigil.loadtest.harness.PredictionMonitor;
import io.vigil.loadtest.harness.TrafficProducer;
import io.vigil.modelops.training.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

/**
 * {@code ./vigil demo}: the whole slice on this machine. Starts a Kafka broker and a Flink
 * MiniCluster, trains the model on generated history, registers it as champion, replays the last two days of it so cards
 * have history, then scores live generated traffic and prints progress until the duration ends or
 * Ctrl-C; then stops everything it started. Live traffic keeps the history's pace per card (about
 * one payment a day), so event time runs much faster than the wall clock.
 */
final class DemoCommand implements Command {

    private static final Path BOOTSTRAP_FILE = Path.of(".vigil", "demo", "bootstrap");
    private static final int HISTORY_DAYS = 20;
    private static final int REPLAY_DAYS = 2;
    /** Long enough for the last exactly-once transaction to commit (1 s checkpoints). */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);

    @Override
    public String summary() {
        return "run the whole pipeline locally (broker, Flink, model, live traffic) and show progress";
    }

    @Override
    public String usage() {
        return """
                Usage: ./vigil demo [options]
                  --duration D      how long to score live traffic, e.g. 60s or 5m (default 60s; Ctrl-C stops earlier)
                  --rate N          live transactions per second (default 1000)
                  --delivery D      EXACTLY_ONCE (default) or AT_LEAST_ONCE
                  --state S         ROCKSDB (default) or HASHMAP
                  --parallelism N   Flink parallelism (default 2)
                  --cards N         cardholders (default 3000)
                  --seed S          traffic and training seed (default 1)
                  --spec FILE       feature spec to compute (default: the card-fraud example in features/src/main/resources/specs)
                  --scenario S      steady (default), or drift: MonitoringJob and the retrainer run too, and after
                                    --shift-after D (default 25s) the traffic shifts (more spending, device-ring fraud);
                                    the console shows drift rising, the retrain request, training, promotion, recovery
                While it runs, `./vigil tail predictions` in another terminal prints the predictions.
                """;
    }

    /** The bootstrap servers of a demo running on this machine, if any. */
    static Optional<String> runningDemoBootstrap() {
        try {
            return Files.exists(BOOTSTRAP_FILE) ? Optional.of(Files.readString(BOOTSTRAP_FILE).trim()) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public int run(CliArguments args) throws Exception {
        Duration duration = args.duration("duration", Duration.ofSeconds(60));
        int rate = args.integer("rate", 1000);
        Delivery delivery = Delivery.valueOf(args.string("delivery", "EXACTLY_ONCE"));
        StateBackend state = StateBackend.valueOf(args.string("state", "ROCKSDB"));
        int parallelism = args.integer("parallelism", 2);
        int cards = args.integer("cards", 3000);
        long seed = args.integer("seed", 1);
        SpecFiles spec = SpecFiles.load(args.string("spec", null));
        String scenario = args.string("scenario", "steady");
        Duration shiftAfter = args.duration("shift-after", Duration.ofSeconds(25));
        if (!List.of("steady", "drift").contains(scenario)) {
            throw new UsageException("--scenario is steady or drift (was " + scenario + ")");
        }
        args.rejectUnknown();

        CountDownLatch finished = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            main.interrupt();
            awaitQuietly(finished);
        }, "vigil-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        DemoConsole console = new DemoConsole();
        try {
            return run(console, duration, rate, delivery, state, parallelism, cards, seed, spec, scenario.equals("drift") ? shiftAfter : null);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down (Ctrl-C): the hook is waiting for us, which is fine.
            }
        }
    }

    /** @param shiftAfter null: the steady scenario; else the drift scenario, shifting traffic after this long */
    private int run(DemoConsole console, Duration duration, int rate, Delivery delivery, StateBackend state,
            int parallelism, int cards, long seed, SpecFiles spec, Duration shiftAfter) throws Exception {
        Path work = Files.createDirectories(Path.of(".vigil", "demo"));
        console.step("starting Kafka broker (KRaft, 127.0.0.1)");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(4, List.of("transactions", "predictions", "labels"));
            broker.createTopics(1, List.of("dead-letters"));
            if (shiftAfter != null) {
                broker.createTopics(1, DriftScenario.TOPICS);
            }
            ModelRegistry.ensureTopic(broker.bootstrapServers(), "model-events");
            Files.writeString(BOOTSTRAP_FILE, broker.bootstrapServers());
            console.step("broker ready on " + broker.bootstrapServers()
                    + "; topics transactions, predictions, dead-letters, labels, model-events");

            // Each card pays about once a day, in history and live alike.
            int historySize = cards * HISTORY_DAYS;
            GeneratorSettings settings = new GeneratorSettings(seed, cards, cards / (double) Duration.ofDays(1).toSeconds(),
                    0.02, Instant.now().minus(Duration.ofDays(HISTORY_DAYS)));
            TransactionGenerator generator = new TransactionGenerator(settings);
            List<GeneratedTransaction> recent = new ArrayList<>();
            int replayDays = shiftAfter == null ? REPLAY_DAYS : DriftScenario.REPLAY_DAYS;
            long replayFrom = Instant.now().minus(Duration.ofDays(replayDays)).toEpochMilli();
            console.step("training the fraud model on " + HISTORY_DAYS + " days of generated history, with the "
                    + spec.spec().featureNames().size() + " features of the spec");
            TrainedModel model = FraudModelTraining.train(generator, historySize, "fraud-lr", "1", seed, System.out, g -> {
                if (g.transaction().getEventTime().toEpochMilli() >= replayFrom) {
                    recent.add(g);
                }
            }, spec.spec());
            try (ModelRegistry registry = new ModelRegistry(broker.bootstrapServers(), "model-events",
                    new ArtifactStore(work.resolve("registry").toAbsolutePath().toUri().toString()))) {
                registry.register(model.onnx(), model.manifest(), "demo");
                registry.moveAlias(model.manifest().name(), model.manifest().version(), "champion", Instant.EPOCH, "demo");
            }
            console.step("registered fraud-lr:1 and made it the champion (try ./vigil model list in another terminal)");

            Configuration conf = scoringConfiguration(broker, delivery, state, work, spec.writeTo(work.resolve("features.yaml")));
            ScoringJobConfig config = ScoringJobConfig.fromConfiguration(conf);
            JobClient job;
            DriftScenario drift = null;
            if (shiftAfter == null) {
                console.step("starting ScoringJob on a Flink MiniCluster (" + delivery + ", " + state + ", parallelism " + parallelism + ")");
                job = LocalFlink.startScoringJob(config, new Configuration(), parallelism);
            } else {
                MonitoringJobConfig monitoring = DriftScenario.monitoringConfig(broker.bootstrapServers(), conf, Instant.ofEpochMilli(generator.clock()));
                console.step("starting ScoringJob and MonitoringJob (drift and labels per " + DriftScenario.WINDOW.toHours()
                        + " h of event time) on a Flink MiniCluster (" + delivery + ", " + state + ", parallelism " + parallelism + ")");
                job = LocalFlink.start(config.flinkConfiguration(new Configuration()), parallelism, "vigil-demo", env -> {
                    new ScoringJob(config).addTo(env);
                    new MonitoringJob(monitoring).addTo(env);
                });
                drift = new DriftScenario(broker, work.resolve("registry"), generator, shiftAfter);
            }
            try {
                return score(console, broker, generator, recent, replayDays, job, duration, rate, seed, drift);
            } finally {
                if (drift != null) {
                    System.out.println(drift.summary());
                    drift.close();
                }
                console.step("stopping the job and the broker");
                job.cancel().get(30, TimeUnit.SECONDS);
                Files.deleteIfExists(BOOTSTRAP_FILE);
            }
        }
    }

    private static int score(DemoConsole console, EmbeddedKafkaBroker broker, TransactionGenerator generator,
            List<GeneratedTransaction> recent, int replayDays, JobClient job, Duration duration, int rate, long seed, DriftScenario drift)
            throws Exception {
        SentLedger ledger = new SentLedger();
        try (TrafficProducer producer = new TrafficProducer(broker.bootstrapServers(), "transactions", "labels", generator, ledger, 1000, rate)
                .withLabelDelays(LabelDelays.realistic(seed))) {
            console.step("replaying the last " + replayDays + " days (" + recent.size() + " transactions) so cards have history");
            recent.forEach(producer::send);
            producer.flush();
            PredictionMonitor monitor = new PredictionMonitor(broker.bootstrapServers(), "predictions", "dead-letters", ledger);
            Thread monitorThread = start(monitor, "vigil-demo-monitor");
            Thread producerThread = start(producer, "vigil-demo-traffic");
            if (drift != null) {
                drift.start();
            }
            console.step(String.format("scoring live traffic at %,d/s for %d s (Ctrl-C stops); event time runs %,.0fx faster"
                    + " than the clock, so each card pays about once a day as in its history", rate, duration.toSeconds(),
                    rate / generator.eventsPerSecond()));
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

    private static Configuration scoringConfiguration(EmbeddedKafkaBroker broker, Delivery delivery, StateBackend state, Path work,
            String specUri) {
        Configuration conf = new Configuration();
        conf.set(ScoringOptions.FEATURE_SPEC, specUri);
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        conf.set(ScoringOptions.MODEL_NAME, "fraud-lr");
        // A demo secret; production takes it from a secret store (see the README).
        conf.set(ScoringOptions.ENTITY_KEY_SECRET, "vigil-demo-secret-not-for-production");
        conf.set(ScoringOptions.DELIVERY, delivery);
        // The demo compresses days of event time into minutes, so its event times run ahead of the clock.
        conf.set(ScoringOptions.MAX_FUTURE_SKEW, Duration.ofDays(3650));
        conf.set(ScoringOptions.STATE_BACKEND, state);
        conf.set(ScoringOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        conf.set(ScoringOptions.CHECKPOINT_DIRECTORY, work.toAbsolutePath().resolve("checkpoints").toUri().toString());
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
