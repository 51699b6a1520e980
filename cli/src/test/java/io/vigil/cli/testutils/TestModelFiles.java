package io.vigil.cli.testutils;

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

/** A small model over the bundled spec's features, trained in code, written as files to register. */
public final class TestModelFiles {

  private TestModelFiles() {}

  /** Writes {@code fraud-lr-<version>.onnx} and {@code .yaml} into {@code dir}; returns {model, manifest}. */
  public static Path[] write(Path dir, String version, long seed) throws IOException {
    List<String> features = FeatureSpecs.bundled().featureNames();
    TrainedModel model = new LogisticRegressionTrainer(2, seed)
        .train(vectors(1500, seed, features.size()), vectors(500, seed + 1, features.size()), features, "fraud-lr", version);
    Files.createDirectories(dir);
    Path onnx = Files.write(dir.resolve("fraud-lr-" + version + ".onnx"), model.onnx());
    Path manifest = Files.write(dir.resolve("fraud-lr-" + version + ".yaml"), model.manifest().toYaml());
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
      rows.add(new LabelledVector(f, f[0] > 400 && random.nextDouble() < 0.8));
    }
    return rows;
  }
}
