package io.vigil.modelops.explain;

import ai.onnxruntime.OrtException;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ReasonCodes;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import io.vigil.schemas.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Reason codes of a model additive in its link space (log-odds for a probability, the raw score
 * otherwise): feature {@code f} contributes {@code link(score(x)) - link(score(x with f at its
 * baseline))}, which for a linear or logistic regression is exactly {@code w_f * (x_f -
 * baseline_f)} (of the transformed values, when the graph transforms features first). The model
 * itself scores the extra rows (one per explained feature), so no weight has to be read out of the
 * ONNX graph. Not thread-safe: one per served version and subtask (buffers are reused).
 */
public final class LinearExplainer {

    /** Probabilities are kept this far from 0 and 1 so their log-odds stay finite. */
    private static final double EDGE = 1e-12;

    private final String[] names;
    private final int[] columns;
    private final double[] baseline;
    private final boolean logOdds;
    private final int top;
    private final ModelManifest manifest;
    private final boolean flaggedOnly;
    private double[][] picked = new double[0][];
    private String[][] pickedTexts = new String[0][];
    private int[] pickedIndex = new int[0];
    private final VectorRows ablatedRows = new VectorRows();
    private double[][] ablated = new double[0][];
    private String[][] ablatedTexts = new String[0][];
    private double[] ablatedScores = new double[0];
    private final double[] contributions;

    private LinearExplainer(ModelManifest manifest, List<String> rowFeatures)
            throws ModelLoadException {
        ReasonCodes reasons = manifest.reasons();
        this.manifest = manifest;
        this.flaggedOnly = reasons.flaggedOnly();
        int size = reasons.baseline().size();
        names = new String[size];
        columns = new int[size];
        baseline = new double[size];
        int i = 0;
        for (Map.Entry<String, Double> feature : reasons.baseline().entrySet()) {
            names[i] = feature.getKey();
            columns[i] = rowFeatures.indexOf(feature.getKey());
            if (columns[i] < 0) {
                throw new ModelLoadException(
                        "reasons.baseline names "
                                + feature.getKey()
                                + ", which is not a numeric feature of the job");
            }
            baseline[i++] = feature.getValue();
        }
        this.logOdds = manifest.output().range() == null;
        this.top = reasons.top();
        contributions = new double[size];
    }

    /**
     * The explainer of {@code manifest}'s version over rows of {@code rowFeatures}, or null when it
     * asks for no reasons.
     *
     * @throws ModelLoadException when a baseline feature is not among the row's numeric features
     */
    public static LinearExplainer of(ModelManifest manifest, List<String> rowFeatures)
            throws ModelLoadException {
        ReasonCodes reasons = manifest.reasons();
        if (reasons == null || !reasons.explains()) {
            return null;
        }
        return new LinearExplainer(manifest, rowFeatures);
    }

    /**
     * Explains {@code rows[0..n)}, scored {@code scores[0..n)} by {@code scorer}: {@code
     * reasons[i]} gets row {@code i}'s largest contributions by magnitude, largest first (null for
     * a row decided ALLOW when only flagged predictions are explained).
     *
     * @throws OrtException if ONNX Runtime fails on the extra rows
     */
    public void explain(
            OnnxScorer scorer,
            double[][] rows,
            String[][] texts,
            int n,
            double[] scores,
            List<Reason>[] reasons)
            throws OrtException, ModelLoadException {
        int count = pick(rows, texts, n, scores, reasons);
        if (count == 0) {
            return;
        }
        scoreAblated(scorer, picked, pickedTexts, count);
        for (int p = 0; p < count; p++) {
            int i = pickedIndex[p];
            double link = link(scores[i]);
            for (int f = 0; f < names.length; f++) {
                contributions[f] = link - link(ablatedScores[p * names.length + f]);
            }
            reasons[i] = top(rows[i]);
            picked[p] = null;
            pickedTexts[p] = null;
        }
    }

    /** Gathers the rows to explain into {@link #picked}; returns how many. */
    private int pick(
            double[][] rows, String[][] texts, int n, double[] scores, List<Reason>[] reasons) {
        if (picked.length < n) {
            picked = new double[n][];
            pickedTexts = new String[n][];
            pickedIndex = new int[n];
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
            reasons[i] = null;
            if (!flaggedOnly || manifest.flags(scores[i])) {
                picked[count] = rows[i];
                pickedTexts[count] = texts[i];
                pickedIndex[count++] = i;
            }
        }
        return count;
    }

    /**
     * Checks, on rows around the baseline, that the contributions add up to the distance of the
     * score's link from the baseline row's: true of a model additive in its link space, seldom of
     * another.
     *
     * @throws ModelLoadException naming the version when they do not
     */
    public void verify(OnnxScorer scorer, int rowWidth, int textWidth) throws ModelLoadException {
        int n = 16;
        double[][] rows = new double[n + 1][rowWidth];
        String[][] texts = new String[n + 1][textWidth];
        Random random = new Random(20261129L);
        for (int i = 0; i <= n; i++) {
            // Near the baseline, where a logistic model's probabilities stay clear of 0 and 1.
            for (int f = 0; f < names.length; f++) {
                double scale = 0.25 * Math.max(1, Math.abs(baseline[f]));
                rows[i][columns[f]] = baseline[f] + (i == n ? 0 : random.nextGaussian() * scale);
            }
            Arrays.fill(texts[i], "");
        }
        double[] scores = new double[n + 1];
        try {
            scorer.score(new VectorRows().reset(rows, texts, n + 1), scores);
            scoreAblated(scorer, rows, texts, n);
        } catch (OrtException e) {
            throw new ModelLoadException(
                    "model " + scorer.manifest().id() + " failed its explainer check", e);
        }
        double atBaseline = link(scores[n]);
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int f = 0; f < names.length; f++) {
                sum += link(scores[i]) - link(ablatedScores[i * names.length + f]);
            }
            double total = link(scores[i]) - atBaseline;
            // ONNX Runtime computes in float: allow its rounding, not a non-linear model's terms.
            if (Math.abs(sum - total) > 1e-3 * (1 + Math.abs(total))) {
                throw new ModelLoadException(
                        "model "
                                + scorer.manifest().id()
                                + " declares reasons.explainer linear, but its features'"
                                + " contributions do not add up to its score (its features interact"
                                + " in its log-odds): declare explainer none");
            }
        }
    }

    /** Scores every row of {@code rows[0..n)} once per feature, that feature at its baseline. */
    private void scoreAblated(OnnxScorer scorer, double[][] rows, String[][] texts, int n)
            throws OrtException, ModelLoadException {
        int count = n * names.length;
        if (ablated.length < count) {
            ablated = new double[count][];
            ablatedTexts = new String[count][];
            ablatedScores = new double[count];
        }
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < names.length; f++) {
                int k = i * names.length + f;
                if (ablated[k] == null || ablated[k].length != rows[i].length) {
                    ablated[k] = new double[rows[i].length];
                }
                System.arraycopy(rows[i], 0, ablated[k], 0, rows[i].length);
                ablated[k][columns[f]] = baseline[f];
                ablatedTexts[k] = texts[i];
            }
        }
        scorer.score(ablatedRows.reset(ablated, ablatedTexts, count), ablatedScores);
        for (int k = 0; k < count; k++) {
            ablatedTexts[k] = null;
        }
    }

    /** The {@link #top} largest contributions by magnitude, largest first. */
    private List<Reason> top(double[] row) {
        int k = Math.min(top, names.length);
        List<Reason> reasons = new ArrayList<>(k);
        boolean[] taken = new boolean[names.length];
        for (int r = 0; r < k; r++) {
            int best = -1;
            for (int f = 0; f < names.length; f++) {
                if (!taken[f]
                        && (best < 0
                                || Math.abs(contributions[f]) > Math.abs(contributions[best]))) {
                    best = f;
                }
            }
            taken[best] = true;
            reasons.add(new Reason(names[best], row[columns[best]], contributions[best]));
        }
        return reasons;
    }

    private double link(double score) {
        if (!logOdds) {
            return score;
        }
        double p = Math.min(1 - EDGE, Math.max(EDGE, score));
        return Math.log(p / (1 - p));
    }
}
