package io.vigil.cli;

import io.vigil.jobs.backfill.FlinkServedRows;
import io.vigil.jobs.config.KafkaAccess;
import io.vigil.loadtest.harness.LocalFlink;
import io.vigil.modelops.registry.ArtifactStore;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.retraining.PromotionPolicy;
import io.vigil.modelops.retraining.RetrainRequestLoop;
import io.vigil.modelops.retraining.Retrainer;
import io.vigil.schemas.codec.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.Configuration;

/** {@code ./vigil retrainer}: answers retrain requests until stopped (Ctrl-C). */
final class RetrainerCommand implements Command {

    @Override
    public String summary() {
        return "follow retrain requests: train on served features and matured labels, register, promote";
    }

    @Override
    public String usage() {
        return """
                Usage: ./vigil retrainer [options]
                  Follows the retrain-requests topic (written by MonitoringJob). For each request: the served features
                  of the model since the degradation began joined with matured labels (waiting for them when too few),
                  a logistic regression trained on the champion's features, challenger and champion scored on the
                  most recent share (holdout), the challenger registered and promoted when better by the margin.
                """ + KafkaArguments.USAGE + """
                  --artifacts URI          artifact store of the registry (default .vigil/demo/registry)
                  --registry-topic T       registry topic (default model-events)
                  --requests T             retrain requests topic (default retrain-requests)
                  --predictions T          predictions topic (default predictions, Avro)
                  --labels T               labels topic (default labels)
                  --training-window D      at most this far back (default 14d)
                  --holdout-share S        most recent share held out (default 0.3)
                  --min-rows N             labelled rows needed (default 2000)
                  --min-frauds N           frauds needed in training and in holdout (default 30)
                  --min-auc-gain G         promote when the holdout AUC is better by this (default 0.02)
                """;
    }

    @Override
    public int run(CliArguments args) throws Exception {
        PromotionPolicy defaults = PromotionPolicy.DEFAULTS;
        KafkaAccess kafka = KafkaArguments.read(args);
        String artifacts = args.string("artifacts", Path.of(".vigil", "demo", "registry").toAbsolutePath().toUri().toString());
        String registryTopic = args.string("registry-topic", "model-events");
        String requests = args.string("requests", "retrain-requests");
        String predictions = args.string("predictions", "predictions");
        String labels = args.string("labels", "labels");
        PromotionPolicy policy = new PromotionPolicy(args.duration("training-window", defaults.trainingWindow()),
                args.decimal("holdout-share", defaults.holdoutShare()), args.integer("min-rows", defaults.minRows()),
                args.integer("min-frauds", defaults.minFrauds()), args.decimal("min-auc-gain", defaults.minAucGain()), defaults.epochs());
        args.rejectUnknown();

        try (ModelRegistry registry = new ModelRegistry(kafka.bootstrapServers(), kafka.clientProperties(), registryTopic, new ArtifactStore(artifacts))) {
            Retrainer retrainer = new Retrainer(registry, new FlinkServedRows(kafka, predictions, WireFormat.AVRO, labels,
                    LocalFlink.configuration(new Configuration())), policy, RetrainerCommand::print);
            try (RetrainRequestLoop loop = new RetrainRequestLoop(kafka.properties(), requests, "vigil-retrainer", retrainer, Duration.ofMinutes(1),
                    60 * 24, RetrainerCommand::print, outcome -> print("done: " + outcome.summary()))) {
                CountDownLatch stopped = new CountDownLatch(1);
                Thread hook = new Thread(() -> {
                    loop.stop();
                    awaitQuietly(stopped);
                }, "vigil-retrainer-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                print("following " + requests + " on " + kafka.bootstrapServers() + " (Ctrl-C stops)");
                try {
                    loop.run();
                } finally {
                    stopped.countDown();
                }
            }
        }
        return 0;
    }

    private static void print(String line) {
        System.out.println(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "  " + line);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
