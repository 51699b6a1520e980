package io.vigil.modelops.explain;

import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.FeatureTransform;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.OutputTransform;
import io.vigil.modelops.manifest.ReasonCodes;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Reason codes of a tree ensemble by TreeSHAP on the ensemble read from the ONNX graph itself:
 * exact Shapley values in the margin (the log-odds of a {@code LOGISTIC} ensemble, the probability
 * of a scikit-learn forest). Path-dependent ({@link TreeShap}, against the training rows as the
 * covers the model carries describe them) when it has covers, else interventional ({@link
 * InterventionalTreeShap}) against the manifest's baseline row or a {@link BackgroundSample} of its
 * reference profile. Explains models with one float input whose columns are the manifest's features
 * in order, as Vigil's XGBoost export and scikit-learn's and LightGBM's are.
 */
final class TreeShapExplainer extends Explainer {

    private final TreeAttribution shap;
    private final FeatureTransform[] transforms;
    private final double[] x;
    private final double[] phi;

    /** The explainer of {@code onnx}'s trees, as {@code manifest} declares it. */
    static TreeShapExplainer forTrees(ModelManifest manifest, List<String> rowFeatures, byte[] onnx)
            throws ModelLoadException {
        List<String> features = inputFeatures(manifest);
        TreeEnsemble ensemble =
                TreeEnsemble.of(onnx, manifest.id(), manifest.output().positiveClass());
        // A LOGISTIC ensemble's margin is its score's log-odds; a NONE ensemble adds up the score
        // itself, unless the manifest turns that margin into a probability.
        boolean logOdds =
                manifest.output().range() == null
                        && (ensemble.logistic()
                                || manifest.output().transform() == OutputTransform.SIGMOID);
        return new TreeShapExplainer(manifest, features, rowFeatures, ensemble, logOdds);
    }

    private TreeShapExplainer(
            ModelManifest manifest,
            List<String> features,
            List<String> rowFeatures,
            TreeEnsemble ensemble,
            boolean logOdds)
            throws ModelLoadException {
        super(manifest, features, rowFeatures, logOdds);
        if (ensemble.width() > names.length) {
            throw new ModelLoadException(
                    manifest.id()
                            + "'s trees read column "
                            + (ensemble.width() - 1)
                            + " of an input the manifest fills with "
                            + names.length
                            + " features");
        }
        List<FeatureInput> inputs = manifest.inputs().get(0).features();
        transforms = new FeatureTransform[names.length];
        for (int i = 0; i < names.length; i++) {
            transforms[i] = inputs.get(i).transform();
        }
        x = new double[names.length];
        phi = new double[names.length];
        shap = ensemble.hasCovers() ? new TreeShap(ensemble) : interventional(ensemble, features);
    }

    private TreeAttribution interventional(TreeEnsemble ensemble, List<String> features)
            throws ModelLoadException {
        ReasonCodes reasons = manifest.reasons();
        double[][] rows =
                reasons.baseline().isEmpty()
                        ? BackgroundSample.fromProfile(
                                features,
                                manifest.profile(),
                                reasons.backgroundRows(),
                                manifest.id())
                        : BackgroundSample.atBaseline(features, reasons.baseline(), manifest.id());
        for (double[] row : rows) {
            for (int f = 0; f < row.length; f++) {
                row[f] = transforms[f].apply(row[f]);
            }
        }
        return new InterventionalTreeShap(ensemble, rows);
    }

    /** The rows contributions are measured from, in the model's columns; null with covers. */
    double[][] background() {
        return shap instanceof InterventionalTreeShap i ? i.background() : null;
    }

    private static List<String> inputFeatures(ModelManifest manifest) throws ModelLoadException {
        List<ModelInput> inputs = manifest.inputs();
        if (inputs.size() != 1) {
            throw new ModelLoadException(
                    manifest.id()
                            + ": tree-shap explains models with one input tensor of the features");
        }
        return inputs.get(0).features().stream().map(FeatureInput::name).toList();
    }

    @Override
    protected void prepare(
            OnnxScorer scorer, double[][] rows, String[][] texts, double[] scores, int n) {
        // Nothing to batch: TreeSHAP walks the trees row by row.
    }

    @Override
    protected void contributions(int p, double[] row, double score) {
        explain(row);
        System.arraycopy(phi, 0, contributions, 0, phi.length);
    }

    /**
     * Checks on sample rows that the contributions and the expected margin add up to each score:
     * the trees read from the graph and the covers are the model ONNX Runtime runs.
     */
    @Override
    public void verify(OnnxScorer scorer, int rowWidth, int textWidth) throws ModelLoadException {
        int n = 16;
        double[][] rows = new double[n][rowWidth];
        String[][] texts = new String[n][textWidth];
        Random random = new Random(20261129L);
        for (double[] row : rows) {
            for (int f = 0; f < names.length; f++) {
                row[columns[f]] = random.nextDouble() * Math.pow(10, random.nextInt(4));
            }
        }
        for (String[] text : texts) {
            Arrays.fill(text, "");
        }
        double[] scores = new double[n];
        try {
            scorer.score(new VectorRows().reset(rows, texts, n), scores);
        } catch (Exception e) {
            throw new ModelLoadException(
                    "model " + manifest.id() + " failed its explainer check", e);
        }
        for (int i = 0; i < n; i++) {
            explain(rows[i]);
            double sum = shap.expectedValue();
            for (double value : phi) {
                sum += value;
            }
            // Compared as scores: a probability near 0 or 1 in float has no precise log-odds.
            // Written so that NaN (a zero cover, a broken graph) fails too.
            if (!(Math.abs(score(sum) - scores[i]) <= 1e-4 * (1 + Math.abs(scores[i])))) {
                throw new ModelLoadException(
                        "model "
                                + manifest.id()
                                + "'s TreeSHAP values do not add up to its scores (the trees or"
                                + " covers read from the graph are not the model that runs)");
            }
        }
    }

    private void explain(double[] row) {
        for (int f = 0; f < names.length; f++) {
            x[f] = transforms[f].apply(row[columns[f]]);
        }
        shap.contributions(x, phi);
    }

    @Override
    public String toString() {
        return "tree-shap reasons";
    }
}
