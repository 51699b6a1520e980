package io.vigil.loadtest.demo;

import io.vigil.features.spec.FeatureSpec;
import io.vigil.loadtest.generator.GeneratedTransaction;
import io.vigil.loadtest.generator.TrainingData;
import io.vigil.loadtest.generator.TransactionGenerator;
import io.vigil.modelops.registry.TrainedModel;
import io.vigil.retrainer.training.LogisticRegressionTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Consumer;

/** Trains the demo's fraud model on generated history and reports how good it is. */
public final class FraudModelTraining {

    /** Any fixed secret: entity keys only need to be consistent within the training set. */
    private static final String TRAINING_SECRET = "vigil-training-only-entity-secret";

    private FraudModelTraining() {}

    /** A model and the data it was trained and held out on. */
    public record Trained(TrainedModel model, TrainingData data) {}

    /** Trains a model on generated history; returns it with the data it was trained on. */
    public static Trained train(
            TransactionGenerator generator,
            int transactions,
            String name,
            String version,
            long seed,
            PrintStream out,
            Consumer<GeneratedTransaction> seen,
            FeatureSpec spec)
            throws IOException {
        long start = System.nanoTime();
        TrainingData data =
                TrainingData.generate(generator, transactions, 0.2, TRAINING_SECRET, seen, spec);
        long frauds = data.training().stream().filter(v -> v.fraud()).count();
        out.printf(
                "  %,d training rows (%,d fraud), %,d holdout rows; features: %s%n",
                data.training().size(),
                frauds,
                data.holdout().size(),
                String.join(", ", spec.featureNames()));
        TrainedModel model =
                new LogisticRegressionTrainer(10, seed)
                        .train(data.training(), data.holdout(), spec.featureNames(), name, version);
        var metrics = model.manifest().metrics();
        out.printf(
                "  logistic regression %s:%s trained in %.1f s: holdout AUC %.3f, precision %.2f,"
                        + " recall %.2f at threshold %.3f%n",
                name,
                version,
                (System.nanoTime() - start) / 1e9,
                model.holdoutAuc(),
                metrics.get("holdoutPrecision"),
                metrics.get("holdoutRecall"),
                model.manifest().threshold());
        return new Trained(model, data);
    }
}
