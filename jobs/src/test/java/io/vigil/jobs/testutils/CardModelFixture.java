package io.vigil.jobs.testutils;

import io.vigil.features.spec.FeatureSpecs;
import io.vigil.modelops.training.LabelledVector;
import io.vigil.modelops.training.LogisticRegressionTrainer;
import io.vigil.modelops.training.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A logistic-regression model over the bundled spec's features, trained in code on synthetic vectors. */
public final class CardModelFixture {

    private CardModelFixture() {}

    public static TrainedModel train() throws IOException {
        return train(7);
    }

    /** Another seed gives another model over the same features. */
    public static TrainedModel train(long seed) throws IOException {
        return train(seed, FeatureSpecs.bundled().featureNames());
    }

    /** A model over any feature names (the first one plays the amount). */
    public static TrainedModel train(long seed, java.util.List<String> features) throws IOException {
        return new LogisticRegressionTrainer(3, seed).train(vectors(3000, seed, features.size()), vectors(800, seed + 1, features.size()),
                features, "card-test", "1");
    }

    /**
     * Registers two versions of the fixture's model ({@code card-test}) in an ensured registry
     * topic: version 1 champion from the start, version 2 champion from event time {@code swapAt}.
     */
    public static void registerSwap(io.vigil.modelops.registry.ModelRegistry registry, java.time.Instant swapAt) throws IOException {
        registry.ensureTopic();
        TrainedModel trained = train();
        registry.register(trained.onnx(), trained.manifest().withVersion("1"), "test");
        registry.register(train(11).onnx(), trained.manifest().withVersion("2"), "test");
        registry.moveAlias(trained.manifest().name(), "1", "champion", java.time.Instant.EPOCH, "test");
        registry.moveAlias(trained.manifest().name(), "2", "champion", swapAt, "test");
    }

    /** Writes the model and its manifest into {@code dir}; returns {model, manifest}. */
    public static Path[] write(TrainedModel model, Path dir) throws IOException {
        Path onnx = Files.write(dir.resolve("model.onnx"), model.onnx());
        Path manifest = Files.write(dir.resolve("model.yaml"), model.manifest().toYaml());
        return new Path[] {onnx, manifest};
    }

    private static List<LabelledVector> vectors(int count, long seed, int width) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledVector> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[] f = new double[width];
            for (int j = 0; j < f.length; j++) {
                f[j] = random.nextDouble() * 10;
            }
            f[0] = random.nextDouble() * 500;
            boolean fraud = f[0] > 400 && random.nextDouble() < 0.8;
            rows.add(new LabelledVector(f, fraud));
        }
        return rows;
    }
}
