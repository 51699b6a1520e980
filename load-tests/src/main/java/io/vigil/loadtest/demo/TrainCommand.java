package io.vigil.loadtest.demo;

import io.vigil.cli.ContributedCommand;
import io.vigil.cli.support.SpecFiles;
import io.vigil.loadtest.generator.GeneratorSettings;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.modelops.registry.TrainedModel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./vigil train}: trains a fraud model on generated labelled transactions. */
@Command(
        name = "train",
        description =
                "Train a logistic-regression fraud model on generated transactions: ONNX model and"
                        + " manifest.")
public final class TrainCommand implements ContributedCommand {

    @Option(
            names = "--transactions",
            paramLabel = "N",
            description =
                    "Labelled transactions to generate; the last 20% are the holdout (default:"
                            + " 60000).")
    int transactions = 60_000;

    @Option(names = "--cards", paramLabel = "N", description = "Cardholders (default: 3000).")
    int cards = 3000;

    @Option(
            names = "--days",
            paramLabel = "N",
            description = "Days of history the transactions span (default: 20).")
    int days = 20;

    @Option(
            names = "--fraud-rate",
            paramLabel = "R",
            description = "Share of fraudulent transactions (default: 0.02).")
    double fraudRate = 0.02;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Generator and trainer seed (default: 1).")
    long seed = 1;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name (default: fraud-lr).")
    String name = "fraud-lr";

    @Option(names = "--version", paramLabel = "V", description = "Model version (default: 1).")
    String version = "1";

    @Option(
            names = "--output",
            paramLabel = "DIR",
            description = "Where NAME-V.onnx and NAME-V.yaml go (default: .vigil/models).")
    Path output = Path.of(".vigil/models");

    @Option(
            names = "--spec",
            paramLabel = "FILE",
            description =
                    "Train on a feature spec's features (default: the bundled card-fraud spec).")
    String specFile;

    @Override
    public Integer call() throws Exception {
        var features = SpecFiles.load(specFile).spec();

        double eventsPerSecond = transactions / (double) Duration.ofDays(days).toSeconds();
        GeneratorSettings settings =
                new GeneratorSettings(
                        seed,
                        cards,
                        eventsPerSecond,
                        fraudRate,
                        Instant.now().minus(Duration.ofDays(days)));
        System.out.printf(
                "Training on %,d generated transactions of %,d cards over %d days (seed %d)%n",
                transactions, cards, days, seed);
        TrainedModel model =
                FraudModelTraining.train(
                        new TransactionGenerator(settings),
                        transactions,
                        name,
                        version,
                        seed,
                        System.out,
                        g -> {},
                        features);
        ModelFiles files = ModelFiles.write(model, output);
        System.out.println("  model:    " + files.model());
        System.out.println("  manifest: " + files.manifest());
        return 0;
    }
}
