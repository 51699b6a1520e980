package io.vigil.modelops.testutils;

import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.registry.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small fraud-like logistic regression and a second one over the same features, trained by
 * Vigil's own trainer and checked in ({@code src/test/resources/models}): the retrainer's {@code
 * FixtureModelsTest} retrains them from the same seeds and checks that they score the same, so
 * these tests depend on no binary of unknown origin and model-ops needs no training library.
 */
public final class TestModels {

    /**
     * Feature names of the synthetic vectors: fraud means a large amount far from the card's mean.
     */
    public static final List<String> FEATURES = List.of("amount", "mean_amount", "count_1h");

    private TestModels() {}

    /** Trained on {@code vectors(4000, 1)} (5 epochs, seed 42), version 1. */
    public static TrainedModel logisticRegression() {
        return load("test-lr-1");
    }

    /** A second, different model over the same features (1 epoch, seed 99), version 2. */
    public static TrainedModel otherLogisticRegression() {
        return load("test-lr-2");
    }

    /**
     * A model checked in under {@code src/test/resources/models/NAME.onnx} and {@code NAME.yaml}.
     */
    public static TrainedModel load(String name) {
        try (InputStream onnx = TestModels.class.getResourceAsStream("/models/" + name + ".onnx");
                InputStream yaml =
                        TestModels.class.getResourceAsStream("/models/" + name + ".yaml")) {
            if (onnx == null || yaml == null) {
                throw new IllegalArgumentException("no fixture model " + name);
            }
            ModelManifest manifest = ModelManifest.fromYaml(yaml.readAllBytes());
            Double auc = manifest.metrics().get("holdoutAuc");
            return new TrainedModel(onnx.readAllBytes(), manifest, auc == null ? Double.NaN : auc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One labelled row of synthetic features. */
    public record Row(double[] features, boolean fraud) {}

    /** Seeded synthetic rows ({@link #FEATURES}), ~10% fraud: the models' training data. */
    public static List<Row> rows(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean fraud = random.nextDouble() < 0.1;
            double mean = 20 + random.nextDouble() * 80;
            double amount =
                    fraud
                            ? mean * (3 + random.nextDouble() * 20)
                            : mean * (0.2 + random.nextDouble() * 1.6);
            double count1h = fraud ? random.nextInt(0, 8) : random.nextInt(0, 3);
            rows.add(new Row(new double[] {amount, mean, count1h}, fraud));
        }
        return rows;
    }

    /** The features of {@link #rows}. */
    public static List<double[]> vectors(int count, long seed) {
        return rows(count, seed).stream().map(Row::features).toList();
    }
}
