package io.vigil.modelops.testutils;

import io.vigil.modelops.training.LabelledVector;
import io.vigil.modelops.training.LogisticRegressionTrainer;
import io.vigil.modelops.training.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A small fraud-like model trained in code, so tests depend on no binary of unknown origin. */
public final class TestModels {

    /** Feature names of the synthetic vectors: fraud means a large amount far from the card's mean. */
    public static final List<String> FEATURES = List.of("amount", "mean_amount", "count_1h");

    private static TrainedModel cached;
    private static TrainedModel other;

    private TestModels() {}

    public static synchronized TrainedModel logisticRegression() {
        if (cached == null) {
            try {
                cached = new LogisticRegressionTrainer(5, 42).train(vectors(4000, 1), vectors(1000, 2), FEATURES, "test-lr", "1");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cached;
    }

    /** A second, different model over the same features (fewer epochs, another seed). */
    public static synchronized TrainedModel otherLogisticRegression() {
        if (other == null) {
            try {
                other = new LogisticRegressionTrainer(1, 99).train(vectors(1000, 3), vectors(500, 4), FEATURES, "test-lr", "2");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return other;
    }

    /** Seeded synthetic vectors, ~10% fraud. */
    public static List<LabelledVector> vectors(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledVector> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean fraud = random.nextDouble() < 0.1;
            double mean = 20 + random.nextDouble() * 80;
            double amount = fraud ? mean * (3 + random.nextDouble() * 20) : mean * (0.2 + random.nextDouble() * 1.6);
            double count1h = fraud ? random.nextInt(0, 8) : random.nextInt(0, 3);
            rows.add(new LabelledVector(new double[] {amount, mean, count1h}, fraud));
        }
        return rows;
    }
}
