package io.vigil.cli.retrainer;

import io.vigil.cli.KafkaOptions;
import io.vigil.jobs.backfill.FlinkServedRows;
import io.vigil.jobs.config.KafkaAccess;
import io.vigil.jobs.local.LocalFlink;
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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./vigil retrainer}: answers retrain requests until stopped (Ctrl-C). */
@Command(
    name = "retrainer",
    description = {
      "Answer retrain requests: train, evaluate, register and promote challengers.",
      "Follows the retrain-requests topic (written by MonitoringJob). For each request: the served",
      "features of the model since the degradation began joined with matured labels (waiting for them",
      "when too few), a logistic regression trained on the champion's features, challenger and",
      "champion scored on the most recent share (holdout), the challenger registered and promoted",
      "when better by the margin."
    })
public final class RetrainerCommand implements Callable<Integer> {

  private static final PromotionPolicy DEFAULTS = PromotionPolicy.DEFAULTS;

  @Mixin KafkaOptions kafka;

  @Option(names = "--artifacts", paramLabel = "URI", description = "Artifact store of the registry (default: .vigil/demo/registry).")
  String artifacts;

  @Option(names = "--registry-topic", paramLabel = "T", defaultValue = "model-events", description = "Registry topic (default: ${DEFAULT-VALUE}).")
  String registryTopic;

  @Option(names = "--requests", paramLabel = "T", defaultValue = "retrain-requests", description = "Retrain requests topic (default: ${DEFAULT-VALUE}).")
  String requests;

  @Option(names = "--predictions", paramLabel = "T", defaultValue = "predictions", description = "Predictions topic, Avro (default: ${DEFAULT-VALUE}).")
  String predictions;

  @Option(names = "--labels", paramLabel = "T", defaultValue = "labels", description = "Labels topic (default: ${DEFAULT-VALUE}).")
  String labels;

  @Option(names = "--training-window", paramLabel = "D", description = "At most this far back (default: 14d).")
  Duration trainingWindow = DEFAULTS.trainingWindow();

  @Option(names = "--holdout-share", paramLabel = "S", description = "Most recent share held out (default: 0.3).")
  double holdoutShare = DEFAULTS.holdoutShare();

  @Option(names = "--min-rows", paramLabel = "N", description = "Labelled rows needed (default: 2000).")
  int minRows = DEFAULTS.minRows();

  @Option(names = "--min-frauds", paramLabel = "N", description = "Frauds needed in training and in holdout (default: 30).")
  int minFrauds = DEFAULTS.minFrauds();

  @Option(names = "--min-auc-gain", paramLabel = "G", description = "Promote when the holdout AUC is better by this (default: 0.02).")
  double minAucGain = DEFAULTS.minAucGain();

  @Override
  public Integer call() throws Exception {
    PromotionPolicy policy = new PromotionPolicy(trainingWindow, holdoutShare, minRows, minFrauds, minAucGain, DEFAULTS.epochs());
    KafkaAccess access = kafka.access();
    kafka.requireTopics(List.of(registryTopic, requests, predictions, labels));
    String store = artifacts != null ? artifacts : Path.of(".vigil", "demo", "registry").toAbsolutePath().toUri().toString();
    try (ModelRegistry registry = new ModelRegistry(access.bootstrapServers(), access.clientProperties(), registryTopic, new ArtifactStore(store))) {
      Retrainer retrainer = new Retrainer(registry, new FlinkServedRows(access, predictions, WireFormat.AVRO, labels,
          LocalFlink.configuration(new Configuration())), policy, RetrainerCommand::print);
      try (RetrainRequestLoop loop = new RetrainRequestLoop(access.properties(), requests, "vigil-retrainer", retrainer,
          Duration.ofMinutes(1), 60 * 24, RetrainerCommand::print, outcome -> print("done: " + outcome.summary()))) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
          loop.stop();
          awaitQuietly(stopped);
        }, "vigil-retrainer-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        print("following " + requests + " on " + access.bootstrapServers() + " (Ctrl-C stops)");
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
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
