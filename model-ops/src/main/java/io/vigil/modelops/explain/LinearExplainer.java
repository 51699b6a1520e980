package io.vigil.modelops.explain;

import ai.onnxruntime.OrtException;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.onnx.OnnxScorer;
import io.vigil.modelops.onnx.VectorRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Reason codes of a model additive in its link space (log-odds for a probability, the raw score
 * otherwise): feature {@code f} contributes {@code link(score(x)) - link(score(x with f at its
 * baseline))}, which for a linear or logistic regression is exactly {@code w_f * (x_f -
 * baseline_f)} (of the transformed values, when the graph transforms features first). The model
 * itself scores the extra rows (one per explained feature), so no weight has to be read out of the
 * ONNX graph.
 */
public final class LinearExplainer extends Explainer {

    private final double[] baseline;
    private final VectorRows ablatedRows = new VectorRows();
    private double[][] ablated = new double[0][];
    private String[][] ablatedTexts = new String[0][];
    private double[] ablatedScores = new double[0];

    LinearExplainer(ModelManifest manifest, List<String> rowFeatures) throws ModelLoadException {
        super(manifest, new ArrayList<>(manifest.reasons().baseline().keySet()), rowFeatures);
        baseline = new double[names.length];
        for (int f = 0; f < names.length; f++) {
            baseline[f] = manifest.reasons().baseline().get(names[f]);
        }
    }

    @Override
    protected void prepare(OnnxScorer scorer, double[][] rows, String[][] texts, int n)
            throws OrtException, ModelLoadException {
        scoreAblated(scorer, rows, texts, n);
    }

    @Override
    protected void contributions(int p, double[] row, double score) {
        double link = link(score);
        for (int f = 0; f < names.length; f++) {
            contributions[f] = link - link(ablatedScores[p * names.length + f]);
        }
    }

    /**
     * Checks, on rows around the baseline, that the contributions add up to the distance of the
     * score's link from the baseline row's: true of a model additive in its link space, seldom of
     * another.
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
            // ONNX Runtime computes in float: allow its rounding, not interaction terms.
            // Written so that NaN (a model that breaks on these rows) fails too.
            if (!(Math.abs(sum - total) <= 1e-3 * (1 + Math.abs(total)))) {
                throw new ModelLoadException(
                        "model "
                                + scorer.manifest().id()
                                + " declares reasons.explainer linear, but its features'"
                                + " contributions do not add up to its score (its features"
                                + " interact in its log-odds): declare explainer none");
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
        Arrays.fill(ablatedTexts, 0, count, null);
    }
}
