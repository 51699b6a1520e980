package io.vigil.modelops.explain;

import ai.onnxruntime.OrtException;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ReasonCodes;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.schemas.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the reasons of a served version's scores: each explained feature's contribution to the
 * score's link (log-odds for a probability, the raw score otherwise), the largest by magnitude
 * kept. Subclasses compute the contributions; this class picks the rows to explain (all, or FLAG
 * decisions only) and the top reasons. Not thread-safe: one per served version and subtask.
 */
public abstract class Explainer {

    /** Probabilities are kept this far from 0 and 1 so their log-odds stay finite. */
    private static final double EDGE = 1e-12;

    protected final ModelManifest manifest;

    /** The explained features' names, and where each is in the job's rows. */
    protected final String[] names;

    protected final int[] columns;
    private final boolean logOdds;
    private final int top;
    private final boolean flaggedOnly;
    private double[][] picked = new double[0][];
    private String[][] pickedTexts = new String[0][];
    private double[] pickedScores = new double[0];
    private int[] pickedIndex = new int[0];

    /** One row's contributions, by explained feature. */
    protected final double[] contributions;

    private final boolean[] taken;

    /** An explainer whose link is the log-odds of a probability, a raw score itself. */
    protected Explainer(ModelManifest manifest, List<String> explained, List<String> rowFeatures)
            throws ModelLoadException {
        this(manifest, explained, rowFeatures, manifest.output().range() == null);
    }

    /**
     * @param logOdds whether contributions are to the score's log-odds (else to the score itself)
     */
    protected Explainer(
            ModelManifest manifest,
            List<String> explained,
            List<String> rowFeatures,
            boolean logOdds)
            throws ModelLoadException {
        this.manifest = manifest;
        names = explained.toArray(String[]::new);
        columns = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            columns[i] = rowFeatures.indexOf(names[i]);
            if (columns[i] < 0) {
                throw new ModelLoadException(
                        "the explainer of "
                                + manifest.id()
                                + " needs "
                                + names[i]
                                + ", which is not a numeric feature of the job");
            }
        }
        this.logOdds = logOdds;
        top = manifest.reasons().top();
        flaggedOnly = manifest.reasons().flaggedOnly();
        contributions = new double[names.length];
        taken = new boolean[names.length];
    }

    /**
     * The explainer {@code manifest} declares, over rows of {@code rowFeatures}; null when it asks
     * for no reasons.
     *
     * @param model the model's bytes, read only for an explainer that walks the graph
     * @throws ModelLoadException when the declared explainer cannot explain this model
     */
    public static Explainer of(ModelManifest manifest, List<String> rowFeatures, ModelBytes model)
            throws ModelLoadException {
        ReasonCodes reasons = manifest.reasons();
        if (reasons == null || !reasons.explains()) {
            return null;
        }
        return ReasonCodes.TREE_SHAP.equals(reasons.explainer())
                ? TreeShapExplainer.forTrees(manifest, rowFeatures, model.read())
                : new LinearExplainer(manifest, rowFeatures);
    }

    /** {@link #of(ModelManifest, List, ModelBytes)} of a model whose bytes are at hand. */
    public static Explainer of(ModelManifest manifest, List<String> rowFeatures, byte[] onnx)
            throws ModelLoadException {
        return of(manifest, rowFeatures, () -> onnx);
    }

    /** The bytes of a model, read when needed. */
    @FunctionalInterface
    public interface ModelBytes {
        byte[] read() throws ModelLoadException;
    }

    /**
     * Explains {@code rows[0..n)}, scored {@code scores[0..n)} by {@code scorer}: {@code
     * reasons[i]} gets row {@code i}'s largest contributions by magnitude, largest first (null for
     * a row decided ALLOW when only flagged predictions are explained).
     *
     * @throws OrtException if ONNX Runtime fails on extra rows the explainer scores
     */
    public final void explain(
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
        prepare(scorer, picked, pickedTexts, pickedScores, count);
        for (int p = 0; p < count; p++) {
            int i = pickedIndex[p];
            contributions(p, rows[i], scores[i]);
            reasons[i] = top(rows[i]);
            picked[p] = null;
            pickedTexts[p] = null;
        }
    }

    /**
     * Checks on sample rows that the explainer explains this model (contributions that add up); run
     * before the version serves.
     *
     * @throws ModelLoadException saying why not
     */
    public abstract void verify(OnnxScorer scorer, int rowWidth, int textWidth)
            throws ModelLoadException;

    /**
     * Work for all rows to explain at once, before {@link #contributions} of each.
     *
     * @param scores the rows' scores
     */
    protected abstract void prepare(
            OnnxScorer scorer, double[][] rows, String[][] texts, double[] scores, int n)
            throws OrtException, ModelLoadException;

    /** Fills {@link #contributions} for row {@code p} of the last {@link #prepare}. */
    protected abstract void contributions(int p, double[] row, double score);

    /** The score's link: log-odds of a probability, a raw score itself. */
    protected final double link(double score) {
        if (!logOdds) {
            return score;
        }
        double p = Math.min(1 - EDGE, Math.max(EDGE, score));
        return Math.log(p / (1 - p));
    }

    /** The score whose link is {@code link}: the inverse of {@link #link}. */
    protected final double score(double link) {
        return logOdds ? 1 / (1 + Math.exp(-link)) : link;
    }

    private int pick(
            double[][] rows, String[][] texts, int n, double[] scores, List<Reason>[] reasons) {
        if (picked.length < n) {
            picked = new double[n][];
            pickedTexts = new String[n][];
            pickedScores = new double[n];
            pickedIndex = new int[n];
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
            reasons[i] = null;
            if (!flaggedOnly || manifest.flags(scores[i])) {
                picked[count] = rows[i];
                pickedTexts[count] = texts[i];
                pickedScores[count] = scores[i];
                pickedIndex[count++] = i;
            }
        }
        return count;
    }

    /** The {@link #top} largest contributions by magnitude, largest first. */
    private List<Reason> top(double[] row) {
        int k = Math.min(top, names.length);
        List<Reason> reasons = new ArrayList<>(k);
        Arrays.fill(taken, false);
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
}
