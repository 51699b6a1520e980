package io.vigil.retrainer;

import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.schemas.codec.WireFormat;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;

/**
 * The retrainer as a long-running service: follows the retrain requests and answers each (see
 * {@link Retrainer}) until the process is stopped; a shutdown (SIGTERM, Ctrl-C) lets the request in
 * hand finish. Shadow trials are judged meanwhile (see {@link ShadowTrials}). Building training
 * sets runs Flink batch jobs on {@code flink}'s environment (a local MiniCluster in this process).
 */
public final class RetrainerService {

    private final RetrainerConfig config;
    private final Configuration flink;
    private final Consumer<String> log;

    /**
     * @param log receives one line per step
     */
    public RetrainerService(RetrainerConfig config, Configuration flink, Consumer<String> log) {
        this.config = config;
        this.flink = flink;
        this.log = log;
    }

    /** Runs until the JVM shuts down. */
    public void run() throws Exception {
        try (ModelRegistry registry =
                new ModelRegistry(
                        config.kafka().bootstrapServers(),
                        config.kafka().clientProperties(),
                        config.registryTopic(),
                        new ArtifactStore(config.artifactStore()))) {
            ServedRows served =
                    new FlinkServedRows(
                            config.kafka(),
                            config.predictionsTopic(),
                            WireFormat.AVRO,
                            config.labelsTopic(),
                            config.spec(),
                            flink,
                            null);
            Retrainer retrainer = new Retrainer(registry, served, config.policy(), log);
            ShadowTrials trials =
                    config.policy().shadow() == null
                            ? null
                            : new ShadowTrials(
                                    registry, served, config.policy(), log, Clock.systemUTC());
            try (RetrainRequestLoop loop =
                    new RetrainRequestLoop(
                            config.kafka().properties(),
                            config.requestsTopic(),
                            config.groupId(),
                            retrainer,
                            trials,
                            config.retryEvery(),
                            config.attempts(),
                            log,
                            outcome -> log.accept("done: " + outcome.summary()))) {
                CountDownLatch stopped = new CountDownLatch(1);
                Thread hook =
                        new Thread(
                                () -> {
                                    loop.stop();
                                    awaitQuietly(stopped);
                                },
                                "vigil-retrainer-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                log.accept(
                        "following "
                                + config.requestsTopic()
                                + " on "
                                + config.kafka().bootstrapServers());
                try {
                    loop.run();
                } finally {
                    stopped.countDown();
                }
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
