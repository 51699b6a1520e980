package io.vigil.modelops.explain;

import ai.onnxruntime.OrtException;
import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.FeatureTransform;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Reason codes of a model additive in its link space (log-odds for a probability, the raw score
 * otherwise): feature {@code f} contributes {@code link(score(x)) - link(score(x with f at its
 * baseline))}. For a linear or logistic regression that is exactly {@code w_f * (t_f(x_f) -
 * t_f(baseline_f))}, {@code t_f} what is done to the feature before the weights: its manifest's
 * transform, and the graph's own (Vigil's trainers put {@code log1p} in the graph). No weight is
 * read out of the ONNX graph; the model itself answers.
 *
 * <p>Two ways to the same contributions. {@link #verify} probes each feature around its baseline
 * for a weight on its value or on the value's {@code log1p}; when every explained feature has one,
 * a row costs one extra scored row (its explained features all at the baseline) and a
 * multiplication per feature, and is kept only if its contributions add up to its link's distance
 * from that row's, as they do exactly when the probes saw the model right. Every other row (a model
 * with another shape in a feature, or not verified) is ablated: scored once more per explained
 * feature, that feature at its baseline.
 */
public final class LinearExplainer extends Explainer {

    /** ONNX Runtime computes in float: sums may differ by its rounding, not by interactions. */
    private static final double TOLERANCE = 1e-3;

    /** Probes of each feature's weight: see {@link #probe}. */
    private static final int PROBES = 3;

    private final double[] baseline;

    /**
     * Each explained feature's transform as the manifest gives it; null when a feature goes into
     * the model more than once (then rows are ablated).
     */
    private final FeatureTransform[] transforms;

    /** What the probes found the graph does to each feature after {@link #transforms}. */
    private final FeatureTransform[] shapes;

    /** {@code t_f(baseline_f)}, once {@link #shapes} are known. */
    private final double[] transformedBaseline;

    /** Each explained feature's weight in the link, when verified affine; null: ablate rows. */
    private double[] weights;

    private final VectorRows extraRows = new VectorRows();
    private double[][] extra = new double[0][];
    private String[][] extraTexts = new String[0][];
    private double[] extraScores = new double[0];

    /** Contributions of the rows of the last {@link #prepare}, row after row. */
    private double[] prepared = new double[0];

    private int[] ablate = new int[0];

    LinearExplainer(ModelManifest manifest, List<String> rowFeatures) throws ModelLoadException {
        super(manifest, new ArrayList<>(manifest.reasons().baseline().keySet()), rowFeatures);
        baseline = new double[names.length];
        for (int f = 0; f < names.length; f++) {
            baseline[f] = manifest.reasons().baseline().get(names[f]);
        }
        transforms = transformsOf(manifest, names);
        shapes = new FeatureTransform[names.length];
        transformedBaseline = new double[names.length];
    }

    /** {@code t_f(x)}: the manifest's transform, then the shape the probes found. */
    private double transformed(int f, double x) {
        return shapes[f].apply(transforms[f].apply(x));
    }

    private static FeatureTransform[] transformsOf(ModelManifest manifest, String[] names) {
        Map<String, FeatureTransform> byName = new HashMap<>();
        for (ModelInput input : manifest.inputs()) {
            for (FeatureInput feature : input.features()) {
                if (byName.put(feature.name(), feature.transform()) != null) {
                    return null;
                }
            }
        }
        FeatureTransform[] transforms = new FeatureTransform[names.length];
        for (int f = 0; f < names.length; f++) {
            transforms[f] = byName.getOrDefault(names[f], FeatureTransform.NONE);
        }
        return transforms;
    }

    @Override
    protected void prepare(
            OnnxScorer scorer, double[][] rows, String[][] texts, double[] scores, int n)
            throws OrtException, ModelLoadException {
        int width = names.length;
        if (prepared.length < n * width) {
            prepared = new double[n * width];
        }
        if (ablate.length < n) {
            ablate = new int[n];
        }
        int toAblate = 0;
        if (weights == null) {
            for (int i = 0; i < n; i++) {
                ablate[toAblate++] = i;
            }
        } else {
            scoreExtra(scorer, rows, texts, n);
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int f = 0; f < width; f++) {
                    double c =
                            weights[f]
                                    * (transformed(f, rows[i][columns[f]])
                                            - transformedBaseline[f]);
                    prepared[i * width + f] = c;
                    sum += c;
                }
                if (!addsUp(sum, link(scores[i]) - link(extraScores[i]))) {
                    ablate[toAblate++] = i;
                }
            }
        }
        if (toAblate > 0) {
            ablate(scorer, rows, texts, scores, toAblate);
        }
    }

    @Override
    protected void contributions(int p, double[] row, double score) {
        System.arraycopy(prepared, p * names.length, contributions, 0, names.length);
    }

    /**
     * Checks, on rows around the baseline, that the contributions add up to the distance of the
     * score's link from the baseline row's: true of a model additive in its link space, seldom of
     * another. Then probes each feature's weight ({@link #probedWeights}); the contributions of
     * rows served later come from those weights when they add up, by ablation otherwise.
     */
    @Override
    public void verify(OnnxScorer scorer, int rowWidth, int textWidth) throws ModelLoadException {
        int n = 16;
        double[][] rows = new double[n + 1][rowWidth];
        String[][] texts = new String[n + 1][textWidth];
        Random random = new Random(20261129L);
        for (int i = 0; i <= n; i++) {
            // Near the baseline, where a logistic model's probabilities stay clear of 0 and 1.
            for (int f = 0; f < names.length; f++) {
                rows[i][columns[f]] = baseline[f] + (i == n ? 0 : random.nextGaussian() * step(f));
            }
            Arrays.fill(texts[i], "");
        }
        double[] scores = new double[n + 1];
        weights = null;
        try {
            scorer.score(new VectorRows().reset(rows, texts, n + 1), scores);
            prepare(scorer, rows, texts, scores, n);
            weights = transforms == null ? null : probedWeights(scorer, rows[n], texts[n]);
        } catch (OrtException e) {
            throw new ModelLoadException(
                    "model " + scorer.manifest().id() + " failed its explainer check", e);
        }
        double atBaseline = link(scores[n]);
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int f = 0; f < names.length; f++) {
                sum += prepared[i * names.length + f];
            }
            if (!addsUp(sum, link(scores[i]) - atBaseline)) {
                weights = null;
                throw new ModelLoadException(
                        "model "
                                + scorer.manifest().id()
                                + " declares reasons.explainer linear, but its features'"
                                + " contributions do not add up to its score (its features"
                                + " interact in its log-odds): declare explainer none");
            }
        }
    }

    /** Whether this explainer has weights (a model affine in its explained features). */
    boolean hasWeights() {
        return weights != null;
    }

    @Override
    public String toString() {
        return weights != null
                ? "linear reasons from probed weights"
                : "linear reasons by ablation (one more row per feature)";
    }

    /**
     * Each feature's slope in the link against its transformed value, from the baseline to a step
     * below, a step above and a positive value beyond (where {@code log1p} is not flat), with the
     * value itself or its {@code log1p}, whichever the three agree on; null when neither fits some
     * feature.
     */
    private double[] probedWeights(OnnxScorer scorer, double[] atBaseline, String[] texts)
            throws OrtException, ModelLoadException {
        int width = names.length;
        double[][] rows = new double[PROBES * width + 1][];
        String[][] rowTexts = new String[rows.length][];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = atBaseline.clone();
            rowTexts[k] = texts;
        }
        for (int f = 0; f < width; f++) {
            for (int p = 0; p < PROBES; p++) {
                rows[PROBES * f + p][columns[f]] = probe(f, p);
            }
        }
        double[] scores = new double[rows.length];
        scorer.score(new VectorRows().reset(rows, rowTexts, rows.length), scores);
        double middle = link(scores[PROBES * width]);
        double[] probed = new double[width];
        for (int f = 0; f < width; f++) {
            double[] rises = new double[PROBES];
            for (int p = 0; p < PROBES; p++) {
                rises[p] = link(scores[PROBES * f + p]) - middle;
            }
            probed[f] = Double.NaN;
            for (FeatureTransform shape : FeatureTransform.values()) {
                shapes[f] = shape;
                probed[f] = slope(f, rises);
                if (!Double.isNaN(probed[f])) {
                    break;
                }
            }
            if (Double.isNaN(probed[f])) {
                return null;
            }
            transformedBaseline[f] = transformed(f, baseline[f]);
        }
        return probed;
    }

    /**
     * The slope of the link against feature {@code f}'s transformed value that all probes agree on,
     * or NaN when they do not (or the transformed value never moves).
     */
    private double slope(int f, double[] rises) {
        double atBaseline = transformed(f, baseline[f]);
        double slope = Double.NaN;
        for (int p = 0; p < PROBES; p++) {
            double run = transformed(f, probe(f, p)) - atBaseline;
            if (run == 0) {
                continue;
            }
            if (Double.isNaN(slope)) {
                slope = rises[p] / run;
            } else if (!addsUp(slope * run, rises[p])) {
                return Double.NaN;
            }
        }
        return slope;
    }

    /**
     * Probe {@code p} of feature {@code f}: a step below, a step above, a positive value beyond.
     */
    private double probe(int f, int p) {
        return switch (p) {
            case 0 -> baseline[f] - step(f);
            case 1 -> baseline[f] + step(f);
            default -> Math.abs(baseline[f]) + 2 * step(f);
        };
    }

    private double step(int f) {
        return 0.25 * Math.max(1, Math.abs(baseline[f]));
    }

    private static boolean addsUp(double sum, double total) {
        // Written so that NaN (a model that breaks on a row) does not add up.
        return Math.abs(sum - total) <= TOLERANCE * (1 + Math.abs(total));
    }

    /**
     * Contributions of the rows {@code ablate[0..count)} by ablation: each row scored once per
     * feature, that feature at its baseline.
     */
    private void ablate(
            OnnxScorer scorer, double[][] rows, String[][] texts, double[] scores, int count)
            throws OrtException, ModelLoadException {
        int width = names.length;
        ensureExtra(count * width);
        for (int a = 0; a < count; a++) {
            int i = ablate[a];
            for (int f = 0; f < width; f++) {
                int k = a * width + f;
                copyInto(k, rows[i]);
                extra[k][columns[f]] = baseline[f];
                extraTexts[k] = texts[i];
            }
        }
        scorer.score(extraRows.reset(extra, extraTexts, count * width), extraScores);
        Arrays.fill(extraTexts, 0, count * width, null);
        for (int a = 0; a < count; a++) {
            int i = ablate[a];
            for (int f = 0; f < width; f++) {
                prepared[i * width + f] = link(scores[i]) - link(extraScores[a * width + f]);
            }
        }
    }

    /** Scores each of {@code rows[0..n)} with all its explained features at their baselines. */
    private void scoreExtra(OnnxScorer scorer, double[][] rows, String[][] texts, int n)
            throws OrtException, ModelLoadException {
        ensureExtra(n);
        for (int i = 0; i < n; i++) {
            copyInto(i, rows[i]);
            for (int f = 0; f < names.length; f++) {
                extra[i][columns[f]] = baseline[f];
            }
            extraTexts[i] = texts[i];
        }
        scorer.score(extraRows.reset(extra, extraTexts, n), extraScores);
        Arrays.fill(extraTexts, 0, n, null);
    }

    private void ensureExtra(int count) {
        if (extra.length < count) {
            extra = Arrays.copyOf(extra, count);
            extraTexts = new String[count][];
            extraScores = new double[count];
        }
    }

    private void copyInto(int k, double[] row) {
        if (extra[k] == null || extra[k].length != row.length) {
            extra[k] = new double[row.length];
        }
        System.arraycopy(row, 0, extra[k], 0, row.length);
    }
}
