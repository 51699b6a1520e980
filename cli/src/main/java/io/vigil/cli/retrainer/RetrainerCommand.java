package io.vigil.cli.retrainer;

import io.vigil.cli.support.KafkaOptions;
import io.vigil.jobs.config.MonitoringOptions;
import io.vigil.jobs.config.ScoringOptions;
import io.vigil.jobs.local.LocalFlink;
import io.vigil.retrainer.PromotionPolicy;
import io.vigil.retrainer.RetrainerConfig;
import io.vigil.retrainer.RetrainerOptions;
import io.vigil.retrainer.RetrainerService;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./vigil retrainer}: answers retrain requests until stopped (Ctrl-C). */
@Command(
        name = "retrainer",
        description = {
            "Answer retrain requests: train, evaluate, register and promote challengers.",
            "Follows the retrain-requests topic (written by MonitoringJob). For each request: the"
                + " served features of the model since the degradation began joined with matured"
                + " labels (waiting for them when too few), a logistic regression trained on the"
                + " champion's features, challenger and champion scored on the most recent share"
                + " (holdout), the challenger registered and promoted when better by the margin."
        })
public final class RetrainerCommand implements Callable<Integer> {

    private static final PromotionPolicy DEFAULTS = PromotionPolicy.DEFAULTS;

    @Spec CommandSpec spec;

    @Mixin KafkaOptions kafka;

    @Option(
            names = "--artifacts",
            paramLabel = "URI",
            description = "Artifact store of the registry (default: .vigil/demo/registry).")
    String artifacts;

    @Option(
            names = "--registry-topic",
            paramLabel = "T",
            defaultValue = "model-events",
            description = "Registry topic (default: ${DEFAULT-VALUE}).")
    String registryTopic;

    @Option(
            names = "--requests",
            paramLabel = "T",
            defaultValue = "retrain-requests",
            description = "Retrain requests topic (default: ${DEFAULT-VALUE}).")
    String requests;

    @Option(
            names = "--predictions",
            paramLabel = "T",
            defaultValue = "predictions",
            description = "Predictions topic, Avro (default: ${DEFAULT-VALUE}).")
    String predictions;

    @Option(
            names = "--labels",
            paramLabel = "T",
            defaultValue = "labels",
            description = "Labels topic (default: ${DEFAULT-VALUE}).")
    String labels;

    @Option(
            names = "--spec",
            paramLabel = "SPEC.yaml",
            description =
                    "The feature spec whose labels section says what a label is (default: the"
                            + " bundled card-fraud spec: Vigil's own labels).")
    Path specFile;

    @Option(
            names = "--training-window",
            paramLabel = "D",
            description = "At most this far back (default: 14d).")
    Duration trainingWindow = DEFAULTS.trainingWindow();

    @Option(
            names = "--holdout-share",
            paramLabel = "S",
            description = "Most recent share held out (default: 0.3).")
    double holdoutShare = DEFAULTS.holdoutShare();

    @Option(
            names = "--min-rows",
            paramLabel = "N",
            description = "Labelled rows needed (default: 2000).")
    int minRows = DEFAULTS.minRows();

    @Option(
            names = "--min-frauds",
            paramLabel = "N",
            description = "Frauds needed in training and in holdout (default: 30).")
    int minFrauds = DEFAULTS.minFrauds();

    @Option(
            names = "--min-auc-gain",
            paramLabel = "G",
            description = "Promote when the holdout AUC is better by this (default: 0.02).")
    double minAucGain = DEFAULTS.minAucGain();

    @Override
    public Integer call() throws Exception {
        kafka.requireTopics(List.of(registryTopic, requests, predictions, labels));
        Configuration conf = new Configuration();
        conf.set(ScoringOptions.BOOTSTRAP_SERVERS, kafka.bootstrap());
        if (kafka.propertiesFile() != null) {
            conf.set(ScoringOptions.KAFKA_PROPERTIES_FILE, kafka.propertiesFile());
        }
        conf.set(
                RetrainerOptions.ARTIFACT_STORE,
                artifacts != null
                        ? artifacts
                        : Path.of(".vigil", "demo", "registry")
                                .toAbsolutePath()
                                .toUri()
                                .toString());
        conf.set(ScoringOptions.REGISTRY_TOPIC, registryTopic);
        conf.set(MonitoringOptions.RETRAIN_REQUESTS_TOPIC, requests);
        conf.set(ScoringOptions.PREDICTIONS_TOPIC, predictions);
        conf.set(MonitoringOptions.LABELS_TOPIC, labels);
        if (specFile != null) {
            conf.set(ScoringOptions.FEATURE_SPEC, specFile.toAbsolutePath().toUri().toString());
        }
        conf.set(RetrainerOptions.TRAINING_WINDOW, trainingWindow);
        conf.set(RetrainerOptions.HOLDOUT_SHARE, holdoutShare);
        conf.set(RetrainerOptions.MIN_ROWS, minRows);
        conf.set(RetrainerOptions.MIN_FRAUDS, minFrauds);
        conf.set(RetrainerOptions.MIN_AUC_GAIN, minAucGain);
        RetrainerConfig config;
        try {
            config = RetrainerConfig.fromConfiguration(conf);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        print("Ctrl-C stops");
        new RetrainerService(
                        config,
                        LocalFlink.configuration(new Configuration()),
                        RetrainerCommand::print)
                .run();
        return 0;
    }

    private static void print(String line) {
        System.out.println(
                LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "  " + line);
    }
}
