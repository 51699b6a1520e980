package io.vigil.cli;

import io.vigil.loadtest.generator.GeneratorSettings;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.modelops.training.TrainedModel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** {@code ./vigil train}: trains a fraud model on generated labelled transactions. */
final class TrainCommand implements Command {

    @Override
    public String summary() {
        return "train a logistic-regression fraud model on generated transactions (ONNX + manifest)";
    }

    @Override
    public String usage() {
        return """
                Usage: ./vigil train [options]
                  --transactions N   labelled transactions to generate (default 60000; last 20% are the holdout)
                  --cards N          cardholders (default 3000)
                  --days N           days of history the transactions span (default 20)
                  --fraud-rate R     share of fraudulent transactions (default 0.02)
                  --seed S           generator and trainer seed (default 1)
                  --name NAME        model name (default fraud-lr)
                  --version V        model version (default 1)
                  --output DIR       where NAME-V.onnx and NAME-V.yaml go (default .vigil/models)
                  --spec FILE        train on a feature spec's features (default: the bundled card-fraud spec)
                """;
    }

    @Override
    public int run(CliArguments args) throws Exception {
        int transactions = args.integer("transactions", 60_000);
        int cards = args.integer("cards", 3000);
        int days = args.integer("days", 20);
        double fraudRate = args.decimal("fraud-rate", 0.02);
        long seed = args.integer("seed", 1);
        String name = args.string("name", "fraud-lr");
        String version = args.string("version", "1");
        Path output = Path.of(args.string("output", ".vigil/models"));
        String specFile = args.string("spec", null);
        args.rejectUnknown();
        var features = SpecFiles.load(specFile).spec();

        double eventsPerSecond = transactions / (double) Duration.ofDays(days).toSeconds();
        GeneratorSettings settings = new GeneratorSettings(seed, cards, eventsPerSecond, fraudRate,
                Instant.now().minus(Duration.ofDays(days)));
        System.out.printf("Training on %,d generated transactions of %,d cards over %d days (seed %d)%n", transactions, cards, days, seed);
        TrainedModel model = FraudModelTraining.train(new TransactionGenerator(settings), transactions, name, version, seed, System.out, g -> {}, features);
        ModelFiles files = ModelFiles.write(model, output);
        System.out.println("  model:    " + files.model());
        System.out.println("  manifest: " + files.manifest());
        return 0;
    }
}
