package io.vigil.loadtest.demo;

import io.vigil.cli.ContributedCommand;
import io.vigil.cli.model.TrainingFile;
import io.vigil.cli.support.CommandFailure;
import io.vigil.cli.support.SpecFiles;
import io.vigil.loadtest.generator.GeneratorSettings;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.retrainer.training.LabelledVector;
import io.vigil.retrainer.training.LogisticRegressionTrainer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./vigil train}: trains a logistic-regression model on generated labelled transactions, or
 * on the user's own rows ({@code --input}).
 */
@Command(
        name = "train",
        description =
                "Train a logistic-regression model on generated transactions, or on your own rows"
                        + " (--input): ONNX model and manifest with its reference profile.")
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
            description =
                    "Days of history the transactions span (default: 20), after as much warm-up"
                            + " history as the spec's longest window, which fills the features'"
                            + " windows and is not trained on.")
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

    @Option(
            names = "--input",
            paramLabel = "rows.csv|rows.avro|rows.parquet",
            description =
                    "Train on these rows instead of generated ones: a CSV with a header, an Avro"
                            + " container file or a Parquet file, e.g. what features backfill"
                            + " writes. The latest 20%%"
                            + " (by eventTime when there is one) are the holdout.")
    Path input;

    @Option(
            names = "--features",
            paramLabel = "COLUMN",
            split = ",",
            description =
                    "With --input: the feature columns (default: the spec's features). The"
                            + " manifest maps each to the model input of the same name.")
    List<String> featureColumns;

    @Option(
            names = "--label",
            paramLabel = "COLUMN",
            description =
                    "With --input: the label column: 1/true positive, 0/false negative, empty"
                            + " unknown (default: label).")
    String labelColumn = "label";

    @Override
    public Integer call() throws Exception {
        var features = SpecFiles.load(specFile).spec();
        if (input != null) {
            return trainOnInput(featureColumns == null ? features.featureNames() : featureColumns);
        }

        double eventsPerSecond = transactions / (double) Duration.ofDays(days).toSeconds();
        GeneratorSettings settings =
                new GeneratorSettings(
                        seed,
                        cards,
                        eventsPerSecond,
                        fraudRate,
                        Instant.now().minus(features.maturity()).minus(Duration.ofDays(days)));
        System.out.printf(
                "Training on %,d generated transactions of %,d cards over %d days, after %d days"
                        + " that fill the features' windows (seed %d)%n",
                transactions, cards, days, features.maturity().toDays(), seed);
        FraudModelTraining.Trained trained =
                FraudModelTraining.train(
                        new TransactionGenerator(settings),
                        transactions,
                        name,
                        version,
                        seed,
                        System.out,
                        g -> {},
                        features);
        return write(
                TrainingReport.write(
                        trained.model(),
                        output,
                        features.featureNames(),
                        trained.data().holdout(),
                        System.out));
    }

    private int trainOnInput(List<String> columns) throws Exception {
        TrainingFile file;
        try {
            file = TrainingFile.read(input, columns, labelColumn);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
        List<LabelledVector> rows = file.rows();
        int holdout = rows.size() / 5;
        long positives = rows.stream().filter(LabelledVector::fraud).count();
        if (holdout == 0 || positives == 0 || positives == rows.size()) {
            throw new CommandFailure(
                    input
                            + " has "
                            + rows.size()
                            + " labelled rows ("
                            + positives
                            + " positive): training needs both labels and at least 5 rows");
        }
        System.out.printf(
                "Training on %,d labelled rows of %s (%,d positive, %,d without a label left"
                        + " out); features: %s%n",
                rows.size(), input, positives, file.unlabelled(), String.join(", ", columns));
        TrainedModel model =
                new LogisticRegressionTrainer(10, seed)
                        .train(
                                rows.subList(0, rows.size() - holdout),
                                rows.subList(rows.size() - holdout, rows.size()),
                                columns,
                                name,
                                version);
        var metrics = model.manifest().metrics();
        System.out.printf(
                "  holdout (%,d latest rows): AUC %.3f, precision %.2f, recall %.2f at threshold"
                        + " %.3f%n",
                holdout,
                model.holdoutAuc(),
                metrics.get("holdoutPrecision"),
                metrics.get("holdoutRecall"),
                model.manifest().threshold());
        return write(
                TrainingReport.write(
                        model,
                        output,
                        columns,
                        rows.subList(rows.size() - holdout, rows.size()),
                        System.out));
    }

    private int write(TrainedModel model) throws java.io.IOException {
        ModelFiles files = ModelFiles.write(model, output);
        System.out.println("  model:    " + files.model());
        System.out.println("  manifest: " + files.manifest());
        return 0;
    }
}
