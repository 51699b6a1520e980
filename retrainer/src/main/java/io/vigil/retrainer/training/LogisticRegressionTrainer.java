package io.vigil.retrainer.training;

import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.FeatureTransform;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import io.vigil.modelops.manifest.ReasonCodes;
import io.vigil.modelops.manifest.ReferenceProfile;
import io.vigil.modelops.registry.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains a logistic-regression fraud model with Tribuo and exports it to ONNX with its manifest.
 *
 * <p>Every feature goes through {@code log(1 + x)} in training, and the exported graph applies the
 * same transform itself ({@link Log1pInGraph}), so the manifest declares raw features and serving
 * hands them over as they are. The manifest lists the inputs in the order Tribuo's export expects
 * (its feature ids, sorted by name). The threshold maximises F1 on the training set; AUC is
 * measured on the holdout. The manifest carries the reference profile of the training rows
 * (features and scores) that drift is measured against.
 */
public final class LogisticRegressionTrainer {

    static final String FRAUD = "fraud";
    static final String GENUINE = "genuine";
    private static final FeatureTransform TRANSFORM = FeatureTransform.LOG1P;

    private final int epochs;
    private final long seed;

    public LogisticRegressionTrainer(int epochs, long seed) {
        this.epochs = epochs;
        this.seed = seed;
    }

    /**
     * @param featureNames names of the vector entries, in order
     * @throws IllegalArgumentException if a set is empty or holds only one class
     */
    public TrainedModel train(
            List<LabelledVector> training,
            List<LabelledVector> holdout,
            List<String> featureNames,
            String name,
            String version)
            throws IOException {
        return fit(training, holdout, featureNames, name, version).trained();
    }

    /** {@link #train}, with the Tribuo model the export was made from (for parity tests). */
    Fitted fit(
            List<LabelledVector> training,
            List<LabelledVector> holdout,
            List<String> featureNames,
            String name,
            String version)
            throws IOException {
        requireBothClasses(training, "training");
        requireBothClasses(holdout, "holdout");
        String[] names = featureNames.toArray(String[]::new);
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> trainSet = dataset(training, names, factory, "training");
        MutableDataset<Label> holdoutSet = dataset(holdout, names, factory, "holdout");

        LinearSGDTrainer trainer =
                new LinearSGDTrainer(
                        new LogMulticlass(), new AdaGrad(0.5, 0.1), epochs, 100_000, 1, seed);
        LinearSGDModel model = (LinearSGDModel) trainer.train(trainSet);
        if (model.getFeatureIDMap().size() != names.length) {
            throw new IllegalStateException(
                    "Tribuo kept "
                            + model.getFeatureIDMap().size()
                            + " of "
                            + names.length
                            + " features (a feature that is always zero?); every feature must vary"
                            + " in the training data");
        }
        Label fraud = new Label(FRAUD);
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, holdoutSet);
        double auc = evaluation.AUCROC(fraud);
        double[] trainingScores = scores(model, trainSet);
        double threshold = ThresholdChooser.maximisingF1(trainingScores, labels(training));
        ReferenceProfile profile =
                ReferenceProfile.of(
                        featureNames,
                        training.stream().map(LabelledVector::features).toList(),
                        trainingScores);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("holdoutAuc", auc);
        metrics.put("holdoutPrecision", evaluation.precision(fraud));
        metrics.put("holdoutRecall", evaluation.recall(fraud));
        metrics.put("trainingRows", (double) training.size());
        metrics.put("holdoutRows", (double) holdout.size());
        ModelManifest manifest =
                new ModelManifest(
                        name,
                        version,
                        threshold,
                        List.of(new ModelInput("input", inputsInIdOrder(model.getFeatureIDMap()))),
                        new ModelOutput(
                                "output", String.valueOf(model.getOutputIDInfo().getID(fraud))),
                        metrics,
                        Map.of("trainer", "tribuo-logistic-regression"),
                        profile);
        // Linear in its log-odds: each prediction's reasons are exact against the training means.
        manifest = manifest.withReasons(ReasonCodes.linear(means(training, featureNames)));
        return new Fitted(model, new TrainedModel(exportOnnx(model, version), manifest, auc));
    }

    /** The mean of each feature over the training rows (missing values left out). */
    static Map<String, Double> means(List<LabelledVector> rows, List<String> featureNames) {
        Map<String, Double> means = new LinkedHashMap<>();
        for (int f = 0; f < featureNames.size(); f++) {
            double sum = 0;
            long present = 0;
            for (LabelledVector row : rows) {
                if (!Double.isNaN(row.features()[f])) {
                    sum += row.features()[f];
                    present++;
                }
            }
            means.put(featureNames.get(f), present == 0 ? 0 : sum / present);
        }
        return means;
    }

    /** A trained model and the Tribuo model it was exported from. */
    record Fitted(LinearSGDModel model, TrainedModel trained) {

        /** Tribuo's fraud probability of each row, computed as training computed it. */
        double[] tribuoScores(List<LabelledVector> rows, List<String> featureNames) {
            return scores(
                    model,
                    dataset(
                            rows,
                            featureNames.toArray(String[]::new),
                            new LabelFactory(),
                            "probe"));
        }
    }

    private static MutableDataset<Label> dataset(
            List<LabelledVector> rows, String[] names, LabelFactory factory, String what) {
        MutableDataset<Label> dataset =
                new MutableDataset<>(
                        new SimpleDataSourceProvenance("vigil " + what, factory), factory);
        double[] values = new double[names.length];
        for (LabelledVector row : rows) {
            for (int i = 0; i < names.length; i++) {
                values[i] = TRANSFORM.apply(row.features()[i]);
            }
            dataset.add(
                    new ArrayExample<>(new Label(row.fraud() ? FRAUD : GENUINE), names, values));
        }
        return dataset;
    }

    private static List<FeatureInput> inputsInIdOrder(ImmutableFeatureMap featureMap) {
        List<FeatureInput> inputs = new ArrayList<>(featureMap.size());
        for (int id = 0; id < featureMap.size(); id++) {
            inputs.add(
                    new FeatureInput(
                            featureMap.get(id).getName(),
                            FeatureTransform.NONE)); // the graph applies log1p
        }
        return inputs;
    }

    private static double[] scores(Model<Label> model, MutableDataset<Label> dataset) {
        double[] scores = new double[dataset.size()];
        for (int i = 0; i < dataset.size(); i++) {
            scores[i] =
                    model.predict(dataset.getExample(i)).getOutputScores().get(FRAUD).getScore();
        }
        return scores;
    }

    private static boolean[] labels(List<LabelledVector> rows) {
        boolean[] labels = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            labels[i] = rows.get(i).fraud();
        }
        return labels;
    }

    private static byte[] exportOnnx(LinearSGDModel model, String version) throws IOException {
        Path file = Files.createTempFile("vigil-model-", ".onnx");
        try {
            long numericVersion = version.matches("\\d{1,18}") ? Long.parseLong(version) : 1;
            model.saveONNXModel("io.vigil", numericVersion, file);
            return Log1pInGraph.apply(Files.readAllBytes(file), "input");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void requireBothClasses(List<LabelledVector> rows, String what) {
        long frauds = rows.stream().filter(LabelledVector::fraud).count();
        if (frauds == 0 || frauds == rows.size()) {
            throw new IllegalArgumentException(
                    "the "
                            + what
                            + " set needs both fraud and genuine rows (has "
                            + rows.size()
                            + " rows, "
                            + frauds
                            + " fraud): generate more transactions");
        }
    }
}
