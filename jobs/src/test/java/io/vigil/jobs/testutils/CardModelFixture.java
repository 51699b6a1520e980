package io.vigil.jobs.testutils;

import io.vigil.features.spec.FeatureSpecs;
import io.vigil.modelops.manifest.Distribution;
import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ReferenceProfile;
import io.vigil.modelops.registry.ModelRegistry;
import io.vigil.modelops.registry.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Logistic-regression models over card features, trained by Vigil's own trainer on the synthetic
 * {@link #rows} and checked in ({@code src/test/resources/models}); the retrainer's {@code
 * FixtureModelsTest} retrains them from the same seeds and checks that they score the same.
 */
public final class CardModelFixture {

    /** Features of the width fixtures {@code card-test-5-w<N>}: seven and six spec features. */
    public static final List<List<String>> WIDTH_FEATURES =
            List.of(
                    List.of(
                            "amount_sum_1h",
                            "count_24h",
                            "amount_z_7d",
                            "new_merchant_7d",
                            "since_previous",
                            "account_max_24h",
                            "account_merchants_24h"),
                    List.of(
                            "card_count_1h",
                            "card_since_previous",
                            "merchant_count_1h",
                            "merchant_sum_1h",
                            "merchant_cards_1h",
                            "merchant_since_previous"));

    private CardModelFixture() {}

    /**
     * The model over the bundled spec's features (seed 7): fraud means a large first feature, the
     * amount.
     */
    public static TrainedModel model() {
        return model(7);
    }

    /** Another model over the same features: seed 7 or 11. */
    public static TrainedModel model(long seed) {
        if (seed != 7 && seed != 11) {
            throw new IllegalArgumentException("fixture models exist for seeds 7 and 11");
        }
        return load("card-test-" + seed);
    }

    /**
     * A model over the features of a spec in the tests: the fixture of that many features (seed 5;
     * of six or seven), reading the first seven of a wider spec, its features renamed in column
     * order. Scores mean nothing beyond "a model ran".
     */
    public static TrainedModel modelOver(List<String> allFeatures) {
        List<String> features = allFeatures.subList(0, Math.min(7, allFeatures.size()));
        TrainedModel fixture = load("card-test-5-w" + features.size());
        ModelManifest m = fixture.manifest();
        List<String> columns =
                m.inputs().get(0).features().stream().map(FeatureInput::name).toList();
        List<String> names = features.stream().sorted().toList();
        Map<String, String> renamed = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            renamed.put(columns.get(i), names.get(i));
        }
        List<FeatureInput> inputs =
                m.inputs().get(0).features().stream()
                        .map(f -> new FeatureInput(renamed.get(f.name()), f.transform()))
                        .toList();
        Map<String, Distribution> profiled = new HashMap<>();
        m.profile().features().forEach((name, d) -> profiled.put(renamed.get(name), d));
        ModelManifest manifest =
                new ModelManifest(
                        m.name(),
                        m.version(),
                        m.threshold(),
                        List.of(new ModelInput(m.inputs().get(0).name(), inputs)),
                        m.output(),
                        m.metrics(),
                        m.tags(),
                        new ReferenceProfile(m.profile().rows(), profiled, m.profile().score()));
        return new TrainedModel(fixture.onnx(), manifest, fixture.holdoutAuc());
    }

    /** The bundled spec's features, the columns of {@link #model}. */
    public static List<String> bundledFeatures() {
        return FeatureSpecs.bundled().featureNames();
    }

    /**
     * Registers two versions of the fixture's model ({@code card-test}) in an ensured registry
     * topic: version 1 champion from the start, version 2 champion from event time {@code swapAt}.
     */
    public static void registerSwap(ModelRegistry registry, Instant swapAt) throws IOException {
        registry.ensureTopic();
        for (TrainedModel version : swapVersions().values()) {
            registry.register(version.onnx(), version.manifest(), "test");
        }
        String name = model().manifest().name();
        registry.moveAlias(name, "1", "champion", Instant.EPOCH, "test");
        registry.moveAlias(name, "2", "champion", swapAt, "test");
    }

    /**
     * The two versions {@link #registerSwap} registers, by version: the seed-7 model as version 1,
     * the seed-11 model with the same manifest as version 2.
     */
    public static Map<String, TrainedModel> swapVersions() {
        TrainedModel first = model();
        TrainedModel second = model(11);
        return new TreeMap<>(
                Map.of(
                        "1",
                        new TrainedModel(
                                first.onnx(),
                                first.manifest().withVersion("1"),
                                first.holdoutAuc()),
                        "2",
                        new TrainedModel(
                                second.onnx(),
                                first.manifest().withVersion("2"),
                                second.holdoutAuc())));
    }

    /** Writes the model and its manifest into {@code dir}; returns {model, manifest}. */
    public static Path[] write(TrainedModel model, Path dir) throws IOException {
        Path onnx = Files.write(dir.resolve("model.onnx"), model.onnx());
        Path manifest = Files.write(dir.resolve("model.yaml"), model.manifest().toYaml());
        return new Path[] {onnx, manifest};
    }

    /** One labelled row of synthetic features. */
    public record Row(double[] features, boolean fraud) {}

    /**
     * The synthetic training rows: the first feature plays the amount; large amounts are mostly
     * fraud.
     */
    public static List<Row> rows(int count, long seed, int width) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[] f = new double[width];
            for (int j = 0; j < f.length; j++) {
                f[j] = random.nextDouble() * 10;
            }
            f[0] = random.nextDouble() * 500;
            boolean fraud = f[0] > 400 && random.nextDouble() < 0.8;
            rows.add(new Row(f, fraud));
        }
        return rows;
    }

    private static TrainedModel load(String name) {
        try (InputStream onnx =
                        CardModelFixture.class.getResourceAsStream("/models/" + name + ".onnx");
                InputStream yaml =
                        CardModelFixture.class.getResourceAsStream("/models/" + name + ".yaml")) {
            ModelManifest manifest = ModelManifest.fromYaml(yaml.readAllBytes());
            Double auc = manifest.metrics().get("holdoutAuc");
            return new TrainedModel(onnx.readAllBytes(), manifest, auc == null ? Double.NaN : auc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
