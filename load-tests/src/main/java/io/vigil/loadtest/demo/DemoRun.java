package io.vigil.loadtest.demo;

import io.vigil.cli.support.RunningDemo;
import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.jobs.config.Delivery;
import io.vigil.jobs.config.MonitoringJobConfig;
import io.vigil.jobs.config.ScoringJobConfig;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.config.StateBackend;
import io.vigil.jobs.local.LocalFlink;
import io.vigil.jobs.monitoring.MonitoringJob;
import io.vigil.jobs.scoring.ScoringJob;
import io.vigil.loadtest.demo.dashboard.DashboardServer;
import io.vigil.loadtest.demo.dashboard.DashboardState;
import io.vigil.loadtest.generator.Traffic;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.prometheus.LoopbackPrometheusReporterFactory;

/**
 * One run of {@code ./vigil demo}: starts a Kafka broker and a Flink MiniCluster, trains the
 * example's model on its generated history, registers it as champion, replays the recent history so
 * entities have some, then scores live generated traffic and prints progress until the duration
 * ends or the thread is interrupted (Ctrl-C); then stops everything it started.
 *
 * @param example what runs: the card-fraud example or another
 * @param shiftAfter null: the steady scenario; else the drift scenario (card fraud only), shifting
 *     the traffic after this long
 * @param metricsPort null, or the port on 127.0.0.1 where Flink's Prometheus reporter serves the
 *     jobs' metrics
 * @param dashboardPort the port on 127.0.0.1 of the live dashboard (0: any free port)
 */
record DemoRun(
        Duration duration,
        int rate,
        Delivery delivery,
        StateBackend state,
        int parallelism,
        DemoExample example,
        Duration shiftAfter,
        int brokenEvery,
        Integer metricsPort,
        int dashboardPort) {

    /** Days of card history replayed in the steady scenario. */
    static final int REPLAY_DAYS = 2;

    /** How long the drift scenario waits, after the traffic, for a retrain request in hand. */
    private static final Duration RETRAINER_GRACE = Duration.ofSeconds(90);

    /** The longest wait for the replayed history to be scored before live traffic starts. */
    private static final Duration HISTORY_TIMEOUT = Duration.ofMinutes(5);

    /** Long enough for the last exactly-once transaction to commit (1 s checkpoints). */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);

    /** Runs the demo, printing its steps on {@code console}; returns the exit status. */
    int call(DemoConsole console) throws Exception {
        Path work = Files.createDirectories(Path.of(".vigil", "demo"));
        DashboardState dashboard =
                new DashboardState(
                        example.modelName()
                                + (shiftAfter == null ? ", steady" : ", drift scenario"));
        console.showOn(dashboard);
        try (DashboardServer server = DashboardServer.start(dashboard, dashboardPort)) {
            console.step("live dashboard: " + server.url());
            return call(console, work, dashboard);
        }
    }

    private int call(DemoConsole console, Path work, DashboardState dashboard) throws Exception {
        console.step("starting Kafka broker (KRaft, 127.0.0.1)");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String events = example.eventsTopic();
            broker.createTopics(4, List.of(events, "predictions", "labels"));
            broker.createTopics(1, List.of("dead-letters"));
            if (shiftAfter != null) {
                broker.createTopics(1, DriftScenario.TOPICS);
            }
            ModelRegistry.ensureTopic(broker.bootstrapServers(), "model-events");
            RunningDemo.started(broker.bootstrapServers());
            console.step(
                    "broker ready on "
                            + broker.bootstrapServers()
                            + "; topics "
                            + events
                            + ", predictions, dead-letters, labels, model-events");

            String specUri = example.writeSpec(work);
            console.step("training the " + example.modelName() + " model on generated history");
            TrainedModel model = example.train(System.out);
            registerChampion(broker, work, model);
            console.step(
                    "registered "
                            + model.manifest().id()
                            + " and made it the champion (try ./vigil model list in another"
                            + " terminal)");

            Configuration conf = scoringConfiguration(broker, work, specUri);
            CardFraudDemo cards = shiftAfter == null ? null : (CardFraudDemo) example;
            JobClient job = startJobs(console, broker, conf, cards);
            DriftScenario drift =
                    cards == null
                            ? null
                            : new DriftScenario(
                                    broker,
                                    work.resolve("registry"),
                                    cards.generator(),
                                    shiftAfter,
                                    dashboard);
            try {
                return score(console, broker, job, drift);
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

    /** Registers the trained model and makes it the champion from the start of event time. */
    private static void registerChampion(EmbeddedKafkaBroker broker, Path work, TrainedModel model)
            throws Exception {
        try (ModelRegistry registry =
                new ModelRegistry(
                        broker.bootstrapServers(),
                        "model-events",
                        new ArtifactStore(
                                work.resolve("registry").toAbsolutePath().toUri().toString()))) {
            registry.register(model.onnx(), model.manifest(), "demo");
            registry.moveAlias(
                    model.manifest().name(),
                    model.manifest().version(),
                    "champion",
                    Instant.EPOCH,
                    "demo");
        }
    }

    /** ScoringJob (and, in the drift scenario, MonitoringJob) on a local MiniCluster. */
    private JobClient startJobs(
            DemoConsole console,
            EmbeddedKafkaBroker broker,
            Configuration conf,
            CardFraudDemo cards)
            throws Exception {
        ScoringJobConfig config = ScoringJobConfig.fromConfiguration(conf);
        String where =
                " on a Flink MiniCluster ("
                        + delivery
                        + ", "
                        + state
                        + ", parallelism "
                        + parallelism
                        + ")";
        if (cards == null) {
            console.step("starting ScoringJob" + where);
            return LocalFlink.startScoringJob(config, flinkConfiguration(console), parallelism);
        }
        MonitoringJobConfig monitoring =
                DriftScenario.monitoringConfig(
                        broker.bootstrapServers(),
                        conf,
                        Instant.ofEpochMilli(cards.generator().clock()));
        console.step(
                "starting ScoringJob and MonitoringJob (drift and labels per "
                        + DriftScenario.WINDOW.toHours()
                        + " h of event time)"
                        + where);
        return LocalFlink.start(
                config.flinkConfiguration(LocalFlink.configuration(flinkConfiguration(console))),
                parallelism,
                "vigil-demo",
                env -> {
                    new ScoringJob(config).addTo(env);
                    new MonitoringJob(monitoring).addTo(env);
                });
    }

    /** The MiniCluster's own settings: a Prometheus reporter on {@link #metricsPort} if set. */
    private Configuration flinkConfiguration(DemoConsole console) {
        Configuration conf = new Configuration();
        if (metricsPort != null) {
            conf.setString(
                    "metrics.reporter.prom.factory.class",
                    LoopbackPrometheusReporterFactory.class.getName());
            conf.setString(
                    "metrics.reporter.prom." + LoopbackPrometheusReporterFactory.PORT,
                    String.valueOf(metricsPort));
            console.step(
                    "metrics in Prometheus format on http://127.0.0.1:" + metricsPort + "/metrics");
        }
        return conf;
    }

    /** Replays recent history, then scores live traffic for the duration and prints the summary. */
    private int score(
            DemoConsole console, EmbeddedKafkaBroker broker, JobClient job, DriftScenario drift)
            throws Exception {
        SentLedger ledger = new SentLedger();
        Traffic traffic = example.traffic();
        try (TrafficProducer producer =
                new TrafficProducer(
                        broker.bootstrapServers(),
                        example.eventsTopic(),
                        "labels",
                        traffic,
                        ledger,
                        brokenEvery,
                        rate)) {
            console.step(
                    String.format(
                            "replaying %,d recent %s so entities have history",
                            example.recent().size(), example.events()));
            example.recent().forEach(producer::send);
            producer.flush();
            PredictionMonitor monitor =
                    new PredictionMonitor(
                            broker.bootstrapServers(), "predictions", "dead-letters", ledger);
            Thread monitorThread = start(monitor, "vigil-demo-monitor");
            // Live traffic starts once the history is scored: a job still catching up would
            // close monitoring windows on a backlog, and report its latency as the live one.
            console.awaitScored(monitor, example.recent().size(), HISTORY_TIMEOUT);
            Thread producerThread = start(producer, "vigil-demo-traffic");
            if (drift != null) {
                drift.start();
            }
            console.step(
                    String.format(
                            "scoring live %s at %,d/s for %d s (Ctrl-C stops); event time runs"
                                    + " %,.0fx faster than the clock, at the pace of the history",
                            example.events(),
                            rate,
                            duration.toSeconds(),
                            rate / traffic.eventsPerSecond()));
            int status = console.watch(job, producer, monitor, duration);
            producer.stop();
            producerThread.join(10_000);
            console.drain(monitor, producer.sent(), DRAIN_TIMEOUT);
            monitor.stop();
            monitorThread.join(10_000);
            console.summary(producer, monitor, ledger);
            return status;
        }
    }

    private Configuration scoringConfiguration(
            EmbeddedKafkaBroker broker, Path work, String specUri) {
        Configuration conf = new Configuration();
        conf.set(ScoringOptions.FEATURE_SPEC, specUri);
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        conf.set(ScoringOptions.MODEL_NAME, example.modelName());
        conf.set(
                ScoringOptions.REGISTRY_STORE,
                work.resolve("registry").toAbsolutePath().toUri().toString());
        conf.set(ScoringOptions.TRANSACTIONS_TOPIC, example.eventsTopic());
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
}
